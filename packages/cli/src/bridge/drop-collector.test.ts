// Collecting an app drop: the posts are recorded before the relay is told they may go, page after page; a post
// the key cannot open is let go (counted); a failed record acknowledges nothing.
import { randomBytes } from 'node:crypto';
import { encryptOwnTracks, owntracksKey, type TrackerItem } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { Bridge } from './bridge.ts';
import { collectDrop } from './drop-collector.ts';

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

function fakeBridge(log: string[], fail = false): Bridge {
  return {
    accept: async (_app: string, items: readonly TrackerItem[]) => {
      if (fail) throw new Error('disk full');
      log.push(`record ${items.map((i) => (i.kind === 'fix' ? i.fix.lat : i.kind)).join(',')}`);
      return { added: items.length, duplicates: 0, rejected: [], placesAdded: [] };
    },
  } as unknown as Bridge;
}

describe('collectDrop', () => {
  it('records each page before acknowledging it, and lets go a post the key cannot open', async () => {
    const log: string[] = [];
    const drop = fakeDrop([post(1, 10), post(2, 11), post(5, 12, owntracksKey('an older passphrase')), post(7, 13)], 2, log);
    const got = await collectDrop(drop, fakeBridge(log), { id: 'd', passphrase: PASSPHRASE });
    expect(log).toEqual(['record 10,11', 'ack 2', 'record 13', 'ack 7']);
    expect(got).toEqual({ posts: 4, points: 3, unreadable: 1 });
    expect(drop.waiting).toEqual([]);
  });

  it('acknowledges nothing when the record fails: the posts stay on the relay for the next round', async () => {
    const log: string[] = [];
    const drop = fakeDrop([post(1, 10)], 10, log);
    await expect(collectDrop(drop, fakeBridge(log, true), { id: 'd', passphrase: PASSPHRASE })).rejects.toThrow('disk full');
    expect(log).toEqual([]);
    expect(drop.waiting).toHaveLength(1);
  });
});
