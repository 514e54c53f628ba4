/**
 * The relay the storage benches measure: `createRelay` in its own process (`bench/relay/relay-child.ts`, as
 * the relay bench runs it), with its SQLite data on disk in a temp directory, and what can be read of that
 * data from outside: the three files' sizes, the pages in use, and rows.
 *
 * Reading uses a second connection on the same file (SQLite allows it; the relay's own connection is idle
 * while a bench reads). `reclaim()` runs from it what the relay runs itself after each batch of deletions
 * (`sqlite-reclaim.ts`: `incremental_vacuum`, then `wal_checkpoint(TRUNCATE)`), so two measurements compare
 * the database, not how full the write-ahead log or the free list happened to be at that moment.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RelayLimits } from '@entwine/server';
import Database from 'better-sqlite3';
import { type BenchChild, startChild } from '../relay/proc.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../..');

export interface RelayUnderTest {
  url: string;
  pid: number;
  dataDir: string;
  /** Bytes the relay process caused to be written to storage so far (/proc/<pid>/io write_bytes). */
  writtenBytes(): number;
  stop(): Promise<void>;
}

/**
 * Starts the relay on `dataDir`. The clients of a bench run their clock faster than the wall clock, so the
 * per-device envelope rate limit is lifted (a real device sends 3 envelopes per 15 s); everything else is
 * the relay's default.
 */
export async function startRelayUnderTest(dataDir: string, limits: Partial<RelayLimits> = {}): Promise<RelayUnderTest> {
  const child: BenchChild = await startChild(
    join(REPO, 'bench/relay/relay-child.ts'),
    [dataDir, JSON.stringify({ envelopesPerSecond: 1e9, envelopeBurst: 1e9, ...limits }), String(40 * 60_000), 'nocommitstats'],
    { nofile: 1024, cwd: REPO },
  );
  return { url: child.url, pid: child.pid, dataDir, writtenBytes: () => child.writtenBytes(), stop: () => child.stop() };
}

export const DB_FILES = ['entwine.db', 'entwine.db-wal', 'entwine.db-shm'] as const;

export interface FileSizes {
  db: number;
  wal: number;
  shm: number;
  total: number;
}

/** The sizes of entwine.db, -wal and -shm as they are now (a missing file counts 0). */
export function fileSizes(dataDir: string): FileSizes {
  const [db, wal, shm] = DB_FILES.map((f) => {
    const path = join(dataDir, f);
    return existsSync(path) ? statSync(path).size : 0;
  }) as [number, number, number];
  return { db, wal, shm, total: db + wal + shm };
}

export interface PageStats {
  pageSize: number;
  pages: number;
  freePages: number;
  /** Pages in use per table or index (the dbstat virtual table), name → bytes. */
  byTable: Map<string, number>;
}

/** Runs `fn` on a short-lived second connection to the relay's database. */
export function withDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'entwine.db'));
  try {
    db.pragma('busy_timeout = 10000');
    return fn(db);
  } finally {
    db.close();
  }
}

export function pageStats(dataDir: string): PageStats {
  return withDb(dataDir, (db) => {
    const byTable = new Map<string, number>();
    for (const r of db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[]) {
      byTable.set(r.name, r.bytes);
    }
    return {
      pageSize: db.pragma('page_size', { simple: true }) as number,
      pages: db.pragma('page_count', { simple: true }) as number,
      freePages: db.pragma('freelist_count', { simple: true }) as number,
      byTable,
    };
  });
}

/** Moves the WAL into the database file and cuts it to 0 bytes, as the relay's reclaim does. */
export function checkpoint(dataDir: string): void {
  withDb(dataDir, (db) => {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (r?.busy !== 0) throw new Error('checkpoint: expected the WAL to truncate, got SQLITE_BUSY');
  });
}

/** Free pages in the file now: what deletions freed and the relay has not handed back yet. */
export function freePages(dataDir: string): number {
  return withDb(dataDir, (db) => db.pragma('freelist_count', { simple: true }) as number);
}

/**
 * Hands free pages back and truncates the WAL — what the relay's reclaim runs after deletions, batched (at
 * 256 free pages, and on its sweep every minute); run here so two measurements need not wait for the sweep.
 */
export function reclaim(dataDir: string): void {
  withDb(dataDir, (db) => db.pragma('incremental_vacuum'));
  checkpoint(dataDir);
}

export interface OwnerRows {
  chunks: number;
  chunkBytes: number;
  envelopes: number;
  envelopeBytes: number;
  keyDists: number;
  keyDistBytes: number;
  /** read_positions + envelope_floors + retention rows of the bond. */
  otherRows: number;
}

/** What the relay holds for one bond (or vault) id: rows and the bytes of their bodies. */
export function ownerRows(dataDir: string, ownerId: string, days?: { from: number; to: number }): OwnerRows {
  return withDb(dataDir, (db) => {
    const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
    const range = days ? ' AND day BETWEEN ? AND ?' : '';
    const dayArgs = days ? [days.from, days.to] : [];
    const c = one<{ n: number; b: number | null }>(
      `SELECT count(*) AS n, sum(length(body)) AS b FROM chunks WHERE owner_id = ?${range}`,
      ownerId,
      ...dayArgs,
    );
    const e = one<{ n: number; b: number | null }>(
      'SELECT count(*) AS n, sum(length(body)) AS b FROM envelopes WHERE bond_id = ?',
      ownerId,
    );
    const k = one<{ n: number; b: number | null }>(
      'SELECT count(*) AS n, sum(length(blob)) AS b FROM key_dists WHERE bond_id = ?',
      ownerId,
    );
    const other =
      one<{ n: number }>('SELECT count(*) AS n FROM read_positions WHERE bond_id = ?', ownerId).n +
      one<{ n: number }>('SELECT count(*) AS n FROM envelope_floors WHERE bond_id = ?', ownerId).n +
      one<{ n: number }>('SELECT count(*) AS n FROM retention WHERE bond_id = ?', ownerId).n;
    return {
      chunks: c.n,
      chunkBytes: c.b ?? 0,
      envelopes: e.n,
      envelopeBytes: e.b ?? 0,
      keyDists: k.n,
      keyDistBytes: k.b ?? 0,
      otherRows: other,
    };
  });
}

/**
 * What one day chunk takes on disk, measured on a stopped relay's file: it is deleted, its pages handed back
 * (`incremental_vacuum`, as the relay's reclaim does) and the WAL truncated; answers how much the file shrank.
 * Pages a chunk shares with other rows (a leaf of the table or its index) stay, so this is its own pages.
 */
export function chunkBytesOnDisk(dataDir: string, ownerId: string, day: number): number {
  return withDb(dataDir, (db) => {
    const size = () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return fileSizes(dataDir).total;
    };
    const before = size();
    db.prepare('DELETE FROM chunks WHERE owner_id = ? AND day = ?').run(ownerId, day);
    db.pragma('incremental_vacuum');
    return before - size();
  });
}
