/**
 * A relay clock that runs with the wall clock and jumps forward when a test says so: days pass for the relay
 * (its live window, retention, "today") in an instant, while the CLIs keep the real time. It never runs back,
 * so the relay's own rules about time (sessions, rate buckets) see what a relay left running for days would.
 */
import type { Clock } from '@entwine/core';

export class RelayClock implements Clock {
  private offsetMs = 0;

  readonly now = (): number => Date.now() + this.offsetMs;

  /** Moves the relay's time forward by `ms`. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance: expected a forward step in ms, got ${ms}`);
    this.offsetMs += ms;
  }
}
