/**
 * The first screen when the passkey unlock is on: nothing of the identity, its bonds or its partners is
 * readable until the passkey gives its PRF output (`adapters/passkey-unlock.ts`). Losing the passkey
 * leaves the recovery phrase, restored on a fresh browser profile.
 */

import { unlockWithPasskey } from '../adapters/passkey-unlock.ts';
import { browserStore } from '../app/device-deps.ts';
import { useAction } from '../app/use-action.ts';
import { FailureMessage } from '../ui/failure-message.tsx';

export function PasskeyLocked({ onUnlocked }: { onUnlocked: () => void }) {
  const unlock = useAction(async () => {
    const store = browserStore();
    const record = await store.passkey();
    if (!record) return onUnlocked(); // turned off meanwhile (another tab)
    store.unlock(await unlockWithPasskey(record));
    onUnlocked();
  });
  return (
    <main className="centered">
      <div className="card" data-testid="passkey-locked">
        <h1>Entwine is locked</h1>
        <p>Your keys on this device open only with your passkey. Entwine asks for it each time it starts.</p>
        <div className="actions">
          <button type="button" className="primary" disabled={unlock.busy} onClick={() => void unlock.act()}>
            Unlock with your passkey
          </button>
        </div>
        <FailureMessage error={unlock.error} />
        <p className="hint">Lost the passkey? Your recovery phrase restores your identity in a new browser profile.</p>
      </div>
    </main>
  );
}
