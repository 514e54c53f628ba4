/**
 * The embedded Store: one better-sqlite3 connection on `<dataDir>/entwine.db`.
 * - `journal_mode=WAL` + `synchronous=FULL`: a COMMIT has been fsynced when it returns, so an ack sent
 *   after it is an ack of durable data (S1).
 * - Envelope appends are group-committed (one transaction per event-loop turn, see `group-commit.ts`).
 * - `secure_delete=ON` zeroes freed content; `auto_vacuum=INCREMENTAL` and `sqlite-reclaim.ts` hand freed pages
 *   back and cut the WAL, at once after a bond's end or a retention change (the deleted ciphertext is then in
 *   neither `entwine.db` nor `entwine.db-wal`, S3) and batched after read reports and sweeps (S30).
 * - Transient live envelopes (read positions, the live window, floors) are `sqlite-live.ts`; day chunks,
 *   retention and vault keys are `sqlite-trail.ts`; both run inside this store's transactions.
 * Every statement is prepared once; the connection is used only from this thread, so each
 * `transaction()` is also the unit of atomicity for the check-and-set transitions.
 */
import { type Clock, type RetentionDays, type SignedBlob, systemClock } from '@entwine/core';
import type Database from 'better-sqlite3';
import type { AppendDropResult, DropPost, DropRecord, DropSummary, PutDropResult } from './drop-store.ts';
import { GroupCommit } from './group-commit.ts';
import { SqliteDrops } from './sqlite-drops.ts';
import { SqliteInvites } from './sqlite-invites.ts';
import { SqliteLive } from './sqlite-live.ts';
import { openSqliteFile } from './sqlite-open.ts';
import { SqliteReclaim } from './sqlite-reclaim.ts';
import { blobJson, bondOf, parseBlob, refusalOf } from './sqlite-rows.ts';
import { prepareStatements, type Statements } from './sqlite-statements.ts';
import { SqliteTrail } from './sqlite-trail.ts';
import type {
  AppendResult,
  BondRecord,
  BondRefusal,
  BondTransition,
  DeviceRecord,
  MarkReadResult,
  NewBond,
  NewDeviceList,
  NewEnvelope,
  NewInvite,
  NewKeyDist,
  PutDeviceListResult,
  PutKeyDistResult,
  SessionRecord,
  Store,
  StoredEnvelope,
  SweepPolicy,
  SweepReport,
  UserRecord,
} from './store.ts';
import type { ChunkPage, NewChunk, PutChunkResult, SetRetentionResult, VaultKey } from './trail-store.ts';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Flush the group-commit queue once it holds this many envelopes (default 1024). */
  maxBatchRows?: number;
  /** Hand free pages back once this many are free after read deletions (default 256, 1 MiB of 4 KiB pages). */
  reclaimPages?: number;
  /** Only stamps envelopes an older relay stored with the time of their migration (`sqlite-open.ts`; default: the system clock). */
  clock?: Clock;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly invites: SqliteInvites;
  private readonly liveEnvelopes: SqliteLive;
  private readonly trail: SqliteTrail;
  private readonly drops: SqliteDrops;
  private readonly reclaim: SqliteReclaim;
  private readonly appends: GroupCommit<NewEnvelope, AppendResult>;
  private closed = false;
  private readonly q: Statements;
  /** The UTC day of the last retention sweep: chunks fall out of retention only when the day changes. */
  private sweptDay: number | undefined;

  constructor(options: SqliteStoreOptions) {
    const db = openSqliteFile(options.dataDir, options.clock ?? systemClock);
    this.db = db;
    this.q = prepareStatements(db);
    this.liveEnvelopes = new SqliteLive(db);
    this.reclaim = new SqliteReclaim(db, options.reclaimPages ?? 256);
    this.trail = new SqliteTrail(db, this.reclaim);
    this.drops = new SqliteDrops(db, this.reclaim);
    this.invites = new SqliteInvites(db, (bond: NewBond) => {
      if (this.q.bondState.get(bond.bondId)) return false;
      this.q.insertBond.run(bond.bondId, bond.inviteId, bond.userA, bond.userB, blobJson(bond.confirmA));
      return true;
    });
    this.appends = new GroupCommit(db.transaction(this.commitEnvelopes.bind(this)), options.maxBatchRows ?? 1024);
  }

  private live(): void {
    if (this.closed) throw new Error('SqliteStore: expected an open store, got a closed one');
  }

  private async run<T>(fn: () => T): Promise<T> {
    this.live();
    return fn();
  }

  putDeviceList(list: NewDeviceList): Promise<PutDeviceListResult> {
    return this.run(
      this.db.transaction((): PutDeviceListResult => {
        const stored = this.q.user.get(list.userId);
        if (stored && list.version <= stored.version) return { status: 'rollback', storedVersion: stored.version };
        for (const d of list.devices) {
          const owner = this.q.device.get(d.deviceId);
          if (owner && owner.user_id !== list.userId) return { status: 'device-taken', deviceId: d.deviceId };
        }
        this.q.upsertUser.run(list.userId, list.identityPub, blobJson(list.deviceList), list.version);
        const keep = new Set(list.devices.map((d) => d.deviceId));
        const removedDevices: string[] = [];
        // A device dropped from the list loses its sessions at once: the identity revoked it.
        for (const { device_id } of this.q.devicesOf.all(list.userId)) {
          if (keep.has(device_id)) continue;
          this.q.deleteDevice.run(device_id);
          this.q.deleteDeviceSessions.run(device_id);
          this.q.markRemoved.run(device_id, list.userId);
          removedDevices.push(device_id);
        }
        for (const d of list.devices) {
          this.q.upsertDevice.run(d.deviceId, list.userId, d.signPub);
          this.q.unmarkRemoved.run(d.deviceId);
        }
        if (removedDevices.length > 0) this.afterDevicesRemoved(list.userId, removedDevices);
        return { status: 'stored', removedDevices };
      }),
    );
  }

  /** A dropped device no longer holds back deletion in its user's bonds (S25); the sweep hands the pages back. */
  private afterDevicesRemoved(userId: string, removed: string[]): void {
    for (const deviceId of removed) this.liveEnvelopes.forgetDevice(deviceId);
    for (const b of this.q.bondsOf.all(userId, userId)) {
      if (b.state !== 'active') continue;
      if (this.liveEnvelopes.deleteRead({ bondId: b.bond_id, userA: b.user_a, userB: b.user_b }) > 0) this.reclaim.markPending();
    }
  }

  getUser(userId: string): Promise<UserRecord | undefined> {
    return this.run(() => {
      const r = this.q.user.get(userId);
      return r && { userId, identityPub: new Uint8Array(r.identity_pub), deviceList: parseBlob(r.device_list), version: r.version };
    });
  }

  getRemovedDevice(deviceId: string): Promise<{ userId: string } | undefined> {
    return this.run(() => {
      const r = this.q.removedDevice.get(deviceId);
      return r && { userId: r.user_id };
    });
  }

  getDevice(deviceId: string): Promise<DeviceRecord | undefined> {
    return this.run(() => {
      const r = this.q.device.get(deviceId);
      return r && { deviceId, userId: r.user_id, signPub: new Uint8Array(r.sign_pub) };
    });
  }

  putAuthNonce(nonce: string, deviceId: string, expiresAt: number): Promise<void> {
    return this.run(() => void this.q.putNonce.run(nonce, deviceId, expiresAt));
  }

  consumeAuthNonce(nonce: string, deviceId: string, now: number): Promise<{ expiresAt: number } | undefined> {
    return this.run(() => {
      // Deleted whatever the outcome: a nonce is burnt by its first use, even a failed one.
      const r = this.q.takeNonce.get(nonce);
      return r && r.device_id === deviceId && r.expires_at > now ? { expiresAt: r.expires_at } : undefined;
    });
  }

  createSession(s: SessionRecord): Promise<void> {
    return this.run(() => void this.q.putSession.run(s.tokenHash, s.deviceId, s.userId, s.expiresAt));
  }

  getSession(tokenHash: string, now: number): Promise<SessionRecord | undefined> {
    return this.run(() => {
      const r = this.q.session.get(tokenHash, now);
      return r && { tokenHash, deviceId: r.device_id, userId: r.user_id, expiresAt: r.expires_at };
    });
  }

  createInvite(invite: NewInvite) {
    return this.run(() => this.invites.create(invite));
  }
  getInvite(inviteId: string) {
    return this.run(() => this.invites.get(inviteId));
  }
  respondToInvite(inviteId: string, answer: { responderUser: string; responderDevice: string; response: string }, now: number) {
    return this.run(() => this.invites.respond(inviteId, answer, now));
  }
  declineInvite(inviteId: string, byUser: string) {
    return this.run(() => this.invites.decline(inviteId, byUser));
  }
  revealInvite(inviteId: string, byUser: string, reveal: string, bond: NewBond) {
    return this.run(() => this.invites.reveal(inviteId, byUser, reveal, bond));
  }
  listPairings(userId: string) {
    return this.run(() => this.invites.listFor(userId));
  }

  getBond(bondId: string): Promise<BondRecord | undefined> {
    return this.run(() => {
      const r = this.q.bond.get(bondId);
      return r && bondOf(r);
    });
  }

  listBonds(userId: string): Promise<BondRecord[]> {
    return this.run(() => this.q.bondsOf.all(userId, userId).map(bondOf));
  }

  activateBond(bondId: string, confirmB: SignedBlob): Promise<BondTransition> {
    return this.run(
      this.db.transaction((): BondTransition => {
        const changed = this.q.activate.run(blobJson(confirmB), bondId).changes === 1;
        const r = this.q.bond.get(bondId);
        if (!r) return { status: 'not-found' };
        if (r.state === 'ended') return { status: 'ended', bond: bondOf(r) };
        return { status: changed ? 'changed' : 'unchanged', bond: bondOf(r) };
      }),
    );
  }

  endBond(bondId: string, byUser: string, end: SignedBlob): Promise<BondTransition> {
    return this.run(() => {
      const result = this.db.transaction((): BondTransition => {
        const changed = this.q.end.run(byUser, blobJson(end), bondId).changes === 1;
        if (changed) {
          this.q.deleteEnvelopes.run(bondId);
          this.q.deleteKeyDists.run(bondId);
          this.q.wipeInviteBlobs.run(bondId);
          this.liveEnvelopes.dropBond(bondId);
          this.trail.dropBond(bondId);
        }
        const r = this.q.bond.get(bondId);
        if (!r) return { status: 'not-found' };
        return { status: changed ? 'changed' : 'unchanged', bond: bondOf(r) };
      })();
      // Move the zeroed pages into the main file and cut the WAL to zero bytes, so the old frames that
      // still held the ciphertext are gone from disk too.
      if (result.status === 'changed') this.reclaim.reclaim();
      return result;
    });
  }

  putKeyDist(k: NewKeyDist): Promise<PutKeyDistResult> {
    return this.run(
      this.db.transaction((): PutKeyDistResult => {
        const refusal = refusalOf(this.q.bondState.get(k.bondId)?.state);
        if (refusal) return { status: refusal };
        const stored = this.q.putKeyDist.run(k.bondId, k.senderDevice, k.epochId, blobJson(k.blob)).changes === 1;
        return { status: stored ? 'stored' : 'duplicate' };
      }),
    );
  }

  listKeyDists(bondId: string): Promise<SignedBlob[]> {
    return this.run(() => this.q.keyDists.all(bondId).map((r) => parseBlob(r.blob)));
  }

  appendEnvelopes(envelopes: readonly NewEnvelope[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new Error('SqliteStore: expected an open store, got a closed one'));
    return this.appends.submit(envelopes);
  }

  /** Runs inside one transaction for the whole group; the bond's state is read at commit time (S9). */
  private commitEnvelopes(batches: readonly (readonly NewEnvelope[])[]): AppendResult[][] {
    const states = new Map<string, BondRefusal | undefined>();
    return batches.map((batch) =>
      batch.map((e): AppendResult => {
        let refusal = states.get(e.bondId);
        if (!states.has(e.bondId)) {
          refusal = refusalOf(this.q.bondState.get(e.bondId)?.state);
          states.set(e.bondId, refusal);
        }
        if (refusal) return { status: refusal };
        const seq = BigInt.asIntN(64, e.seq);
        // Stored once and deleted since (S27): a duplicate still, though its cursor is gone.
        if (this.liveEnvelopes.isBelowFloor(e.senderDevice, e.epochId, e.seq)) {
          return { status: 'duplicate', cursor: this.q.existingCursor.get(e.senderDevice, e.epochId, seq)?.cursor ?? 0n };
        }
        const inserted = this.q.insertEnvelope.run(e.bondId, e.senderDevice, e.epochId, seq, e.body, e.storedAt);
        if (inserted.changes === 1) return { status: 'stored', cursor: BigInt(inserted.lastInsertRowid) };
        const existing = this.q.existingCursor.get(e.senderDevice, e.epochId, seq);
        return { status: 'duplicate', cursor: existing?.cursor ?? 0n };
      }),
    );
  }

  readEnvelopes(bondId: string, after: bigint, limit: number, maxBytes: number): Promise<StoredEnvelope[]> {
    return this.run(() => {
      const out: StoredEnvelope[] = [];
      let bytes = 0;
      for (const r of this.q.envelopesAfter.iterate(bondId, after, limit)) {
        if (out.length > 0 && bytes + r.body.length > maxBytes) break;
        out.push({ cursor: r.cursor, body: r.body });
        bytes += r.body.length;
      }
      return out;
    });
  }

  markRead(bondId: string, deviceId: string, cursor: bigint): Promise<MarkReadResult> {
    return this.run(() => {
      let deleted = 0;
      const result = this.db.transaction((): MarkReadResult => {
        const bond = this.q.bond.get(bondId);
        const refusal = refusalOf(bond?.state);
        if (refusal || !bond) return { status: refusal ?? 'bond-missing' };
        const read = this.liveEnvelopes.markRead({ bondId, userA: bond.user_a, userB: bond.user_b }, deviceId, cursor);
        deleted = read.deleted;
        return { status: 'ok', cursor: read.cursor, missed: read.missed };
      })();
      if (deleted > 0) this.reclaim.afterDelete();
      return result;
    });
  }

  missedFor(deviceId: string): Promise<Map<string, number>> {
    return this.run(() => this.liveEnvelopes.missedFor(deviceId));
  }

  putChunk(chunk: NewChunk, today: number): Promise<PutChunkResult> {
    return this.run(() => this.trail.putChunk(chunk, today));
  }
  readChunks(ownerId: string, from: number, to: number, maxBytes: number, today: number): Promise<ChunkPage> {
    return this.run(() => this.trail.readChunks(ownerId, from, to, maxBytes, today));
  }
  setRetention(bondId: string, userId: string, days: RetentionDays, today: number): Promise<SetRetentionResult> {
    return this.run(() => this.trail.setRetention(bondId, userId, days, today));
  }
  getRetention(bondId: string): Promise<Map<string, RetentionDays>> {
    return this.run(() => this.trail.getRetention(bondId));
  }
  putVaultKey(vaultId: string, key: VaultKey): Promise<'stored' | 'duplicate'> {
    return this.run(() => this.trail.putVaultKey(vaultId, key));
  }
  listVaultKeys(vaultId: string): Promise<VaultKey[]> {
    return this.run(() => this.trail.listVaultKeys(vaultId));
  }

  putDrop(drop: DropRecord, createdAt: number, maxDrops: number): Promise<PutDropResult> {
    return this.run(() => this.drops.putDrop(drop, createdAt, maxDrops));
  }
  getDrop(dropId: string): Promise<DropRecord | undefined> {
    return this.run(() => this.drops.getDrop(dropId));
  }
  listDrops(userId: string): Promise<DropSummary[]> {
    return this.run(() => this.drops.listDrops(userId));
  }
  appendDropPost(dropId: string, data: string, at: number, maxWaiting: number): Promise<AppendDropResult> {
    return this.run(() => this.drops.appendDropPost(dropId, data, at, maxWaiting));
  }
  readDropPosts(dropId: string, after: number, limit: number): Promise<{ posts: DropPost[]; more: boolean }> {
    return this.run(() => this.drops.readDropPosts(dropId, after, limit));
  }
  ackDropPosts(dropId: string, upTo: number): Promise<number> {
    return this.run(() => this.drops.ackDropPosts(dropId, upTo));
  }

  sweep(now: number, policy: SweepPolicy): Promise<SweepReport> {
    return this.run(() => {
      const today = Math.floor(now / 86_400_000);
      const report = this.db.transaction((): SweepReport => {
        this.q.sweepNonces.run(now);
        this.q.sweepSessions.run(now);
        const envelopesExpired = this.liveEnvelopes.expire(now - policy.liveWindowMs);
        this.liveEnvelopes.forgetFloorsBefore(now - 2 * policy.liveWindowMs);
        const chunksExpired = this.sweptDay === today ? 0 : this.trail.expire(today);
        return { envelopesExpired, chunksExpired };
      })();
      this.sweptDay = today;
      if (report.envelopesExpired + report.chunksExpired > 0) this.reclaim.reclaim();
      else this.reclaim.flush();
      return report;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.appends.flush();
    this.closed = true;
    this.db.close();
  }
}
