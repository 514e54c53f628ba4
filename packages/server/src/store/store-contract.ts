/**
 * The one storage contract (STYLE §10): every Store implementation registers this suite with its own
 * factory, and passes it unchanged. Written against the `Store` interface only. Test names carry the
 * rule ids used in `store.ts`; a new rule gets a new id, and ids are never reused.
 */
import type { Store } from './store.ts';
import { dropRules } from './store-contract-drops.ts';
import { liveEnvelopeRules } from './store-contract-live.ts';
import { activeBond, blob, envelope, id, NOW, pendingBond, random, type StoreHandle } from './store-contract-support.ts';
import { trailRules } from './store-contract-trail.ts';

export type { StoreHandle } from './store-contract-support.ts';

// Exported from the package index, which `entwine start` loads too: vitest is loaded only inside a
// vitest run, so the production relay never pays for (or needs) the test framework.
const vitest: typeof import('vitest') | undefined = process.env.VITEST ? await import('vitest') : undefined;

export function storeContract(name: string, makeStore: () => Promise<StoreHandle>): void {
  if (!vitest) throw new Error('storeContract: expected to run inside vitest, got VITEST unset');
  const { afterEach, beforeEach, describe, expect, it } = vitest;
  describe(`Store contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: Store;
    beforeEach(async () => {
      handle = await makeStore();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.cleanup();
    });
    const context = {
      get store() {
        return store;
      },
      get handle() {
        return handle;
      },
      async reopen() {
        store = await handle.reopen();
        return store;
      },
    };
    liveEnvelopeRules(vitest, context);
    trailRules(vitest, context);
    dropRules(vitest, context);

    it('S1 acknowledged ⇒ durable: an appended envelope is readable after reopening', async () => {
      const { bondId, deviceA } = await activeBond(store);
      const epoch = id(8);
      const [result] = await store.appendEnvelopes([envelope(bondId, deviceA, epoch, 1n, 42)]);
      expect(result?.status).toBe('stored');
      store = await handle.reopen();
      const read = await store.readEnvelopes(bondId, 0n, 10, 1 << 20);
      expect(read).toHaveLength(1);
      expect(read[0]?.cursor).toBe(result && 'cursor' in result ? result.cursor : -1n);
      expect(Array.from(read[0]?.body ?? [])).toEqual(Array.from(new Uint8Array(300).fill(42)));
    });

    it('S2 duplicate (device, epoch, seq) is reported as duplicate and stored once', async () => {
      const { bondId, deviceA } = await activeBond(store);
      const epoch = id(8);
      const [first] = await store.appendEnvelopes([envelope(bondId, deviceA, epoch, 5n, 1)]);
      const [again] = await store.appendEnvelopes([envelope(bondId, deviceA, epoch, 5n, 2)]);
      expect(first?.status).toBe('stored');
      expect(again).toEqual({ status: 'duplicate', cursor: first && 'cursor' in first ? first.cursor : -1n });
      const read = await store.readEnvelopes(bondId, 0n, 10, 1 << 20);
      expect(read).toHaveLength(1);
      expect(read[0]?.body[0]).toBe(1);
    });

    it('S2 a duplicate inside one group commit is reported as duplicate', async () => {
      const { bondId, deviceA } = await activeBond(store);
      const epoch = id(8);
      const [a, b] = await Promise.all([
        store.appendEnvelopes([envelope(bondId, deviceA, epoch, 9n)]),
        store.appendEnvelopes([envelope(bondId, deviceA, epoch, 9n)]),
      ]);
      expect(a?.[0]?.status).toBe('stored');
      expect(b?.[0]?.status).toBe('duplicate');
    });

    it('S3 ending a bond deletes its ciphertext (envelopes and key-dists) and only its own', async () => {
      const ended = await activeBond(store);
      const kept = await activeBond(store);
      const epoch = id(8);
      await store.appendEnvelopes([envelope(ended.bondId, ended.deviceA, epoch, 1n), envelope(kept.bondId, kept.deviceA, epoch, 1n)]);
      await store.putKeyDist({ bondId: ended.bondId, senderDevice: ended.deviceA, epochId: epoch, blob: blob('kd') });
      await store.putKeyDist({ bondId: kept.bondId, senderDevice: kept.deviceA, epochId: epoch, blob: blob('kd') });
      const result = await store.endBond(ended.bondId, ended.userB, blob('end'));
      expect(result).toMatchObject({ status: 'changed', bond: { state: 'ended', endedBy: ended.userB } });
      expect(await store.readEnvelopes(ended.bondId, 0n, 10, 1 << 20)).toEqual([]);
      expect(await store.listKeyDists(ended.bondId)).toEqual([]);
      store = await handle.reopen();
      expect(await store.readEnvelopes(ended.bondId, 0n, 10, 1 << 20)).toEqual([]);
      expect((await store.getBond(ended.bondId))?.state).toBe('ended');
      expect(await store.readEnvelopes(kept.bondId, 0n, 10, 1 << 20)).toHaveLength(1);
      expect(await store.listKeyDists(kept.bondId)).toHaveLength(1);
    });

    it('S3 ending a bond also drops the sealed pairing blobs (invite, response, reveal) of that bond', async () => {
      const ended = await activeBond(store);
      const kept = await activeBond(store);
      await store.endBond(ended.bondId, ended.userA, blob('end'));
      const gone = await store.getInvite(ended.inviteId);
      expect(gone?.blob ?? '').toBe('');
      expect(gone?.response).toBeUndefined();
      expect(gone?.reveal).toBeUndefined();
      const still = await store.getInvite(kept.inviteId);
      expect(still?.response).toBe('cmVzcG9uc2U');
    });

    it('S3 ending is idempotent and keeps who ended it; a pending bond can be ended', async () => {
      const { bondId, userA, userB } = await pendingBond(store);
      expect((await store.endBond(bondId, userA, blob('end-a'))).status).toBe('changed');
      expect(await store.endBond(bondId, userB, blob('end-b'))).toMatchObject({ status: 'unchanged', bond: { endedBy: userA } });
      expect((await store.endBond(id(), userA, blob('end'))).status).toBe('not-found');
    });

    it('S23 an end keeps its signed document: the first one, listed and after reopening', async () => {
      const { bondId, userA, userB } = await activeBond(store);
      const end = blob('end-by-a');
      expect(await store.endBond(bondId, userA, end)).toMatchObject({ status: 'changed', bond: { state: 'ended', end } });
      expect(await store.endBond(bondId, userB, blob('end-by-b'))).toMatchObject({ status: 'unchanged', bond: { endedBy: userA, end } });
      expect((await store.listBonds(userB)).find((b) => b.bondId === bondId)?.end).toEqual(end);
      store = await handle.reopen();
      expect((await store.getBond(bondId))?.end).toEqual(end);
    });

    it('S4 invites are single-use', async () => {
      const inviteId = id();
      const creator = id();
      expect(await store.createInvite({ inviteId, creatorUser: creator, creatorDevice: id(), blob: 'YQ', expiresAt: NOW + 1000 })).toBe(
        'created',
      );
      expect(await store.createInvite({ inviteId, creatorUser: id(), creatorDevice: id(), blob: 'Yg', expiresAt: NOW + 1000 })).toBe(
        'exists',
      );
      const first = await store.respondToInvite(inviteId, { responderUser: id(), responderDevice: id(), response: 'cg' }, NOW);
      expect(first).toMatchObject({ ok: true, invite: { state: 'responded', response: 'cg' } });
      const second = await store.respondToInvite(inviteId, { responderUser: id(), responderDevice: id(), response: 'cw' }, NOW);
      expect(second).toMatchObject({ ok: false, reason: 'used' });
      expect((await store.getInvite(inviteId))?.response).toBe('cg');
      const own = await store.createInvite({
        inviteId: id(),
        creatorUser: creator,
        creatorDevice: id(),
        blob: 'YQ',
        expiresAt: NOW + 1000,
      });
      expect(own).toBe('created');
    });

    it('S4 the creator cannot answer their own invite', async () => {
      const inviteId = id();
      const creator = id();
      await store.createInvite({ inviteId, creatorUser: creator, creatorDevice: id(), blob: 'YQ', expiresAt: NOW + 1000 });
      const r = await store.respondToInvite(inviteId, { responderUser: creator, responderDevice: id(), response: 'cg' }, NOW);
      expect(r).toMatchObject({ ok: false, reason: 'own-invite' });
      expect((await store.getInvite(inviteId))?.state).toBe('open');
    });

    it('S5 expired invites are refused', async () => {
      const inviteId = id();
      await store.createInvite({ inviteId, creatorUser: id(), creatorDevice: id(), blob: 'YQ', expiresAt: NOW });
      const r = await store.respondToInvite(inviteId, { responderUser: id(), responderDevice: id(), response: 'cg' }, NOW);
      expect(r).toMatchObject({ ok: false, reason: 'expired' });
      expect((await store.getInvite(inviteId))?.state).toBe('open');
      expect(await store.respondToInvite(id(), { responderUser: id(), responderDevice: id(), response: 'cg' }, NOW)).toEqual({
        ok: false,
        reason: 'not-found',
      });
    });

    it('S6 device list rollback refused', async () => {
      const userId = id();
      const device = { deviceId: id(), signPub: random.bytes(32) };
      const list = (version: number) => ({
        userId,
        identityPub: new Uint8Array(32).fill(1),
        version,
        deviceList: blob(`v${version}`),
        devices: [device],
      });
      expect(await store.putDeviceList(list(2))).toEqual({ status: 'stored', removedDevices: [] });
      expect(await store.putDeviceList(list(2))).toEqual({ status: 'rollback', storedVersion: 2 });
      expect(await store.putDeviceList(list(1))).toEqual({ status: 'rollback', storedVersion: 2 });
      expect((await store.getUser(userId))?.deviceList).toEqual(blob('v2'));
      expect(await store.putDeviceList(list(3))).toEqual({ status: 'stored', removedDevices: [] });
      expect(await store.getUser(userId)).toMatchObject({ version: 3, deviceList: blob('v3') });
      expect(await store.getDevice(device.deviceId)).toEqual({ deviceId: device.deviceId, userId, signPub: device.signPub });
    });

    it('S7 auth nonce single-use', async () => {
      const deviceId = id();
      await store.putAuthNonce('n1', deviceId, NOW + 60_000);
      expect(await store.consumeAuthNonce('n1', deviceId, NOW)).toEqual({ expiresAt: NOW + 60_000 });
      expect(await store.consumeAuthNonce('n1', deviceId, NOW)).toBeUndefined();
      await store.putAuthNonce('n2', deviceId, NOW);
      expect(await store.consumeAuthNonce('n2', deviceId, NOW)).toBeUndefined();
      await store.putAuthNonce('n3', deviceId, NOW + 60_000);
      expect(await store.consumeAuthNonce('n3', id(), NOW)).toBeUndefined();
      expect(await store.consumeAuthNonce('n3', deviceId, NOW)).toBeUndefined();
    });

    it('S8 sessions are found by token hash until they expire', async () => {
      const s = { tokenHash: id(32), deviceId: id(), userId: id(), expiresAt: NOW + 1000 };
      await store.createSession(s);
      expect(await store.getSession(s.tokenHash, NOW)).toEqual(s);
      expect(await store.getSession(s.tokenHash, NOW + 1000)).toBeUndefined();
      expect(await store.getSession(id(32), NOW)).toBeUndefined();
    });

    it('S9 nothing is stored for a pending, ended or unknown bond', async () => {
      const pending = await pendingBond(store);
      const ended = await activeBond(store);
      await store.endBond(ended.bondId, ended.userA, blob('end'));
      const epoch = id(8);
      const results = await store.appendEnvelopes([
        envelope(pending.bondId, pending.deviceA, epoch, 1n),
        envelope(ended.bondId, ended.deviceA, epoch, 1n),
        envelope(id(), id(), epoch, 1n),
      ]);
      expect(results.map((r) => r.status)).toEqual(['bond-pending', 'bond-ended', 'bond-missing']);
      expect(await store.readEnvelopes(pending.bondId, 0n, 10, 1 << 20)).toEqual([]);
      expect(await store.readEnvelopes(ended.bondId, 0n, 10, 1 << 20)).toEqual([]);
      const kd = { senderDevice: id(), epochId: epoch, blob: blob('kd') };
      expect(await store.putKeyDist({ ...kd, bondId: pending.bondId })).toEqual({ status: 'bond-pending' });
      expect(await store.putKeyDist({ ...kd, bondId: ended.bondId })).toEqual({ status: 'bond-ended' });
      expect(await store.listKeyDists(pending.bondId)).toEqual([]);
    });

    it('S10 appends submitted in one turn each get their own results, in order, with rising cursors', async () => {
      const { bondId, deviceA, deviceB } = await activeBond(store);
      const epoch = id(8);
      const calls = [
        store.appendEnvelopes([envelope(bondId, deviceA, epoch, 1n), envelope(bondId, deviceA, epoch, 2n)]),
        store.appendEnvelopes([envelope(bondId, deviceB, epoch, 1n)]),
        store.appendEnvelopes([]),
        store.appendEnvelopes([envelope(bondId, deviceA, epoch, 3n), envelope(bondId, deviceA, epoch, 1n)]),
      ];
      const results = await Promise.all(calls);
      expect(results.map((r) => r.map((x) => x.status))).toEqual([['stored', 'stored'], ['stored'], [], ['stored', 'duplicate']]);
      const cursors = results.flat().map((r) => ('cursor' in r ? r.cursor : -1n));
      expect(cursors.slice(0, 4)).toEqual([...cursors.slice(0, 4)].sort((x, y) => (x < y ? -1 : 1)));
      expect(cursors[4]).toBe(cursors[0]);
      const many = Array.from({ length: 3000 }, (_, i) => envelope(bondId, deviceA, epoch, 100n + BigInt(i)));
      const big = await Promise.all([store.appendEnvelopes(many.slice(0, 1500)), store.appendEnvelopes(many.slice(1500))]);
      expect(big.flat().every((r) => r.status === 'stored')).toBe(true);
    });

    it('S11 a device belongs to one user', async () => {
      const shared = { deviceId: id(), signPub: random.bytes(32) };
      const list = (userId: string) => ({ userId, identityPub: random.bytes(32), version: 1, deviceList: blob(userId), devices: [shared] });
      const owner = id();
      expect(await store.putDeviceList(list(owner))).toEqual({ status: 'stored', removedDevices: [] });
      const thief = id();
      expect(await store.putDeviceList(list(thief))).toEqual({ status: 'device-taken', deviceId: shared.deviceId });
      expect((await store.getDevice(shared.deviceId))?.userId).toBe(owner);
      expect(await store.getUser(thief)).toBeUndefined();
    });

    it('S12 only the creator declines or reveals; a declined invite cannot be answered or revealed', async () => {
      const creator = id();
      const inviteId = id();
      await store.createInvite({ inviteId, creatorUser: creator, creatorDevice: id(), blob: 'YQ', expiresAt: NOW + 1000 });
      const responder = id();
      await store.respondToInvite(inviteId, { responderUser: responder, responderDevice: id(), response: 'cg' }, NOW);
      expect(await store.declineInvite(inviteId, responder)).toMatchObject({ ok: false, reason: 'not-creator' });
      const bond = { bondId: id(), inviteId, userA: creator, userB: responder, confirmA: blob('a') };
      expect(await store.revealInvite(inviteId, responder, 'cmV2', bond)).toMatchObject({ ok: false, reason: 'not-creator' });
      expect(await store.declineInvite(inviteId, creator)).toMatchObject({ ok: true, changed: true, invite: { state: 'declined' } });
      expect(await store.declineInvite(inviteId, creator)).toMatchObject({ ok: true, changed: false });
      expect(await store.revealInvite(inviteId, creator, 'cmV2', bond)).toMatchObject({ ok: false, reason: 'declined' });
      const other = await store.respondToInvite(inviteId, { responderUser: id(), responderDevice: id(), response: 'cw' }, NOW);
      expect(other).toMatchObject({ ok: false, reason: 'declined' });
      expect(await store.getBond(bond.bondId)).toBeUndefined();
    });

    it('S13 reveal creates the pending bond atomically; a taken bond id leaves the invite responded', async () => {
      const first = await pendingBond(store);
      expect(await store.getBond(first.bondId)).toMatchObject({ state: 'pending', userA: first.userA, userB: first.userB });
      expect(await store.getInvite(first.inviteId)).toMatchObject({ state: 'revealed', bondId: first.bondId, reveal: 'cmV2ZWFs' });
      const creator = id();
      const inviteId = id();
      await store.createInvite({ inviteId, creatorUser: creator, creatorDevice: id(), blob: 'YQ', expiresAt: NOW + 1000 });
      const early = { bondId: id(), inviteId, userA: creator, userB: id(), confirmA: blob('a') };
      expect(await store.revealInvite(inviteId, creator, 'cmV2', early)).toMatchObject({ ok: false, reason: 'wrong-state' });
      await store.respondToInvite(inviteId, { responderUser: early.userB, responderDevice: id(), response: 'cg' }, NOW);
      const clash = { ...early, bondId: first.bondId };
      expect(await store.revealInvite(inviteId, creator, 'cmV2', clash)).toMatchObject({ ok: false, reason: 'bond-exists' });
      expect((await store.getInvite(inviteId))?.state).toBe('responded');
      expect((await store.getBond(first.bondId))?.inviteId).toBe(first.inviteId);
      expect(await store.revealInvite(inviteId, creator, 'cmV2', early)).toMatchObject({ ok: true, invite: { state: 'revealed' } });
      expect(await store.revealInvite(inviteId, creator, 'cmV2', early)).toMatchObject({ ok: false, reason: 'wrong-state' });
    });

    it('S14 only a pending bond activates; an ended bond stays ended', async () => {
      const bond = await pendingBond(store);
      expect(await store.activateBond(bond.bondId, blob('b'))).toMatchObject({
        status: 'changed',
        bond: { state: 'active', confirmB: blob('b') },
      });
      expect(await store.activateBond(bond.bondId, blob('c'))).toMatchObject({ status: 'unchanged', bond: { confirmB: blob('b') } });
      await store.endBond(bond.bondId, bond.userA, blob('end'));
      expect(await store.activateBond(bond.bondId, blob('d'))).toMatchObject({ status: 'ended', bond: { state: 'ended' } });
      expect(await store.activateBond(id(), blob('d'))).toEqual({ status: 'not-found' });
      expect((await store.listBonds(bond.userB)).map((b) => b.bondId)).toEqual([bond.bondId]);
    });

    it('S15 envelopes page by cursor, limit and byte budget', async () => {
      const { bondId, deviceA } = await activeBond(store);
      const epoch = id(8);
      const results = await store.appendEnvelopes(Array.from({ length: 10 }, (_, i) => envelope(bondId, deviceA, epoch, BigInt(i))));
      const cursors = results.map((r) => ('cursor' in r ? r.cursor : -1n));
      const page = await store.readEnvelopes(bondId, cursors[2] as bigint, 4, 1 << 20);
      expect(page.map((e) => e.cursor)).toEqual(cursors.slice(3, 7));
      const budget = await store.readEnvelopes(bondId, 0n, 10, 650);
      expect(budget).toHaveLength(2);
      expect(await store.readEnvelopes(bondId, 0n, 10, 1)).toHaveLength(1);
      expect(await store.readEnvelopes(bondId, cursors[9] as bigint, 10, 1 << 20)).toEqual([]);
    });

    it('S16 seq round-trips the full u64 range', async () => {
      const { bondId, deviceA } = await activeBond(store);
      const epoch = id(8);
      const max = 2n ** 64n - 1n;
      const r = await store.appendEnvelopes([envelope(bondId, deviceA, epoch, 0n), envelope(bondId, deviceA, epoch, max)]);
      expect(r.map((x) => x.status)).toEqual(['stored', 'stored']);
      expect((await store.appendEnvelopes([envelope(bondId, deviceA, epoch, max)]))[0]?.status).toBe('duplicate');
      expect((await store.appendEnvelopes([envelope(bondId, deviceA, epoch, 2n ** 63n - 1n)]))[0]?.status).toBe('stored');
    });

    it('S17 key-dists are stored once per (bond, device, epoch)', async () => {
      const { bondId, deviceA, deviceB } = await activeBond(store);
      const epoch = id(8);
      expect(await store.putKeyDist({ bondId, senderDevice: deviceA, epochId: epoch, blob: blob('1') })).toEqual({ status: 'stored' });
      expect(await store.putKeyDist({ bondId, senderDevice: deviceA, epochId: epoch, blob: blob('2') })).toEqual({ status: 'duplicate' });
      expect(await store.putKeyDist({ bondId, senderDevice: deviceB, epochId: epoch, blob: blob('3') })).toEqual({ status: 'stored' });
      expect(await store.listKeyDists(bondId)).toEqual([blob('1'), blob('3')]);
    });

    it('S18 pairings list invites from both roles, newest first', async () => {
      const a = await pendingBond(store);
      const later = id();
      await store.createInvite({ inviteId: later, creatorUser: a.userB, creatorDevice: a.deviceB, blob: 'YQ', expiresAt: NOW + 1000 });
      const forB = await store.listPairings(a.userB);
      expect(forB.map((i) => i.inviteId)).toEqual([later, a.inviteId]);
      expect(forB[1]).toMatchObject({ creatorUser: a.userA, responderUser: a.userB, bondId: a.bondId, state: 'revealed' });
      expect((await store.listPairings(a.userA)).map((i) => i.inviteId)).toEqual([a.inviteId]);
      expect(await store.listPairings(id())).toEqual([]);
    });

    it('S19 a device dropped from the device list loses its sessions', async () => {
      const userId = id();
      const kept = { deviceId: id(), signPub: random.bytes(32) };
      const dropped = { deviceId: id(), signPub: random.bytes(32) };
      const pub = random.bytes(32);
      await store.putDeviceList({ userId, identityPub: pub, version: 1, deviceList: blob('1'), devices: [kept, dropped] });
      await store.createSession({ tokenHash: 'h-dropped', deviceId: dropped.deviceId, userId, expiresAt: NOW + 1000 });
      await store.createSession({ tokenHash: 'h-kept', deviceId: kept.deviceId, userId, expiresAt: NOW + 1000 });
      const result = await store.putDeviceList({ userId, identityPub: pub, version: 2, deviceList: blob('2'), devices: [kept] });
      expect(result).toEqual({ status: 'stored', removedDevices: [dropped.deviceId] });
      expect(await store.getDevice(dropped.deviceId)).toBeUndefined();
      expect(await store.getSession('h-dropped', NOW)).toBeUndefined();
      expect((await store.getSession('h-kept', NOW))?.deviceId).toBe(kept.deviceId);
    });

    it('S22 a dropped device is remembered as removed by its identity until a list takes it back', async () => {
      const userId = id();
      const kept = { deviceId: id(), signPub: random.bytes(32) };
      const dropped = { deviceId: id(), signPub: random.bytes(32) };
      const pub = random.bytes(32);
      await store.putDeviceList({ userId, identityPub: pub, version: 1, deviceList: blob('1'), devices: [dropped] });
      expect(await store.getRemovedDevice(dropped.deviceId)).toBeUndefined();
      await store.putDeviceList({ userId, identityPub: pub, version: 2, deviceList: blob('2'), devices: [kept] });
      expect(await store.getRemovedDevice(dropped.deviceId)).toEqual({ userId });
      expect(await store.getRemovedDevice(kept.deviceId)).toBeUndefined();
      expect(await store.getRemovedDevice(id())).toBeUndefined();
      await store.putDeviceList({ userId, identityPub: pub, version: 3, deviceList: blob('3'), devices: [kept, dropped] });
      expect(await store.getRemovedDevice(dropped.deviceId)).toBeUndefined();
    });

    it('S20 sweep forgets expired nonces and sessions', async () => {
      const deviceId = id();
      await store.putAuthNonce('old', deviceId, NOW);
      await store.putAuthNonce('new', deviceId, NOW + 10);
      await store.createSession({ tokenHash: 'old', deviceId, userId: id(), expiresAt: NOW });
      await store.sweep(NOW, { liveWindowMs: 7 * 86_400_000 });
      expect(await store.consumeAuthNonce('new', deviceId, NOW)).toEqual({ expiresAt: NOW + 10 });
      expect(await store.getSession('old', NOW - 1)).toBeUndefined();
    });

    it('S21 a closed store refuses further work', async () => {
      await store.close();
      await expect(store.getBond(id())).rejects.toThrow();
      await expect(store.appendEnvelopes([envelope(id(), id(), id(8), 1n)])).rejects.toThrow();
    });
  });
}
