/**
 * The CLI's DeviceStore: one SQLite file (`device.db`, mode 0600) in the `--home` directory, one row per
 * record. Several processes may use one home at once (`watch` beside `confirm`, `shield`, `say`):
 * - WAL, so readers never block the writer and a commit is one append;
 * - `synchronous = FULL`: a resolved write survives power loss, not only a crash of this process (the
 *   outbox and the sequence numbers depend on it: a seq must never be reused after a restart);
 * - `busy_timeout`: a process that finds the home locked waits for the other's commit instead of failing;
 * - `update` runs in `BEGIN IMMEDIATE`, so two processes can never both read the same value and write it
 *   back (the write lock is taken before the read);
 * - `changedElsewhere` is `PRAGMA data_version`, which SQLite changes on another connection's commit only;
 * - deleted rows are zeroed (`secure_delete`), and a batch that removes a whole prefix (a bond forgotten at
 *   its end) is checkpointed with the WAL truncated, so what was forgotten does not linger in `device.db-wal`;
 * - listing (or deleting) a prefix reads that prefix's rows only: the key range is bounded on both sides
 *   (`afterPrefix`), so one day of a trail of years costs what one day of a week does (decision 0014).
 * better-sqlite3 is synchronous: a wait for the lock blocks this process's event loop, at most the timeout.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceStore, StoredRecord, StoreOp } from '@entwine/client';
import Database from 'better-sqlite3';

export const STORE_FILE = 'device.db';
const BUSY_TIMEOUT_MS = 15_000;

/**
 * Records of one kind whose id starts with a prefix, from the key range [prefix, afterPrefix(prefix)). The
 * `substr` test is what decides; the range is what lets SQLite stop at the prefix's end instead of reading
 * every later id of the kind.
 */
export const LIST_PREFIX_SQL = 'SELECT id, value FROM records WHERE kind = ? AND id >= ? AND id < ? AND substr(id, 1, ?) = ? ORDER BY id';

/**
 * The least id above every id that starts with `prefix`: the prefix with its last character one higher. Only
 * when that character is ASCII (every prefix the client uses ends in '/'), where UTF-16 and SQLite's UTF-8
 * byte order agree; otherwise undefined, and the range is left open above.
 */
export function afterPrefix(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  return last < 0x7f ? prefix.slice(0, -1) + String.fromCharCode(last + 1) : undefined;
}

export function sqliteStore(home: string): DeviceStore {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, STORE_FILE);
  // Created 0600 before SQLite opens it: it holds the device's secret keys. The -wal and -shm files take
  // the main file's permissions.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Deleted records (an ended bond's keys and messages) are overwritten with zeros, not left in free pages.
  db.pragma('secure_delete = ON');
  db.exec(
    'CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID',
  );

  const getStmt = db.prepare<[string, string], { value: Buffer }>('SELECT value FROM records WHERE kind = ? AND id = ?');
  const listStmt = db.prepare<[string, string, number, string], { id: string; value: Buffer }>(
    'SELECT id, value FROM records WHERE kind = ? AND id >= ? AND substr(id, 1, ?) = ? ORDER BY id',
  );
  const listRangeStmt = db.prepare<[string, string, string, number, string], { id: string; value: Buffer }>(LIST_PREFIX_SQL);
  const putStmt = db.prepare<[string, string, Buffer]>('INSERT OR REPLACE INTO records (kind, id, value) VALUES (?, ?, ?)');
  const deleteStmt = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND id = ?');
  const deletePrefixStmt = db.prepare<[string, string, number, string]>(
    'DELETE FROM records WHERE kind = ? AND id >= ? AND substr(id, 1, ?) = ?',
  );
  const deleteRangeStmt = db.prepare<[string, string, string, number, string]>(
    'DELETE FROM records WHERE kind = ? AND id >= ? AND id < ? AND substr(id, 1, ?) = ?',
  );
  const listPrefix = (kind: string, prefix: string) => {
    const end = afterPrefix(prefix);
    return end === undefined
      ? listStmt.all(kind, prefix, prefix.length, prefix)
      : listRangeStmt.all(kind, prefix, end, prefix.length, prefix);
  };
  const deletePrefix = (kind: string, prefix: string) => {
    const end = afterPrefix(prefix);
    if (end === undefined) deletePrefixStmt.run(kind, prefix, prefix.length, prefix);
    else deleteRangeStmt.run(kind, prefix, end, prefix.length, prefix);
  };

  const toBuffer = (value: Uint8Array, what: string): Buffer => {
    if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: expected bytes`);
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  };
  const fromBuffer = (b: Buffer): Uint8Array => new Uint8Array(b); // a copy, detached from SQLite's buffer
  const apply = (op: StoreOp) => {
    if (op.op === 'put') putStmt.run(op.kind, op.id, toBuffer(op.value, `value of ${op.kind}/${op.id}`));
    else if (op.op === 'delete') deleteStmt.run(op.kind, op.id);
    else deletePrefix(op.kind, op.prefix);
  };
  const writeBatch = db.transaction((ops: StoreOp[]) => {
    for (const op of ops) apply(op);
  });
  const read = (kind: string, id: string) => {
    const row = getStmt.get(kind, id);
    return row ? fromBuffer(row.value) : undefined;
  };
  const updateOne = db.transaction((kind: string, id: string, fn: (cur: Uint8Array | undefined) => Uint8Array | undefined) => {
    const next = fn(read(kind, id));
    if (next === undefined) deleteStmt.run(kind, id);
    else putStmt.run(kind, id, toBuffer(next, `value of ${kind}/${id}`));
    return next;
  });

  return {
    async get(kind, id) {
      return read(kind, id);
    },
    async list(kind, prefix = ''): Promise<StoredRecord[]> {
      return listPrefix(kind, prefix).map((r) => ({ id: r.id, value: fromBuffer(r.value) }));
    },
    async write(ops) {
      if (ops.length === 0) return;
      writeBatch.immediate(ops);
      if (ops.some((op) => op.op === 'deletePrefix')) db.pragma('wal_checkpoint(TRUNCATE)');
    },
    async update(kind, id, fn) {
      const next = updateOne.immediate(kind, id, fn);
      return next?.slice();
    },
    async changedElsewhere() {
      return db.pragma('data_version', { simple: true }) as number;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
