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
 *   its end) is checkpointed with the WAL truncated, so what was forgotten does not linger in `device.db-wal`.
 * better-sqlite3 is synchronous: a wait for the lock blocks this process's event loop, at most the timeout.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceStore, StoredRecord, StoreOp } from '@entwine/client';
import Database from 'better-sqlite3';

export const STORE_FILE = 'device.db';
const BUSY_TIMEOUT_MS = 15_000;

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
  // A prefix is the key range [prefix, prefixEnd(prefix)): the primary key's search stops at its end, where an
  // open range (`id >= prefix` with a check on each row) walked every later id of the kind — all the later days
  // of a trail.
  const listStmt = db.prepare<[string, string, string], { id: string; value: Buffer }>(
    'SELECT id, value FROM records WHERE kind = ? AND id >= ? AND id < ? ORDER BY id',
  );
  const listFromStmt = db.prepare<[string, string], { id: string; value: Buffer }>(
    'SELECT id, value FROM records WHERE kind = ? AND id >= ? ORDER BY id',
  );
  const putStmt = db.prepare<[string, string, Buffer]>('INSERT OR REPLACE INTO records (kind, id, value) VALUES (?, ?, ?)');
  const deleteStmt = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND id = ?');
  const deletePrefixStmt = db.prepare<[string, string, string]>('DELETE FROM records WHERE kind = ? AND id >= ? AND id < ?');
  const deleteFromStmt = db.prepare<[string, string]>('DELETE FROM records WHERE kind = ? AND id >= ?');

  const toBuffer = (value: Uint8Array, what: string): Buffer => {
    if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: expected bytes`);
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  };
  const fromBuffer = (b: Buffer): Uint8Array => new Uint8Array(b); // a copy, detached from SQLite's buffer
  const apply = (op: StoreOp) => {
    if (op.op === 'put') putStmt.run(op.kind, op.id, toBuffer(op.value, `value of ${op.kind}/${op.id}`));
    else if (op.op === 'delete') deleteStmt.run(op.kind, op.id);
    else {
      const end = prefixEnd(op.prefix);
      if (end === undefined) deleteFromStmt.run(op.kind, op.prefix);
      else deletePrefixStmt.run(op.kind, op.prefix, end);
    }
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
      const end = prefixEnd(prefix);
      const rows = end === undefined ? listFromStmt.all(kind, prefix) : listStmt.all(kind, prefix, end);
      return rows.map((r) => ({ id: r.id, value: fromBuffer(r.value) }));
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

/**
 * The least string above every string that starts with `prefix`, in SQLite's BINARY order (bytes of UTF-8, which
 * is code point order): the prefix with its last code point below U+10FFFF raised by one (skipping the surrogates,
 * which UTF-8 has not) and what follows it dropped. Undefined when there is none ('' or only U+10FFFF): every id
 * from `prefix` on starts with it then.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()?.codePointAt(0) ?? 0;
    if (last < 0x10ffff) return points.join('') + String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1);
  }
  return undefined;
}
