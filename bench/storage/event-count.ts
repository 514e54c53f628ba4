/**
 * Counts a device's events of one kind and lets a bench wait until the count reaches a number — woken by
 * the event itself, not by polling, since a simulated day waits on this thousands of times.
 */
import type { Device, DeviceEvent } from '@entwine/client';

export class EventCount {
  count = 0;
  private waiters: { n: number; resolve: () => void }[] = [];

  constructor(device: Device, matches: (e: DeviceEvent) => boolean) {
    device.on((e) => {
      if (!matches(e)) return;
      this.count++;
      this.waiters = this.waiters.filter((w) => {
        if (this.count < w.n) return true;
        w.resolve();
        return false;
      });
    });
  }

  /** Resolves once `n` events were counted; rejects after `timeoutMs` saying what it waited for. */
  reach(n: number, what: string, timeoutMs = 60_000): Promise<void> {
    if (this.count >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${this.count} of ${n}`)), timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}
