/**
 * The app once the page is known to be a secure context: open this browser's device (or onboard a new
 * one), then hand it to the shell. The device is created, opened and driven only through @entwine/client.
 */
import { Device, type DeviceDeps } from '@entwine/client';
import { useEffect, useState } from 'react';
import { KeyStoreError } from '../adapters/indexeddb-vault.ts';
import { Onboarding } from '../screens/onboarding.tsx';
import { PasskeyLocked } from '../screens/passkey-locked.tsx';
import { explainFailure } from '../ui/explain-failure.ts';
import { browserDeviceDeps, migrateBrowserState } from './device-deps.ts';
import { Session } from './session.ts';
import { Shell } from './shell.tsx';
import { holdDeviceLock } from './single-tab.ts';
import { exposeSessionForTests } from './test-session-hook.ts';
import { useTheme } from './theme.ts';
import { SessionContext } from './use-session.ts';

type Boot =
  | { step: 'loading' }
  | { step: 'other-tab' }
  | { step: 'taken-over' }
  | { step: 'locked' }
  | { step: 'onboarding'; deps: DeviceDeps }
  | { step: 'ready'; session: Session }
  | { step: 'failed'; error: unknown };

/** Opens this browser's device: ready, onboarding (none yet), or locked (the passkey unlock is on). */
async function openDevice(): Promise<Boot> {
  const deps = await browserDeviceDeps();
  try {
    await migrateBrowserState();
    const device = await Device.open(deps);
    return device ? { step: 'ready', session: new Session(device) } : { step: 'onboarding', deps };
  } catch (error) {
    if (error instanceof KeyStoreError && error.reason === 'locked') return { step: 'locked' };
    throw error;
  }
}

export function App() {
  useTheme();
  const [boot, setBoot] = useState<Boot>({ step: 'loading' });

  const [steal, setSteal] = useState(false);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const lock = await holdDeviceLock(steal);
      if (cancelled) return;
      if (!lock.held) {
        setBoot({ step: 'other-tab' });
        return;
      }
      void lock.lost.then(() => !cancelled && setBoot({ step: 'taken-over' }));
      const next = await openDevice();
      if (!cancelled) setBoot(next);
    })().catch((error: unknown) => !cancelled && setBoot({ step: 'failed', error }));
    return () => {
      cancelled = true;
    };
  }, [steal]);

  useEffect(() => {
    if (boot.step !== 'ready') return;
    void boot.session.start();
    // Test build only (dropped from a release): whole-system tests bond pages through the session.
    const unexpose = import.meta.env.ENTWINE_TEST_HOOKS ? exposeSessionForTests(boot.session) : undefined;
    return () => {
      unexpose?.();
      boot.session.close();
    };
  }, [boot]);

  switch (boot.step) {
    case 'loading':
      return (
        <main className="centered" aria-busy="true">
          <p>Opening your keys…</p>
        </main>
      );
    case 'other-tab':
      return (
        <main className="centered">
          <div className="card" role="alert">
            <h1>Entwine is open in another tab</h1>
            <p>One browser runs your device in one tab at a time, so the two cannot overwrite each other’s keys.</p>
            <div className="actions">
              <button type="button" className="primary" onClick={() => setSteal(true)}>
                Use it here instead
              </button>
            </div>
          </div>
        </main>
      );
    case 'taken-over':
      return (
        <main className="centered">
          <div className="card" role="status">
            <h1>Entwine moved to another tab</h1>
            <p>This tab stopped so the other one can run your device. Close this tab, or reload it to take Entwine back.</p>
          </div>
        </main>
      );
    case 'locked':
      // The tab lock is still held: only the device is opened again, now that the key store is unlocked.
      return <PasskeyLocked onUnlocked={() => void openDevice().then(setBoot, (error: unknown) => setBoot({ step: 'failed', error }))} />;
    case 'failed': {
      const { title, detail } = explainFailure(boot.error);
      return (
        <main className="centered">
          <div className="card" role="alert">
            <h1>{title}</h1>
            <p>{detail}</p>
          </div>
        </main>
      );
    }
    case 'onboarding':
      return <Onboarding deps={boot.deps} onReady={(device) => setBoot({ step: 'ready', session: new Session(device) })} />;
    case 'ready':
      return (
        <SessionContext.Provider value={boot.session}>
          <Shell />
        </SessionContext.Provider>
      );
  }
}
