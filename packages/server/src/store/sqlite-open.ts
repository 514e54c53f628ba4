/**
 * Opens `<dataDir>/entwine.db` for the SQLite store, and brings a file an older relay made up to this
 * schema in one transaction:
 * - `auto_vacuum=INCREMENTAL` first (one VACUUM for a file made before decision 0014, `sqlite-reclaim.ts`);
 * - `journal_mode=WAL` + `synchronous=FULL`: a COMMIT has been fsynced when it returns (S1);
 * - `secure_delete=ON`: what a delete frees is zeroed;
 * - a file of a newer schema is refused rather than written in a shape this code does not know;
 * - columns added since version 1 are added, and their rows filled (`ADDED_COLUMNS`): envelopes an older
 *   relay stored get the time of this migration as their `stored_at`, from `clock`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@entwine/core';
import Database from 'better-sqlite3';
import { enableIncrementalVacuum } from './sqlite-reclaim.ts';
import { ADDED_COLUMNS, INDEX_SQL, SCHEMA_SQL, SCHEMA_VERSION } from './sqlite-schema.ts';

export function openSqliteFile(dataDir: string, clock: Clock): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, 'entwine.db'));
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new RangeError(`entwine.db schema: expected version ≤ ${SCHEMA_VERSION}, got ${version}`);
    enableIncrementalVacuum(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    // Another connection (an operator's sqlite3 shell, a backup) must not make a write fail at once.
    db.pragma('busy_timeout = 5000');
    // After a checkpoint resets the WAL, cut its file back so a burst does not hold disk forever.
    db.pragma('journal_size_limit = 67108864');
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      db.exec(SCHEMA_SQL);
      for (const added of ADDED_COLUMNS) {
        const columns = db.prepare(`PRAGMA table_info(${added.table})`).all() as { name: string }[];
        if (columns.some((c) => c.name === added.column)) continue;
        db.exec(added.sql);
        if (added.fill) db.prepare(added.fill).run(clock.now());
      }
      db.exec(INDEX_SQL);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
