/**
 * What a relay keeps, read straight from its SQLite file (schema: packages/server/src/store/sqlite-schema.ts),
 * and whether given bytes are still anywhere in that file or its WAL. Each read opens the file read-only and
 * closes it again, so the relay's own checkpoints never wait on it (an in-process relay runs on the same
 * thread, so a read never interleaves with one of its writes).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dbBytes } from '../../packages/server/src/test-support/db-bytes.ts';

export interface ChunkRow {
  ownerId: string;
  ownerKind: 'bond' | 'vault';
  day: number;
  senderDevice: string;
  revision: bigint;
  body: Buffer;
}

export interface EnvelopeRow {
  cursor: bigint;
  bondId: string;
  senderDevice: string;
  body: Buffer;
}

function read<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(sql)
      .safeIntegers(true)
      .all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Every day chunk the relay keeps, by owner, day and sender device. */
export function chunkRows(dataDir: string): ChunkRow[] {
  return read<{ owner_id: string; owner_kind: 'bond' | 'vault'; day: bigint; sender_device: string; revision: bigint; body: Buffer }>(
    dataDir,
    'SELECT owner_id, owner_kind, day, sender_device, revision, body FROM chunks ORDER BY owner_id, day, sender_device',
  ).map((r) => ({
    ownerId: r.owner_id,
    ownerKind: r.owner_kind,
    day: Number(r.day),
    senderDevice: r.sender_device,
    // Stored as a signed INTEGER by two's-complement reinterpretation (sqlite-schema.ts).
    revision: BigInt.asUintN(64, r.revision),
    body: r.body,
  }));
}

/** Every live envelope the relay keeps (of one bond, or all). */
export function envelopeRows(dataDir: string, bondId?: string): EnvelopeRow[] {
  const rows = read<{ cursor: bigint; bond_id: string; sender_device: string; body: Buffer }>(
    dataDir,
    `SELECT cursor, bond_id, sender_device, body FROM envelopes${bondId === undefined ? '' : ' WHERE bond_id = ?'} ORDER BY cursor`,
    ...(bondId === undefined ? [] : [bondId]),
  );
  return rows.map((r) => ({ cursor: r.cursor, bondId: r.bond_id, senderDevice: r.sender_device, body: r.body }));
}

/**
 * A piece of a stored row's ciphertext to look for in the files later: 32 bytes from its middle, past any
 * clear header, so a hit is that row's bytes and nothing else (random bytes do not repeat by chance).
 */
export function fingerprint(body: Buffer): Buffer {
  const at = Math.floor(body.length / 2);
  return Buffer.from(body.subarray(at, at + 32));
}

/** How many of `pieces` are still in the relay's database file or its WAL. */
export function piecesOnDisk(dataDir: string, pieces: readonly Buffer[]): number {
  const bytes = dbBytes(dataDir);
  return pieces.filter((p) => bytes.includes(p)).length;
}
