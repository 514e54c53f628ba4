/**
 * The embedded Store: one better-sqlite3 connection on `<dataDir>/entwine.db`.
 * - `journal_mode=WAL` + `synchronous=FULL`: a COMMIT has been fsynced when it returns, so an ack sent
 *   after it is an ack of durable data (S1).
 * - Envelope appends are group-committed (one transaction per event-loop turn, see `group-commit.ts`).
 * - `secure_delete=ON` zeroes freed content, and ending a bond runs `wal_checkpoint(TRUNCATE)` after its
 *   delete, so the deleted ciphertext is in neither `entwine.db` nor `entwine.db-wal` afterwards (S3).
 * Every statement is prepared once; the connection is used only from this thread, so each
 * `transaction()` is also the unit of atomicity for the check-and-set transitions.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedBlob } from '@entwine/core';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit.ts';
import { SqliteInvites } from './sqlite-invites.ts';
import { ADDED_COLUMNS, SCHEMA_SQL, SCHEMA_VERSION } from './sqlite-schema.ts';
import { type BondRow, prepareStatements, type Statements } from './sqlite-statements.ts';
import type {
  AppendResult,
  BondRecord,
  BondRefusal,
  BondState,
  BondTransition,
  DeviceRecord,
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
  UserRecord,
} from './store.ts';

export interface SqliteStoreOptions {
  dataDir: string;
  /** Flush the group-commit queue once it holds this many envelopes (default 1024). */
  maxBatchRows?: number;
}

const blobJson = (b: SignedBlob) => JSON.stringify({ body: b.body, sig: b.sig });
const parseBlob = (s: string): SignedBlob => JSON.parse(s) as SignedBlob;
const refusalOf = (state: BondState | undefined): BondRefusal | undefined =>
  state === undefined ? 'bond-missing' : state === 'pending' ? 'bond-pending' : state === 'ended' ? 'bond-ended' : undefined;

function bondOf(r: BondRow): BondRecord {
  const bond: BondRecord = {
    bondId: r.bond_id,
    inviteId: r.invite_id,
    userA: r.user_a,
    userB: r.user_b,
    state: r.state,
    confirmA: parseBlob(r.confirm_a),
  };
  if (r.confirm_b !== null) bond.confirmB = parseBlob(r.confirm_b);
  if (r.ended_by !== null) bond.endedBy = r.ended_by;
  if (r.end_doc !== null) bond.end = parseBlob(r.end_doc);
  return bond;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly invites: SqliteInvites;
  private readonly appends: GroupCommit<NewEnvelope, AppendResult>;
  private closed = false;
  private readonly q: Statements;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    const db = new Database(join(options.dataDir, 'entwine.db'));
    this.db = db;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    // Another connection (an operator's sqlite3 shell, a backup) must not make a write fail at once.
    db.pragma('busy_timeout = 5000');
    // After a checkpoint resets the WAL, cut its file back so a burst does not hold disk forever.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = OFF');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new RangeError(`entwine.db schema: expected version ≤ ${SCHEMA_VERSION}, got ${version}`);
    db.exec(SCHEMA_SQL);
    for (const added of ADDED_COLUMNS) {
      const columns = db.prepare(`PRAGMA table_info(${added.table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === added.column)) db.exec(added.sql);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    this.q = prepareStatements(db);
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
        return { status: 'stored', removedDevices };
      }),
    );
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
        }
        const r = this.q.bond.get(bondId);
        if (!r) return { status: 'not-found' };
        return { status: changed ? 'changed' : 'unchanged', bond: bondOf(r) };
      })();
      // Move the zeroed pages into the main file and cut the WAL to zero bytes, so the old frames that
      // still held the ciphertext are gone from disk too.
      if (result.status === 'changed') this.truncateWal();
      return result;
    });
  }

  /** Checkpoints everything and cuts the WAL to zero bytes; retried if another connection held the lock. */
  private truncateWal(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (r?.busy === 0) return;
    }
    throw new Error('SqliteStore: expected the WAL to truncate after deleting a bond, got SQLITE_BUSY three times');
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
        const inserted = this.q.insertEnvelope.run(e.bondId, e.senderDevice, e.epochId, seq, e.body);
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

  sweep(now: number): Promise<void> {
    return this.run(() => {
      this.q.sweepNonces.run(now);
      this.q.sweepSessions.run(now);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.appends.flush();
    this.closed = true;
    this.db.close();
  }
}
