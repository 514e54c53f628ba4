/**
 * Restoring: the same identity from its phrase, with a new device key for this browser. A phrase the relay
 * never saw (a typo that still makes 12 valid words, or a phrase from elsewhere) makes a NEW identity: the
 * screen says so before going on, rather than letting it pass for the person's old one.
 */
import { Device, type DeviceDeps } from '@entwine/client';
import { isValidRecoveryPhrase } from '@entwine/core';
import { type FormEvent, useState } from 'react';
import { useAction } from '../app/use-action.ts';
import { AppFailure } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { FormActions } from '../ui/form-actions.tsx';

export const normalizePhrase = (text: string) => text.trim().toLowerCase().split(/\s+/).join(' ');

export function RestoreIdentity({
  deps,
  onRestored,
  onBack,
}: {
  deps: DeviceDeps;
  onRestored: (device: Device) => void;
  onBack: () => void;
}) {
  const [name, setName] = useState('');
  const [phrase, setPhrase] = useState('');
  const [madeNew, setMadeNew] = useState<Device | undefined>(undefined);
  const restore = useAction(async () => {
    const words = normalizePhrase(phrase);
    if (!name.trim()) throw new AppFailure('empty-name');
    if (!isValidRecoveryPhrase(words)) throw new AppFailure('invalid-phrase');
    const { device, known } = await Device.create(deps, { name: name.trim(), phrase: words });
    if (known === false) setMadeNew(device);
    else onRestored(device);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void restore.act();
  };
  if (madeNew) {
    return (
      <section className="card" aria-labelledby="restore-new-title" data-testid="restore-made-new">
        <h1 id="restore-new-title">No one used this phrase before: this is a new identity</h1>
        <p>
          The relay knew no identity made from these 12 words, so Entwine made a <strong>new</strong> one with them. It has no partners yet,
          and whoever you bonded with before does not know it.
        </p>
        <p className="hint">
          If you meant to restore your own identity, check the phrase word for word: one wrong word makes another identity. If this is what
          you wanted, keep the phrase safe: it is now this identity’s recovery phrase.
        </p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => onRestored(madeNew)}>
            Continue with the new identity
          </button>
        </div>
      </section>
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="restore-title">
      <h1 id="restore-title">Restore your identity</h1>
      <label htmlFor="restore-phrase">Recovery phrase (12 words)</label>
      <textarea
        id="restore-phrase"
        rows={3}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        value={phrase}
        onChange={(e) => {
          setPhrase(e.target.value);
          restore.clearError();
        }}
      />
      <label htmlFor="restore-name">Your name</label>
      <input id="restore-name" autoComplete="nickname" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
      <p className="hint">This browser gets a new device key, certified by your identity.</p>
      <p className="what-happens" data-testid="restore-consequence">
        <strong>If this identity is still on another device, restoring here moves it:</strong> that device is signed out at once, stops
        sharing, and says that your identity moved. Your partners see that your device changed (the safety number stays the same) and stop
        sealing what they send to the old one. Bonds do not come over to this browser yet: make them again with new invites.
      </p>
      <FailureMessage error={restore.error} />
      <FormActions label="Restore" busyLabel="Restoring…" busy={restore.busy} onBack={onBack} />
    </form>
  );
}
