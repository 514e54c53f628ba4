// OwnTracks set up on a device to post sealed to its drop on the relay: the relay is told only the token's
// SHA-256; the setup is kept and given again; renewing keeps the address, changes token and passphrase, and
// first collects what the old passphrase sealed; a collection records before it acknowledges and notes when
// the app last reported.
import { encryptOwnTracks, owntracksKey, sha256, systemRandom, type TrackerItem, toBase64url, utf8Encode } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../store/memory-store.ts';
import { AppDropPart } from './app-drop.ts';
import type { StoreCtx } from './owners.ts';

function fixture() {
  const log: string[] = [];
  const hashes = new Map<string, string>();
  let posts: { seq: number; at: number; data: string }[] = [];
  const api = {
    putDrop: async (id: string, tokenHash: string) => {
      hashes.set(id, tokenHash);
      log.push('put');
      return { status: 'ok' as const };
    },
    dropPosts: async (_id: string, after: number, limit: number) => {
      const waiting = posts.filter((p) => p.seq > after);
      return { posts: waiting.slice(0, limit), more: waiting.length > limit };
    },
    ackDropPosts: async (_id: string, upTo: number) => {
      log.push(`ack ${upTo}`);
      const before = posts.length;
      posts = posts.filter((p) => p.seq > upTo);
      return { deleted: before - posts.length };
    },
  };
  let now = 1_800_000_000_000;
  const ctx = { deps: { store: memoryStore(), random: systemRandom(), clock: { now: () => now } } } as unknown as StoreCtx;
  const recorded: number[] = [];
  let failing = false;
  const part = new AppDropPart(ctx, {
    api: api as never,
    server: () => 'https://relay.example/',
    record: async (items: TrackerItem[]) => {
      if (failing) throw new Error('disk full');
      for (const i of items) if (i.kind === 'fix') recorded.push(i.fix.lat);
      log.push(`record ${items.length}`);
      return { added: items.length, duplicates: 0 };
    },
  });
  let seq = 0;
  const phonePosts = (passphrase: string, lat: number) => {
    const data = encryptOwnTracks(
      { _type: 'location', lat, lon: 2, tst: Math.floor(now / 1000) },
      owntracksKey(passphrase),
      systemRandom().bytes(24),
    ).data;
    posts.push({ seq: ++seq, at: now, data });
  };
  const failRecord = (on: boolean) => {
    failing = on;
  };
  return { part, log, hashes, recorded, phonePosts, failRecord, tick: (ms: number) => (now += ms) };
}

describe('AppDropPart', () => {
  it('sets up once: the relay gets the token hash, the app a URL, token and passphrase; asked again, the same', async () => {
    const f = fixture();
    expect(await f.part.get()).toBeUndefined();
    const setup = await f.part.setUp();
    expect(setup.url).toBe(`https://relay.example/v1/drops/${setup.id}`);
    expect(setup.passphrase).toHaveLength(32);
    expect(f.hashes.get(setup.id)).toBe(toBase64url(sha256(utf8Encode(setup.token))));
    expect([...f.hashes.values()]).not.toContain(setup.token);
    expect(await f.part.get()).toEqual(setup);
    expect(await f.part.setUp()).toEqual(setup);
  });

  it('collects: records, then acknowledges, and notes when the app last reported', async () => {
    const f = fixture();
    const setup = await f.part.setUp();
    f.phonePosts(setup.passphrase, 10);
    f.tick(60_000);
    f.phonePosts(setup.passphrase, 11);
    expect(await f.part.collect()).toMatchObject({ posts: 2, points: 2, unreadable: 0 });
    expect(f.log.slice(-2)).toEqual(['record 2', 'ack 2']);
    expect(f.recorded).toEqual([10, 11]);
    expect((await f.part.get())?.lastReport).toEqual({ at: 1_800_000_060_000, points: 2 });
    // Nothing new: the last report stays what it was.
    f.tick(60_000);
    expect(await f.part.collect()).toMatchObject({ posts: 0 });
    expect((await f.part.get())?.lastReport).toEqual({ at: 1_800_000_060_000, points: 2 });
  });

  it('renews: same address, new token and passphrase; what the old passphrase sealed is collected first', async () => {
    const f = fixture();
    const old = await f.part.setUp();
    f.phonePosts(old.passphrase, 20);
    const renewed = await f.part.setUp({ renew: true });
    expect(renewed.id).toBe(old.id);
    expect(renewed.token).not.toBe(old.token);
    expect(renewed.passphrase).not.toBe(old.passphrase);
    expect(f.recorded).toEqual([20]);
    expect(f.log).toEqual(['put', 'record 1', 'ack 1', 'put']);
    expect(f.hashes.get(old.id)).toBe(toBase64url(sha256(utf8Encode(renewed.token))));
    expect(renewed.lastReport).toEqual({ at: 1_800_000_000_000, points: 1 }); // the collection before it counts
  });

  it('does not renew when collecting what the old passphrase sealed fails: the post stays, the old setup too', async () => {
    const f = fixture();
    const old = await f.part.setUp();
    f.phonePosts(old.passphrase, 30);
    f.failRecord(true);
    await expect(f.part.setUp({ renew: true })).rejects.toThrow('disk full');
    expect(await f.part.get()).toEqual(old);
    expect(f.hashes.get(old.id)).toBe(toBase64url(sha256(utf8Encode(old.token))));
    f.failRecord(false);
    expect(await f.part.collect()).toMatchObject({ posts: 1, points: 1, unreadable: 0 });
    expect(f.recorded).toEqual([30]);
  });
});
