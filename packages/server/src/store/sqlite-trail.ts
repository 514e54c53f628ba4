/**
 * The TrailStore half of the SQLite store (`trail-store.ts` states the rules: S28 newest revision only, S9
 * active bonds only, S29 retention, S31 vault keys). Each write is one transaction that reads the bond's
 * state and the retention at commit time. A chunk row is replaced in place by a newer revision, so the table
 * holds one row per (owner, day, sender device); the old body's pages are zeroed (`secure_delete`) and
 * handed back (`sqlite-reclaim.ts`): batched after a new revision, at once after a retention deleted days.
 */
import { DEFAULT_RETENTION_DAYS, type RetentionDays, type SignedBlob } from '@entwine/core';
import type Database from 'better-sqlite3';
import type { SqliteReclaim } from './sqlite-reclaim.ts';
import { refusalOf } from './sqlite-rows.ts';
import type { BondState } from './store.ts';
import type { ChunkPage, NewChunk, PutChunkResult, SetRetentionResult, StoredChunk, VaultKey } from './trail-store.ts';

interface RetentionRow {
  days: number | null;
  floor_day: number;
}

interface DeletedDay {
  owner_id: string;
  sender_user: string;
  day: number;
}

function trailStatements(db: Database.Database) {
  return {
    bondState: db.prepare<[string], { state: BondState }>('SELECT state FROM bonds WHERE bond_id = ?'),
    revision: db
      .prepare<[string, number, string], { revision: bigint }>(
        'SELECT revision FROM chunks WHERE owner_id = ? AND day = ? AND sender_device = ?',
      )
      .safeIntegers(true),
    putChunk: db.prepare<[string, number, string, string, string, bigint, Uint8Array]>(
      `INSERT INTO chunks (owner_id, day, sender_device, owner_kind, sender_user, revision, body) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (owner_id, day, sender_device) DO UPDATE SET revision = excluded.revision, body = excluded.body`,
    ),
    chunks: db
      .prepare<
        [string, number, number],
        { day: bigint; sender_device: string; owner_kind: string; sender_user: string; revision: bigint; body: Buffer }
      >(
        `SELECT day, sender_device, owner_kind, sender_user, revision, body FROM chunks
         WHERE owner_id = ? AND day BETWEEN ? AND ? ORDER BY day, sender_device`,
      )
      .safeIntegers(true),
    retention: db.prepare<[string, string], RetentionRow>('SELECT days, floor_day FROM retention WHERE bond_id = ? AND user_id = ?'),
    retentionOf: db.prepare<[string], { user_id: string; days: number | null }>('SELECT user_id, days FROM retention WHERE bond_id = ?'),
    setRetention: db.prepare<[string, string, number | null, number]>(
      `INSERT INTO retention (bond_id, user_id, days, floor_day) VALUES (?, ?, ?, ?)
       ON CONFLICT (bond_id, user_id) DO UPDATE SET days = excluded.days, floor_day = excluded.floor_day`,
    ),
    deleteBefore: db.prepare<[string, string, number], DeletedDay>(
      'DELETE FROM chunks WHERE owner_id = ? AND sender_user = ? AND day < ? RETURNING owner_id, sender_user, day',
    ),
    // The sweep, once per UTC day: chunks of sharers who never chose (the default) …
    expireDefault: db.prepare<[number], DeletedDay>(
      `DELETE FROM chunks WHERE owner_kind = 'bond' AND day < ?
       AND NOT EXISTS (SELECT 1 FROM retention r WHERE r.bond_id = chunks.owner_id AND r.user_id = chunks.sender_user)
       RETURNING owner_id, sender_user, day`,
    ),
    // … and of those who chose a number of days.
    expireChosen: db.prepare<[number], DeletedDay>(
      `DELETE FROM chunks WHERE rowid IN (SELECT c.rowid FROM retention r
         JOIN chunks c ON c.owner_id = r.bond_id AND c.sender_user = r.user_id
         WHERE r.days IS NOT NULL AND c.day < ? - r.days)
       RETURNING owner_id, sender_user, day`,
    ),
    // A deletion raises the sharer's floor past the newest day it took (a sharer on the default gets a row
    // saying the default, so the floor has somewhere to live).
    raiseFloor: db.prepare<[string, string, number | null, number]>(
      `INSERT INTO retention (bond_id, user_id, days, floor_day) VALUES (?, ?, ?, ?)
       ON CONFLICT (bond_id, user_id) DO UPDATE SET floor_day = max(floor_day, excluded.floor_day)`,
    ),
    dropBond: [
      db.prepare<[string]>('DELETE FROM chunks WHERE owner_id = ?'),
      db.prepare<[string]>('DELETE FROM retention WHERE bond_id = ?'),
    ],
    putVaultKey: db.prepare<[string, string, string]>(
      'INSERT INTO vault_keys (vault_id, epoch_id, blob) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    vaultKeys: db.prepare<[string], { epoch_id: string; blob: string }>(
      'SELECT epoch_id, blob FROM vault_keys WHERE vault_id = ? ORDER BY rowid',
    ),
  };
}

/** Per (bond, sharer) whose chunks were deleted, the floor goes past the newest day deleted (in the same transaction). */
function raiseFloors(q: ReturnType<typeof trailStatements>, deleted: DeletedDay[]): void {
  const newest = new Map<string, DeletedDay>();
  for (const d of deleted) {
    const key = `${d.owner_id}/${d.sender_user}`;
    if ((newest.get(key)?.day ?? -1) < d.day) newest.set(key, d);
  }
  for (const d of newest.values()) q.raiseFloor.run(d.owner_id, d.sender_user, DEFAULT_RETENTION_DAYS, Number(d.day) + 1);
}

