/**
 * The fixed publish tick. Ticks fall on multiples of `tickMs` (so `ts` values line up with the tick
 * grid), each fired after a random delay of up to a quarter tick, drawn the same way for every bond and
 * level: many devices do not hit the relay in the same millisecond, and the gaps between sends have one
 * distribution whatever anyone shares. A tick that is still running when the next one is due is not
 * doubled up; the next one waits.
 */
import type { Clock, Random } from '@entwine/core';
import type { Timers } from './transport.ts';

export class Ticker {
  private timer: unknown;
  private running = false;
  /** Bumped by start/stop: a tick that finishes after a restart must not start a second chain of ticks. */
  private generation = 0;

  constructor(
    private readonly deps: { clock: Clock; timers: Timers; random: Random },
    private readonly tickMs: number,
    private readonly onTick: (tick: number) => Promise<void>,
  ) {
    if (!(tickMs >= 10)) throw new RangeError(`tickMs: expected at least 10, got ${tickMs}`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation++;
    this.schedule(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Milliseconds until the next tick fires as a running ticker would fire it: the boundary plus a fresh
   * jitter (so a one-shot publish looks like any other tick), and at least 1 ms into the tick.
   */
  untilNextTick(): number {
    const now = this.deps.clock.now();
    return (Math.floor(now / this.tickMs) + 1) * this.tickMs - now + 1 + this.jitter();
  }

  private schedule(generation: number): void {
    if (!this.running || generation !== this.generation || this.timer !== undefined) return;
    const next = (Math.floor(this.deps.clock.now() / this.tickMs) + 1) * this.tickMs;
    const delay = next - this.deps.clock.now() + 1 + this.jitter();
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      void this.onTick(next)
        .catch(() => undefined) // a failed tick is reported by the device; the schedule goes on
        .finally(() => this.schedule(generation));
    }, delay);
  }

  private jitter(): number {
    const [a = 0, b = 0] = this.deps.random.bytes(2);
    return Math.floor((((a << 8) | b) / 65_536) * (this.tickMs / 4));
  }
}
