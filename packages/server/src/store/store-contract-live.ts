/**
 * Store contract, transient live envelopes (decision 0014 §1): rules S24–S27 and S30. Registered by
 * `storeContract` inside its describe block, so every backend runs them; written against `Store` only.
 */
import {
  type ContractContext,
  cursorOf,
  DAY_MS,
  envelope,
  id,
  listedBond,
  NOW,
  pendingBond,
  random,
  setDevices,
} from './store-contract-support.ts';

const WEEK = { liveWindowMs: 7 * DAY_MS };

export function liveEnvelopeRules(vitest: typeof import('vitest'), t: ContractContext): void {
  const { expect, it } = vitest;
  const cursorsOf = async (bondId: string) => (await t.store.readEnvelopes(bondId, 0n, 100, 1 << 24)).map((e) => e.cursor);

  it('S24 a read position only moves up, never past the newest cursor stored, and only in an active bond', async () => {
    const { bondId, a, b, userA } = await listedBond(t.store);
    const epoch = id(8);
    const [c1, c2, c3] = (await t.store.appendEnvelopes([1n, 2n, 3n].map((s) => envelope(bondId, a[0] as string, epoch, s)))).map(cursorOf);
    const reader = b[0] as string;
    expect(await t.store.markRead(bondId, reader, c2 as bigint)).toEqual({ status: 'ok', cursor: c2, missed: 0 });
    expect(await t.store.markRead(bondId, reader, c1 as bigint)).toEqual({ status: 'ok', cursor: c2, missed: 0 });
    expect(await t.store.markRead(bondId, reader, 2n ** 64n - 1n)).toEqual({ status: 'ok', cursor: c3, missed: 0 });
    const pending = await pendingBond(t.store);
    expect(await t.store.markRead(pending.bondId, pending.deviceB, 1n)).toEqual({ status: 'bond-pending' });
    expect(await t.store.markRead(id(), reader, 1n)).toEqual({ status: 'bond-missing' });
    await t.store.endBond(bondId, userA, { body: 'ZW5k', sig: 'A'.repeat(86) });
    expect(await t.store.markRead(bondId, reader, c3 as bigint)).toEqual({ status: 'bond-ended' });
  });

  it('S25 an envelope goes once every recipient device (both lists but its sender) has read past it, not before', async () => {
    const { bondId, a, b, userA } = await listedBond(t.store, 2, 1);
    const [a1, a2, b1] = [a[0], a[1], b[0]] as [string, string, string];
    const epoch = id(8);
    const [c1, c2] = (await t.store.appendEnvelopes([envelope(bondId, a1, epoch, 1n), envelope(bondId, a1, epoch, 2n)])).map(cursorOf);
    const c3 = cursorOf((await t.store.appendEnvelopes([envelope(bondId, b1, id(8), 1n)]))[0]);
    await t.store.markRead(bondId, b1, c2 as bigint);
    expect(await cursorsOf(bondId), "a1's other device has not read them").toEqual([c1, c2, c3]);
    await t.store.markRead(bondId, a2, c1 as bigint);
    expect(await cursorsOf(bondId)).toEqual([c2, c3]);
    await t.store.markRead(bondId, a1, c3);
    expect(await cursorsOf(bondId), 'a2 has not read the partner’s envelope').toEqual([c2, c3]);
    await t.store.markRead(bondId, a2, c3);
    expect(await cursorsOf(bondId)).toEqual([]);
    // A device that never reads holds an envelope back until its person drops it from the device list.
    const c4 = cursorOf((await t.store.appendEnvelopes([envelope(bondId, a1, epoch, 3n)]))[0]);
    await t.store.markRead(bondId, b1, c4);
    expect(await cursorsOf(bondId)).toEqual([c4]);
    await setDevices(t.store, userA, 2, [a1]);
    expect(await cursorsOf(bondId)).toEqual([]);
    await t.reopen();
    expect(await cursorsOf(bondId)).toEqual([]);
  });

  it('S26 the sweep deletes envelopes older than the live window and counts them missed per unread recipient device, told once', async () => {
    const { bondId, a, b } = await listedBond(t.store, 1, 2);
    const [a1, b1, b2] = [a[0], b[0], b[1]] as [string, string, string];
    const epoch = id(8);
    const [c1, c2, c3] = (
      await t.store.appendEnvelopes([
        envelope(bondId, a1, epoch, 1n, 1, NOW),
        envelope(bondId, a1, epoch, 2n, 2, NOW),
        envelope(bondId, a1, epoch, 3n, 3, NOW + 5 * DAY_MS),
      ])
    ).map(cursorOf);
    await t.store.markRead(bondId, b1, c1 as bigint);
    expect(await t.store.sweep(NOW + 7 * DAY_MS - 1, WEEK)).toMatchObject({ envelopesExpired: 0 });
    expect(await t.store.sweep(NOW + 7 * DAY_MS + 1, WEEK)).toMatchObject({ envelopesExpired: 2 });
    expect(await cursorsOf(bondId)).toEqual([c3]);
    expect(await t.store.missedFor(b1)).toEqual(new Map([[bondId, 1]]));
    expect(await t.store.missedFor(b2)).toEqual(new Map([[bondId, 2]]));
    expect(await t.store.missedFor(a1), 'its own envelopes are not missed by the sender').toEqual(new Map());
    expect(await t.store.markRead(bondId, b2, c2 as bigint)).toEqual({ status: 'ok', cursor: c2, missed: 2 });
    expect(await t.store.missedFor(b2), 'not caught up yet: still counted').toEqual(new Map([[bondId, 2]]));
    expect(await t.store.markRead(bondId, b2, c3 as bigint)).toEqual({ status: 'ok', cursor: c3, missed: 2 });
    expect(await t.store.missedFor(b2)).toEqual(new Map());
    expect(await t.store.markRead(bondId, b2, c3 as bigint)).toEqual({ status: 'ok', cursor: c3, missed: 0 });
    expect(await t.store.missedFor(b1), 'each device has its own count').toEqual(new Map([[bondId, 1]]));
  });

  it('S27 an envelope deleted after everyone read it is a duplicate when sent again, never a second delivery', async () => {
    const { bondId, a, b } = await listedBond(t.store);
    const [a1, b1] = [a[0], b[0]] as [string, string];
    const epoch = id(8);
    const [, c2] = (await t.store.appendEnvelopes([envelope(bondId, a1, epoch, 1n), envelope(bondId, a1, epoch, 2n)])).map(cursorOf);
    await t.store.markRead(bondId, b1, c2 as bigint);
    expect(await cursorsOf(bondId)).toEqual([]);
    expect(await t.store.appendEnvelopes([envelope(bondId, a1, epoch, 1n), envelope(bondId, a1, epoch, 3n)])).toEqual([
      { status: 'duplicate', cursor: 0n },
      { status: 'stored', cursor: expect.any(BigInt) },
    ]);
    expect(await t.store.appendEnvelopes([envelope(bondId, a1, id(8), 1n)]), 'another epoch has its own seqs').toEqual([
      { status: 'stored', cursor: expect.any(BigInt) },
    ]);
    // The floor is kept two live windows, then forgotten (it is one row per sender epoch, not per envelope).
    await t.store.sweep(NOW + 14 * DAY_MS + 1, WEEK);
    expect((await t.store.appendEnvelopes([envelope(bondId, a1, epoch, 2n, 7, NOW + 14 * DAY_MS)]))[0]?.status).toBe('stored');
  });

  it('S30 a large delete leaves the files: the database and its WAL shrink by what was deleted', async () => {
    const disk = t.handle.diskBytes?.bind(t.handle);
    if (!disk) return;
    const { bondId, a, b } = await listedBond(t.store);
    const epoch = id(8);
    const bodies = Array.from({ length: 200 }, () => random.bytes(16_384));
    const results = await t.store.appendEnvelopes(
      bodies.map((body, i) => ({ bondId, senderDevice: a[0] as string, epochId: epoch, seq: BigInt(i), body, storedAt: NOW })),
    );
    const before = disk();
    expect(before).toBeGreaterThan(bodies.length * 16_384);
    await t.store.markRead(bondId, b[0] as string, cursorOf(results.at(-1)));
    expect(await cursorsOf(bondId)).toEqual([]);
    await t.store.sweep(NOW, WEEK);
    expect(before - disk()).toBeGreaterThan(0.9 * bodies.length * 16_384);
  });
}
