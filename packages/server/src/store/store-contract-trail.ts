/**
 * Store contract, history (decision 0014 §2–4): rules S28, S29, S31, S9 and S3 for day chunks, and S30 for a
 * retention's delete. Registered by `storeContract` inside its describe block; written against `Store` only.
 */
import { activeBond, blob, type ContractContext, id, pendingBond, random } from './store-contract-support.ts';
import type { NewChunk } from './trail-store.ts';

/** The relay's "today" in these rules (a UTC day number). */
const T = 20_500;
const at = (day: number) => day * 86_400_000 + 3_600_000;

function chunk(ownerId: string, senderDevice: string, senderUser: string, day: number, revision: bigint, size = 1181): NewChunk {
  return { ownerId, ownerKind: 'bond', senderDevice, senderUser, day, revision, body: new Uint8Array(size).fill(Number(revision % 251n)) };
}

export function trailRules(vitest: typeof import('vitest'), t: ContractContext): void {
  const { expect, it } = vitest;
  const days = async (ownerId: string, from = 0, to = T + 1) =>
    (await t.store.readChunks(ownerId, from, to, 1 << 30, T)).chunks.map((c) => [c.day, c.senderDevice, c.revision]);

  it('S28 one chunk per (owner, day, sender device): the newest revision; an older or equal one is refused stale', async () => {
    const { bondId, userA, userB, deviceA, deviceB } = await activeBond(t.store);
    const high = 2n ** 63n + 1n;
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T, 5n), T)).toEqual({ status: 'stored' });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T, 5n), T)).toEqual({ status: 'stale', storedRevision: 5n });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T, 4n), T)).toEqual({ status: 'stale', storedRevision: 5n });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T, high), T)).toEqual({ status: 'stored' });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T, 7n), T), 'revisions compare as u64').toEqual({
      status: 'stale',
      storedRevision: high,
    });
    await t.store.putChunk(chunk(bondId, deviceB, userB, T, 1n), T);
    await t.store.putChunk(chunk(bondId, deviceA, userA, T - 1, 9n), T);
    const expected = [
      [T - 1, deviceA, 9n],
      ...[
        [T, deviceA, high],
        [T, deviceB, 1n],
      ].sort((x, y) => ((x[1] as string) < (y[1] as string) ? -1 : 1)),
    ];
    expect(await days(bondId)).toEqual(expected);
    const [first] = (await t.store.readChunks(bondId, T, T, 1 << 30, T)).chunks.filter((c) => c.senderDevice === deviceA);
    expect(first?.body[0]).toBe(Number(high % 251n));
    await t.reopen();
    expect(await days(bondId)).toEqual(expected);
    expect(await days(bondId, T, T)).toEqual(expected.slice(1));
  });

  it('S28 a page holds whole days, at least the first, and says where the rest starts', async () => {
    const { bondId, userA, userB, deviceA, deviceB } = await activeBond(t.store);
    for (const day of [T - 3, T - 2, T]) {
      await t.store.putChunk(chunk(bondId, deviceA, userA, day, 1n, 4253), T);
      await t.store.putChunk(chunk(bondId, deviceB, userB, day, 1n, 4253), T);
    }
    const one = await t.store.readChunks(bondId, T - 5, T, 1, T);
    expect([one.chunks.map((c) => c.day), one.nextDay]).toEqual([[T - 3, T - 3], T - 2]);
    const two = await t.store.readChunks(bondId, T - 2, T, 4 * 4253, T);
    expect([two.chunks.map((c) => c.day), two.nextDay]).toEqual([[T - 2, T - 2, T, T], undefined]);
    expect(await t.store.readChunks(bondId, T + 1, T + 9, 1, T)).toEqual({ chunks: [], nextDay: undefined });
  });

  it('S9 a bond chunk is stored only for an active bond; a vault chunk needs none', async () => {
    const pending = await pendingBond(t.store);
    const ended = await activeBond(t.store);
    await t.store.endBond(ended.bondId, ended.userA, blob('end'));
    expect(await t.store.putChunk(chunk(pending.bondId, pending.deviceA, pending.userA, T, 1n), T)).toEqual({ status: 'bond-pending' });
    expect(await t.store.putChunk(chunk(ended.bondId, ended.deviceA, ended.userA, T, 1n), T)).toEqual({ status: 'bond-ended' });
    expect(await t.store.putChunk(chunk(id(), id(), id(), T, 1n), T)).toEqual({ status: 'bond-missing' });
    const vault = { ...chunk(id(), id(), id(), T - 1000, 1n), ownerKind: 'vault' as const };
    expect(await t.store.putChunk(vault, T)).toEqual({ status: 'stored' });
    expect(await days(vault.ownerId)).toEqual([[T - 1000, vault.senderDevice, 1n]]);
    expect(await t.store.setRetention(pending.bondId, pending.userA, 7, T)).toEqual({ status: 'bond-pending' });
  });

  it('S29 retention: lowering deletes that sharer’s older days at once, a day outside is refused, raising resurrects nothing', async () => {
    const { bondId, userA, userB, deviceA, deviceB } = await activeBond(t.store);
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 31, 1n), T), 'the default keeps 30 days').toEqual({
      status: 'retention',
    });
    for (const day of [T - 30, T - 10, T - 7, T]) await t.store.putChunk(chunk(bondId, deviceA, userA, day, 1n), T);
    await t.store.putChunk(chunk(bondId, deviceB, userB, T - 10, 1n), T);
    expect(await t.store.getRetention(bondId)).toEqual(new Map());
    expect(await t.store.setRetention(bondId, userA, 7, T)).toEqual({ status: 'set', deleted: 2 });
    expect(await days(bondId)).toEqual([
      [T - 10, deviceB, 1n],
      [T - 7, deviceA, 1n],
      [T, deviceA, 1n],
    ]);
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 8, 2n), T)).toEqual({ status: 'retention' });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 7, 2n), T)).toEqual({ status: 'stored' });
    expect(await t.store.setRetention(bondId, userA, 365, T)).toEqual({ status: 'set', deleted: 0 });
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 10, 3n), T), 'deleted days stay deleted').toEqual({
      status: 'retention',
    });
    expect(await t.store.getRetention(bondId)).toEqual(new Map([[userA, 365]]));
    await t.reopen();
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 30, 3n), T)).toEqual({ status: 'retention' });
    // The floor is the day after the newest deleted: a day the relay never held may come under the longer one.
    expect(await t.store.putChunk(chunk(bondId, deviceA, userA, T - 9, 3n), T), 'never deleted').toEqual({ status: 'stored' });
  });

  it('S29 the sweep deletes days as they fall out of each sharer’s retention; forever and the vault keep theirs', async () => {
    const { bondId, userA, userB, deviceA, deviceB } = await activeBond(t.store);
    await t.store.setRetention(bondId, userA, 1, T);
    await t.store.setRetention(bondId, userB, null, T);
    for (const day of [T - 1, T]) await t.store.putChunk(chunk(bondId, deviceA, userA, day, 1n), T);
    for (const day of [T - 30, T]) await t.store.putChunk(chunk(bondId, deviceB, userB, day, 1n), T);
    // Nothing of B's was deleted: forever takes an older day than the default would (an import shared later).
    expect(await t.store.putChunk(chunk(bondId, deviceB, userB, T - 400, 1n), T), 'forever, nothing deleted').toEqual({
      status: 'stored',
    });
    const other = await activeBond(t.store);
    await t.store.putChunk(chunk(other.bondId, other.deviceA, other.userA, T - 30, 1n), T);
    const vault = { ...chunk(id(), id(), id(), T - 3000, 1n), ownerKind: 'vault' as const };
    await t.store.putChunk(vault, T);
    expect((await t.store.sweep(at(T), { liveWindowMs: 86_400_000 })).chunksExpired).toBe(0);
    expect((await t.store.sweep(at(T + 1), { liveWindowMs: 86_400_000 })).chunksExpired).toBe(2);
    const left = async (ownerId: string) =>
      (await t.store.readChunks(ownerId, 0, T + 500, 1 << 30, T + 1)).chunks.map((c) => [c.day, c.senderDevice]);
    expect(await left(bondId)).toEqual(
      [
        [T - 400, deviceB],
        [T - 30, deviceB],
        [T, deviceA],
        [T, deviceB],
      ].sort((x, y) => (x[0] !== y[0] ? (x[0] as number) - (y[0] as number) : (x[1] as string) < (y[1] as string) ? -1 : 1)),
    );
    expect(await left(other.bondId)).toEqual([]);
    // What the sweep deleted raised the floors: a longer retention takes none of those days back, for a sharer
    // who chose (A: 1 day) and one on the default (the other bond's A) alike; a day never held is still taken.
    for (const [b, user, device, deletedDay] of [
      [bondId, userA, deviceA, T - 1],
      [other.bondId, other.userA, other.deviceA, T - 30],
    ] as const) {
      await t.store.setRetention(b, user, null, T + 1);
      expect(await t.store.putChunk(chunk(b, device, user, deletedDay, 2n), T + 1), 'swept').toEqual({ status: 'retention' });
      expect(await t.store.putChunk(chunk(b, device, user, deletedDay + 1, 2n), T + 1)).toEqual({ status: 'stored' });
    }
    await t.store.sweep(at(T + 400), { liveWindowMs: 86_400_000 });
    expect((await t.store.readChunks(vault.ownerId, 0, T + 500, 1 << 30, T + 400)).chunks).toHaveLength(1);
    const kept = (await t.store.readChunks(bondId, 0, T + 500, 1 << 30, T + 400)).chunks.map((c) => `${c.day - T} ${c.senderDevice}`);
    // A chose forever after the first sweep: its day T stays, T − 1 was already gone.
    expect(kept.sort()).toEqual([`-30 ${deviceB}`, `-400 ${deviceB}`, `0 ${deviceA}`, `0 ${deviceB}`].sort());
  });

  it('S3 ending a bond deletes its day chunks and retention with it, and only its own', async () => {
    const ended = await activeBond(t.store);
    const kept = await activeBond(t.store);
    for (const b of [ended, kept]) {
      await t.store.putChunk(chunk(b.bondId, b.deviceA, b.userA, T, 1n), T);
      await t.store.setRetention(b.bondId, b.userA, 7, T);
    }
    await t.store.endBond(ended.bondId, ended.userB, blob('end'));
    expect(await days(ended.bondId)).toEqual([]);
    expect(await t.store.getRetention(ended.bondId)).toEqual(new Map());
    expect(await days(kept.bondId)).toHaveLength(1);
    expect(await t.store.getRetention(kept.bondId)).toEqual(new Map([[kept.userA, 7]]));
  });

  it('S30 lowering a retention frees the disk at once, without waiting for a sweep', async () => {
    const disk = t.handle.diskBytes?.bind(t.handle);
    if (!disk) return;
    const { bondId, userA, deviceA } = await activeBond(t.store);
    const size = 262_144 + 157;
    for (let day = T - 20; day < T - 4; day++) {
      await t.store.putChunk({ ...chunk(bondId, deviceA, userA, day, 1n), body: random.bytes(size) }, T);
    }
    const before = disk();
    expect(before).toBeGreaterThan(16 * size);
    expect(await t.store.setRetention(bondId, userA, 1, T)).toEqual({ status: 'set', deleted: 16 });
    expect(before - disk()).toBeGreaterThan(0.9 * 16 * size);
  });

  it('S31 a vault key is stored once per (vault, epoch), the first one kept, listed in order', async () => {
    const vault = id();
    const [e1, e2] = [id(8), id(8)];
    expect(await t.store.putVaultKey(vault, { epochId: e1, blob: blob('1') })).toBe('stored');
    expect(await t.store.putVaultKey(vault, { epochId: e1, blob: blob('2') })).toBe('duplicate');
    expect(await t.store.putVaultKey(vault, { epochId: e2, blob: blob('3') })).toBe('stored');
    expect(await t.store.putVaultKey(id(), { epochId: e1, blob: blob('4') })).toBe('stored');
    await t.reopen();
    expect(await t.store.listVaultKeys(vault)).toEqual([
      { epochId: e1, blob: blob('1') },
      { epochId: e2, blob: blob('3') },
    ]);
    expect(await t.store.listVaultKeys(id())).toEqual([]);
  });
}
