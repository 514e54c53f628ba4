/**
 * The bridge's intake: a payload's items, whatever protocol they came by (HTTP, MQTT, the app drop), recorded
 * on the person's device by the client's `recordTrackerItems` (what each kind of item becomes is said there),
 * one payload at a time — two apps posting at once are written one after the other — and each app's last
 * report noted in the bridge's store. `accept` resolves once the fixes are durable; only then may the app be
 * answered.
 */
import { type Accepted, type Device, recordTrackerItems } from '@entwine/client';
import type { TrackerApp, TrackerItem } from '@entwine/core';
import type { BridgeStore } from './bridge-store.ts';

export type { Accepted } from '@entwine/client';

export class Bridge {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly device: Device,
    private readonly store: BridgeStore,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records a payload's items; resolves once they are durable (then, and only then, may the app be answered). */
  accept(app: TrackerApp, items: readonly TrackerItem[]): Promise<Accepted> {
    const run = this.turn.then(async () => {
      const accepted = await recordTrackerItems(this.device, items);
      this.store.noteReport(app, this.clock(), accepted.added + accepted.duplicates);
      return accepted;
    });
    this.turn = run.catch(() => undefined);
    return run;
  }
}
