import { describe, expect, it } from 'vitest';
import { Ticker } from './ticker.ts';

function fakeTime() {
  let now = 1_000_000;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    clock: { now: () => now },
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        timers.set(next, { at: now + ms, fn });
        return next++;
      },
      clearTimeout: (h: unknown) => void timers.delete(h as number),
    },
    random: { bytes: (n: number) => new Uint8Array(n).fill(128) },
    pending: () => timers.size,
    fireNext() {
      const [id, t] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0]!;
      timers.delete(id);
      now = t.at;
      t.fn();
    },
  };
}

describe('Ticker', () => {
  it('fires on the tick grid after a jitter of under a quarter tick, one chain only across stop and start', async () => {
    const t = fakeTime();
    const ticks: number[] = [];
    let release: () => void = () => undefined;
    const ticker = new Ticker(t, 1000, async (tick) => {
      ticks.push(tick);
      await new Promise<void>((r) => {
        release = r;
      });
    });
    ticker.start();
    t.fireNext();
    expect(ticks).toEqual([1_001_000]);
    expect(t.clock.now() - 1_001_000).toBeGreaterThan(0);
    expect(t.clock.now() - 1_001_000).toBeLessThan(251);
    // Stopped and started again while that tick is still running: the old chain must not come back.
    ticker.stop();
    ticker.start();
    expect(t.pending()).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.pending()).toBe(1);
    ticker.stop();
    expect(t.pending()).toBe(0);
  });

  it('says how long a one-shot publish should wait: past the boundary, with the same jitter', () => {
    const t = fakeTime();
    const ticker = new Ticker(t, 1000, async () => undefined);
    const wait = ticker.untilNextTick();
    expect(wait).toBeGreaterThan(1000);
    expect(wait).toBeLessThan(1000 + 252);
  });
});
