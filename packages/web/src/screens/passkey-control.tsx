/**
 * *Me* → "Unlock with a passkey": turns the passkey unlock on or off for this browser, and says what it
 * protects against and what it does not (`adapters/passkey-unlock.ts`, `indexeddb-device-store.ts`).
 */
import { useEffect, useState } from 'react';
import { createPasskeyUnlock, passkeysAvailable } from '../adapters/passkey-unlock.ts';
import { browserStore } from '../app/device-deps.ts';
import { useAction } from '../app/use-action.ts';
import { FailureMessage } from '../ui/failure-message.tsx';

export function PasskeyControl({ name }: { name: string }) {
  const [on, setOn] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    void browserStore()
      .passkey()
      .then((r) => setOn(r !== undefined));
  }, []);
  const turnOn = useAction(async () => {
    const { record, key } = await createPasskeyUnlock(name);
    await browserStore().enablePasskey(record, key);
    setOn(true);
  });
  const turnOff = useAction(async () => {
    await browserStore().disablePasskey();
    setOn(false);
  });
  if (on === undefined) return null;
  return (
    <div className="passkey-control" data-testid="passkey-control" data-on={String(on)}>
      <p className="hint">
        Without it, this browser keeps the key to your identity inside its profile folder: anyone who copies that folder (a backup, a stolen
        disk, a program reading your files) can open your identity and everything partners shared. With a passkey, the key is derived from
        your passkey each time Entwine starts and is never stored, so a copied profile opens nothing without it.
      </p>
      <p className="hint">
        It does not protect against someone using this browser while Entwine is open, nor against a modified app (served by a dishonest
        relay) that asks for the passkey itself. It needs a passkey with the PRF extension; without it, nothing changes. If you lose the
        passkey, only your recovery phrase brings your identity back.
      </p>
      {on ? (
        <>
          <p data-testid="passkey-state">On: Entwine asks for your passkey each time it opens in this browser.</p>
          <button type="button" disabled={turnOff.busy} onClick={() => void turnOff.act()}>
            Stop asking for a passkey
          </button>
        </>
      ) : passkeysAvailable() ? (
        <>
          <p data-testid="passkey-state">Off: your keys are protected by this browser profile only.</p>
          <button type="button" className="primary" disabled={turnOn.busy} onClick={() => void turnOn.act()}>
            Lock Entwine with a passkey
          </button>
        </>
      ) : (
        <p data-testid="passkey-state">This browser offers no passkeys: your keys are protected by this browser profile only.</p>
      )}
      <FailureMessage error={turnOn.error ?? turnOff.error} />
    </div>
  );
}
