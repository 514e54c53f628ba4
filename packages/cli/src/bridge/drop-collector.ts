/**
 * The bridge's collection of OwnTracks' sealed posts from its app drop on the relay (decision 0019): the
 * client's `collectDrop` on a period, each post's items recorded through the bridge like a post the app made
 * to the bridge itself, and what happened said in the bridge's log — counts only, never a post's content.
 */
import { type Collected, collectDrop, collectEvery, type Device } from '@entwine/client';
import { nodeTimers } from '../node-transport.ts';
import type { Bridge } from './bridge.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Collects the drop now and then every `everyMs` until stopped, logging what came and each outage once. */
export function collectDropEvery(
  everyMs: number,
  device: Pick<Device, 'dropPosts' | 'ackDropPosts'>,
  bridge: Pick<Bridge, 'accept'>,
  drop: { id: string; passphrase: string },
  log: (line: string) => void,
): { stop(): Promise<void> } {
  const collect = (): Promise<Collected> => collectDrop(device, drop, (items) => bridge.accept('owntracks', items));
  return collectEvery(nodeTimers, everyMs, collect, (r) => {
    if (r.ok && r.got.posts > 0) {
      const unreadable = r.got.unreadable ? `, ${r.got.unreadable} the key could not open (let go)` : '';
      log(`owntracks (via the relay): ${plural(r.got.points, 'point')} from ${plural(r.got.posts, 'post')}${unreadable}`);
    } else if (!r.ok && r.firstOfOutage) {
      log(`owntracks (via the relay): not collected now (${r.error instanceof Error ? r.error.message : String(r.error)}); trying again`);
    }
  });
}