/** The first day a retention keeps on `today`: the default when never chosen, never below a past deletion. */
function keepsFrom(row: RetentionRow | undefined, today: number): number {
  if (!row) return today - DEFAULT_RETENTION_DAYS;
  return row.days === null ? row.floor_day : Math.max(row.floor_day, today - row.days);
}

export class SqliteTrail {
  private readonly q: ReturnType<typeof trailStatements>;
  private readonly put: (c: NewChunk, today: number) => PutChunkResult;
  private readonly retain: (bondId: string, userId: string, days: RetentionDays, today: number) => SetRetentionResult;

  constructor(
    db: Database.Database,
    private readonly reclaim: SqliteReclaim,
  ) {
    const q = trailStatements(db);
    this.q = q;
    this.put = db.transaction((c: NewChunk, today: number): PutChunkResult => {
      if (c.ownerKind === 'bond') {
        const refusal = refusalOf(q.bondState.get(c.ownerId)?.state);
        if (refusal) return { status: refusal };
        if (c.day < keepsFrom(q.retention.get(c.ownerId, c.senderUser), today)) return { status: 'retention' };
      }
      const stored = q.revision.get(c.ownerId, c.day, c.senderDevice);
      if (stored) {
        const storedRevision = BigInt.asUintN(64, stored.revision);
        if (c.revision <= storedRevision) return { status: 'stale', storedRevision };
      }
      q.putChunk.run(c.ownerId, c.day, c.senderDevice, c.ownerKind, c.senderUser, BigInt.asIntN(64, c.revision), c.body);
      return { status: 'stored' };
    });
    this.retain = db.transaction((bondId: string, userId: string, days: RetentionDays, today: number): SetRetentionResult => {
      const refusal = refusalOf(q.bondState.get(bondId)?.state);
      if (refusal) return { status: refusal };
      // The floor stays where deletions put it: days never deleted (never sent, or not yet swept) may still
      // come under a longer retention; a day at or before one deleted never does.
      const floor = q.retention.get(bondId, userId)?.floor_day ?? 0;
      q.setRetention.run(bondId, userId, days, floor);
      const deleted = q.deleteBefore.all(bondId, userId, keepsFrom({ days, floor_day: floor }, today));
      raiseFloors(q, deleted);
      return { status: 'set', deleted: deleted.length };
    });
  }

  putChunk(c: NewChunk, today: number): PutChunkResult {
    const result = this.put(c, today);
    // A newer revision may have replaced an older body, whose pages are free now.
    if (result.status === 'stored') this.reclaim.afterDelete();
    return result;
  }

  /** A bond chunk its sharer's retention no longer keeps on `today` is left out even before the sweep deleted it. */
  readChunks(ownerId: string, from: number, to: number, maxBytes: number, today: number): ChunkPage {
    const keeps = new Map<string, number>();
    const kept = (user: string, chunkDay: number) => {
      let first = keeps.get(user);
      if (first === undefined) {
        first = keepsFrom(this.q.retention.get(ownerId, user), today);
        keeps.set(user, first);
      }
      return chunkDay >= first;
    };
    const chunks: StoredChunk[] = [];
    let bytes = 0;
    let day: StoredChunk[] = [];
    let dayBytes = 0;
    // A day is added whole, or (once the page holds something) not at all.
    const close = (): boolean => {
      if (chunks.length > 0 && bytes + dayBytes > maxBytes) return false;
      chunks.push(...day);
      bytes += dayBytes;
      day = [];
      dayBytes = 0;
      return true;
    };
    for (const r of this.q.chunks.iterate(ownerId, from, to)) {
      const chunk = { day: Number(r.day), senderDevice: r.sender_device, revision: BigInt.asUintN(64, r.revision), body: r.body };
      if (r.owner_kind === 'bond' && !kept(r.sender_user, chunk.day)) continue;
      if (day.length > 0 && (day[0] as StoredChunk).day !== chunk.day && !close()) return { chunks, nextDay: (day[0] as StoredChunk).day };
      day.push(chunk);
      dayBytes += chunk.body.length;
    }
    if (day.length > 0 && !close()) return { chunks, nextDay: (day[0] as StoredChunk).day };
    return { chunks, nextDay: undefined };
  }

  setRetention(bondId: string, userId: string, days: RetentionDays, today: number): SetRetentionResult {
    const result = this.retain(bondId, userId, days, today);
    // Lowering deletes at once, from the files too (issue 13, acceptance 4).
    if (result.status === 'set' && result.deleted > 0) this.reclaim.reclaim();
    return result;
  }

  getRetention(bondId: string): Map<string, RetentionDays> {
    return new Map(this.q.retentionOf.all(bondId).map((r) => [r.user_id, r.days as RetentionDays]));
  }

  /** Inside the sweep's transaction. */
  expire(today: number): number {
    const deleted = [...this.q.expireDefault.all(today - DEFAULT_RETENTION_DAYS), ...this.q.expireChosen.all(today)];
    raiseFloors(this.q, deleted);
    return deleted.length;
  }

  /** Inside the bond end's transaction. */
  dropBond(bondId: string): void {
    for (const statement of this.q.dropBond) statement.run(bondId);
  }

  putVaultKey(vaultId: string, key: VaultKey): 'stored' | 'duplicate' {
    const json = JSON.stringify({ body: key.blob.body, sig: key.blob.sig });
    return this.q.putVaultKey.run(vaultId, key.epochId, json).changes === 1 ? 'stored' : 'duplicate';
  }

  listVaultKeys(vaultId: string): VaultKey[] {
    return this.q.vaultKeys.all(vaultId).map((r) => ({ epochId: r.epoch_id, blob: JSON.parse(r.blob) as SignedBlob }));
  }
}
