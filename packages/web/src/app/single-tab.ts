/**
 * One device, one tab. Two tabs driving the same stored device would each keep the state in memory and
 * save over each other (losing a bond, reusing a sequence number). An exclusive Web Lock, held for as long
 * as the page runs the device, makes the second tab wait for the person's choice: it can take over, and the
 * first tab then stops its device and says so.
 */
const LOCK = 'entwine-device';

export type TabLock = { held: true; lost: Promise<void> } | { held: false };

/** Tries to hold the lock; `steal` takes it from another tab. `lost` settles when another tab takes it. */
export function holdDeviceLock(steal = false): Promise<TabLock> {
  if (!('locks' in navigator)) return Promise.resolve({ held: true, lost: new Promise(() => {}) });
  return new Promise((resolve) => {
    const options: LockOptions = steal ? { mode: 'exclusive', steal: true } : { mode: 'exclusive', ifAvailable: true };
    const request = navigator.locks.request(LOCK, options, (lock) => {
      if (!lock) {
        resolve({ held: false });
        return undefined;
      }
      resolve({ held: true, lost });
      return new Promise<void>(() => {}); // held until the page goes away, or another tab steals it
    });
    // A stolen lock rejects the request's promise (AbortError); that is the moment this tab must stop.
    const lost = request.then(
      () => undefined,
      () => undefined,
    );
  });
}
