// Collecting an app drop: the posts are recorded before the relay is told they may go, page after page; a post
// the key cannot open is let go (counted); a failed record acknowledges nothing.
import { encryptOwnTracks, owntracksKey, type TrackerItem } from '@entwine/core';
import { describe, expect, it, vi } from 'vitest';
import { type CollectReport, collectDrop, collectEvery } from './drop-collect.ts';

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

const PASSPHRASE = 'Kq7vZ2mXp9RtW4nYc8HjB3sLf6GdA5eU';
const key = owntracksKey(PASSPHRASE);
const post = (seq: number, lat: number, k = key) => ({
  seq,
  at: 1_800_000_000_000 + seq,
  data: encryptOwnTracks({ _type: 'location', lat, lon: 2, tst: 1_800_000_000 + seq }, k, randomBytes(24)).data,
});

/** A drop on a fake relay: pages of `page` posts; `log` says what happened in which order. */
function fakeDrop(posts: ReturnType<typeof post>[], page: number, log: string[]) {
  let waiting = [...posts];
  return {
    dropPosts: async (_id: string, after: number, limit: number) => {
      const after_ = waiting.filter((p) => p.seq > after);
      const n = Math.min(limit, page);
      return { posts: after_.slice(0, n), more: after_.length > n };
    },
    ackDropPosts: async (_id: string, upTo: number) => {
      log.push(`ack ${upTo}`);
      const before = waiting.length;
      waiting = waiting.filter((p) => p.seq > upTo);
      return { deleted: before - waiting.length };
    },
    get waiting() {
      return waiting;
    },
  };
}

/** A recorder that logs what it was given (or fails, like a full disk). */
const recorder =
  (log: string[], fail = false) =>
  async (items: TrackerItem[]) => {
    if (fail) throw new Error('disk full');
    log.push(`record ${items.map((i) => (i.kind === 'fix' ? i.fix.lat : i.kind)).join(',')}`);
    return { added: items.length, duplicates: 0 };
  };

describe('collectDrop', () => {
  it('records each page before acknowledging it, and lets go a post the key cannot open', async () => {
    const log: string[] = [];
    const drop = fakeDrop([post(1, 10), post(2, 11), post(5, 12, owntracksKey('an older passphrase')), post(7, 13)], 2, log);
    const got = await collectDrop(drop, { id: 'd', passphrase: PASSPHRASE }, recorder(log));
    expect(log).toEqual(['record 10,11', 'ack 2', 'record 13', 'ack 7']);
    expect(got).toEqual({ posts: 4, points: 3, unreadable: 1, newestAt: 1_800_000_000_007 });
    expect(drop.waiting).toEqual([]);
  });

  it('acknowledges nothing when the record fails: the posts stay on the relay for the next round', async () => {
    const log: string[] = [];
    const drop = fakeDrop([post(1, 10)], 10, log);
    await expect(collectDrop(drop, { id: 'd', passphrase: PASSPHRASE }, recorder(log, true))).rejects.toThrow('disk full');
    expect(log).toEqual([]);
    expect(drop.waiting).toHaveLength(1);
  });
});

describe('collectEvery', () => {
  it('collects at once and a period after each round ends, one round at a time; an outage is reported as new only once in a row', async () => {
    vi.useFakeTimers();
    try {
      const reports: CollectReport[] = [];
      const outcomes = ['ok', 'down', 'down', 'ok', 'down'];
      let inFlight = 0;
      let most = 0;
      const collector = collectEvery(
        { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
        1000,
        async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((r) => setTimeout(r, 2500)); // longer than the period: rounds must not overlap
          inFlight--;
          if (outcomes.shift() === 'down') throw new Error('relay away');
          return { posts: 1, points: 1, unreadable: 0 };
        },
        (r) => reports.push(r),
      );
      await vi.advanceTimersByTimeAsync(17_000); // 5 rounds of 2.5 s and the 4 pauses of 1 s between them end at 16.5 s
      await collector.stop();
      expect(most).toBe(1);
      expect(reports.map((r) => (r.ok ? 'ok' : r.firstOfOutage ? 'down (new)' : 'down'))).toEqual([
        'ok',
        'down (new)',
        'down',
        'ok',
        'down (new)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
