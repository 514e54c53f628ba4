/**
 * Collects what OwnTracks posted to one of this person's app drops on the relay (decision 0019): the app seals
 * each message with its passphrase (secretbox) and posts it there; the relay keeps it as an opaque post. This
 * reads the waiting posts, opens them with the passphrase, hands their items to `record` (durably, like a post
 * the app made to the bridge itself), and only then tells the relay they may go. Stopped between the two, the
 * next collection reads the same posts again and the vault drops the fixes it already holds by time and
 * position: nothing lost, nothing doubled.
 * A post the key cannot open (the passphrase was renewed since, or it is not OwnTracks') is counted, reported
 * without its content, and let go: kept, it would hold up the drop forever.
 * Used by `entwine bridge` and by the web app (*Me → Devices & apps*), each for its own identity's drop.
 */
import { owntracksKey, readOwnTracks, type TrackerItem } from '@entwine/core';
import type { Device } from '../device.ts';
import type { Timers } from '../transport.ts';

/** Posts read per request (the relay answers at most 500). */
const PAGE = 200;

export interface Collected {
  posts: number;
  points: number;
  unreadable: number;
  /** When the newest of these posts reached the relay: when the app last reported (absent: no post). */
  newestAt?: number;
}

export async function collectDrop(
  device: Pick<Device, 'dropPosts' | 'ackDropPosts'>,
  drop: { id: string; passphrase: string },
  record: (items: TrackerItem[]) => Promise<{ added: number; duplicates: number }>,
): Promise<Collected> {
  const key = owntracksKey(drop.passphrase);
  const total: Collected = { posts: 0, points: 0, unreadable: 0 };
  for (;;) {
    const { posts, more } = await device.dropPosts(drop.id, 0, PAGE);
    if (posts.length === 0) return total;
    const items: TrackerItem[] = [];
    for (const post of posts) {
      try {
        items.push(...readOwnTracks({ _type: 'encrypted', data: post.data }, { key }));
      } catch {
        total.unreadable++;
      }
    }
    const recorded = items.length > 0 ? await record(items) : { added: 0, duplicates: 0 };
    await device.ackDropPosts(drop.id, (posts.at(-1) as (typeof posts)[number]).seq);
    total.posts += posts.length;
    total.newestAt = Math.max(total.newestAt ?? 0, ...posts.map((p) => p.at));
    total.points += recorded.added + recorded.duplicates;
    if (!more) return total;
  }
}

/** What a round of `collectEvery` tells its caller. */
export type CollectReport = { ok: true; got: Collected } | { ok: false; error: unknown; firstOfOutage: boolean };

/**
 * Collects now and then every `everyMs` until stopped; one collection at a time (the next round is timed from
 * the end of the last). A failed round (the relay away) is reported with `firstOfOutage` true only the first
 * time in a row: the posts wait on the relay, and the next round takes them.
 */
export function collectEvery(
  timers: Timers,
  everyMs: number,
  collect: () => Promise<Collected>,
  report: (r: CollectReport) => void,
): { stop(): Promise<void> } {
  let failing = false;
  let stopped = false;
  let timer: unknown;
  const round = async () => {
    try {
      const got = await collect();
      failing = false;
      if (!stopped) report({ ok: true, got });
    } catch (error) {
      if (!stopped) report({ ok: false, error, firstOfOutage: !failing });
      failing = true;
    }
  };
  const next = (): Promise<void> =>
    round().then(() => {
      if (!stopped) {
        timer = timers.setTimeout(() => {
          running = next();
        }, everyMs);
      }
    });
  let running = next();
  return {
    async stop() {
      stopped = true;
      timers.clearTimeout(timer);
      await running;
    },
  };
}
