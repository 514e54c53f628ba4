// Background seals after writes: while one waits behind the running seal, later calls join it, so a burst of
// writes (a day's backlog in many batches) costs one more seal, not one per write; a call made once the
// waiting seal has started queues a new one, so no write is left out.
import { describe, expect, it, vi } from 'vitest';
import type { StoreCtx } from './owners.ts';
import { type SealReport, type TrailDeps, TrailPart } from './trail.ts';

const macrotask = () => new Promise((r) => setTimeout(r, 0));

describe('TrailPart.sealSoon', () => {
  it('joins the seal that waits; a call after it started queues another', async () => {
    const part = new TrailPart({} as StoreCtx, {} as TrailDeps);
    const releases: (() => void)[] = [];
    const sealNow = vi.spyOn(part as unknown as { sealNow: () => Promise<SealReport> }, 'sealNow').mockImplementation(async () => {
      await new Promise<void>((r) => releases.push(r));
      return { chunks: 0, outsideRetention: 0 };
    });
    const running = part.sealSoon();
    await macrotask();
    expect(sealNow).toHaveBeenCalledTimes(1);

    const burst = Array.from({ length: 5 }, () => part.sealSoon());
    expect(new Set(burst).size).toBe(1);
    expect(burst[0]).not.toBe(running);
    releases.shift()?.();
    await running;
    await macrotask();
    expect(sealNow).toHaveBeenCalledTimes(2); // the burst's one seal, started

    const after = part.sealSoon(); // the burst's seal has read nothing of this write's: a new one
    expect(after).not.toBe(burst[0]);
    releases.shift()?.();
    await burst[0];
    await macrotask();
    releases.shift()?.();
    await after;
    expect(sealNow).toHaveBeenCalledTimes(3);
  });
});
