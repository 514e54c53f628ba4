/** Step 1 of creating an identity: a name (what partners see), then `Device.create`. */
import { Device, type DeviceDeps } from '@entwine/client';
import { type FormEvent, useState } from 'react';
import { useAction } from '../app/use-action.ts';
import { AppFailure } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { FormActions } from '../ui/form-actions.tsx';

export function CreateIdentity({
  deps,
  onCreated,
  onBack,
}: {
  deps: DeviceDeps;
  onCreated: (device: Device, phrase: string) => void;
  onBack: () => void;
}) {
  const [name, setName] = useState('');
  const create = useAction(async (n: string) => {
    if (!n) throw new AppFailure('empty-name');
    const { device, phrase } = await Device.create(deps, { name: n });
    onCreated(device, phrase);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.act(name.trim());
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-title">
      <h1 id="create-title">Create your identity</h1>
      <label htmlFor="name">Your name</label>
      <input id="name" autoComplete="nickname" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
      <p className="hint">Your partner sees this name. It is sealed in the invite: the relay never sees it.</p>
      <FailureMessage error={create.error} />
      <FormActions label="Create" busyLabel="Creating…" busy={create.busy} onBack={onBack} />
    </form>
  );
}
