/**
 * Collects what OwnTracks posted to the person's app drop on the relay (decision 0019): the app seals each
 * message with its key (secretbox) and posts it there when the phone cannot reach the bridge; the relay
 * keeps it as an opaque post. This reads the waiting posts, opens them with the app's key, records their
 * fixes through the bridge (durably, like a post the app made to the bridge itself), and only then tells
 * the relay they may go. Killed between the two, the next collection reads the same posts again and the
 * vault drops the fixes it already holds by time and position: nothing lost, nothing doubled.
 * A post the key cannot open (the passphrase was renewed since, or it is not OwnTracks') is counted,
 * reported without its content, and let go: kept, it would hold up the drop forever.
 */
import type { Device } from '@entwine/client';
import { owntracksKey, readOwnTracks, type TrackerItem } from '@entwine/core';
import type { Bridge } from './bridge.ts';

/** Posts read per request (the relay answers at most 500). */
const PAGE = 200;

export interface Collected {
  posts: number;
  points: number;
  unreadable: number;
}

export async function collectDrop(
  device: Pick<Device, 'dropPosts' | 'ackDropPosts'>,
  bridge: Bridge,
  drop: { id: string; passphrase: string },
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
    const accepted = items.length > 0 ? await bridge.accept('owntracks', items) : { added: 0, duplicates: 0 };
    await device.ackDropPosts(drop.id, (posts.at(-1) as (typeof posts)[number]).seq);
    total.posts += posts.length;
    total.points += accepted.added + accepted.duplicates;
    if (!more) return total;
  }
}

/**
 * Collects now and then every `everyMs` until stopped; one collection at a time. A relay that cannot be
 * reached is reported once per outage (the posts wait on the relay; the next round takes them).
 */
export function collectEvery(everyMs: number, collect: () => Promise<Collected>, log: (line: string) => void): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let failing = false;
  let stopped = false;
  const round = async () => {
    try {
      const got = await collect();
      failing = false;
      if (got.posts > 0) {
        log(
          `owntracks (via the relay): ${got.points} point${got.points === 1 ? '' : 's'} from ${got.posts} post${got.posts === 1 ? '' : 's'}${got.unreadable ? `, ${got.unreadable} the key could not open (let go)` : ''}`,
        );
      }
    } catch (error) {
      if (!failing)
        log(`owntracks (via the relay): not collected now (${error instanceof Error ? error.message : String(error)}); trying again`);
      failing = true;
    }
  };
  const tick = () => {
    if (stopped) return;
    running = running.then(round);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
