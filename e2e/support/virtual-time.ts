/**
 * A clock and timers that move only when a test says so, for devices that talk to a real relay. Time
 * jumps from one due timer to the next; after each callback the test's `settle` runs (e.g. waiting for
 * the device's tick to be sealed and stored over real loopback HTTP) before time moves on.
 */
import type { Timers } from '@entwine/client';
import type { Clock } from '@entwine/core';

interface Pending {
  at: number;
  id: number;
  fn: () => void;
}

export class VirtualTime {
  private t: number;
  private nextId = 1;
  private pending: Pending[] = [];

  constructor(start: number) {
    this.t = start;
  }

  readonly clock: Clock = { now: () => this.t };

  readonly timers: Timers = {
    setTimeout: (fn: () => void, ms: number) => {
      const id = this.nextId++;
      this.pending.push({ at: this.t + Math.max(0, Math.ceil(ms)), id, fn });
      return id;
    },
    clearTimeout: (handle: unknown) => {
      this.pending = this.pending.filter((p) => p.id !== handle);
    },
  };

  now(): number {
    return this.t;
  }

  /** Runs every timer due up to `target` in time order, settling after each; then sets the clock to `target`. */
  async advanceTo(target: number, settle: () => Promise<unknown>): Promise<void> {
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.pending[0];
      if (!next || next.at > target) break;
      this.pending.shift();
      this.t = Math.max(this.t, next.at);
      next.fn();
      await settle();
      // Let follow-up work (a ticker scheduling its next tick in a `finally`) register before time moves.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.t = Math.max(this.t, target);
  }
}
