/**
 * Deleted bytes really leave the disk (decision 0014 §1, rule S30), not only the API:
 * - the database runs with `auto_vacuum = INCREMENTAL`, so pages a delete frees can be handed back to the
 *   file system. A new file gets it before its first table. A file made by a relay older than 0014 has
 *   `auto_vacuum = NONE`, which only a VACUUM can change: `enableIncrementalVacuum` runs that one VACUUM when
 *   the store opens such a file — once, rewriting the whole file (it takes time, and free disk about the
 *   file's size, while it runs; docs/operations.md says so);
 * - `secure_delete = ON` (set by the store) zeroes what a delete frees, so no ciphertext stays readable in
 *   a free page;
 * - `reclaim()` runs `PRAGMA incremental_vacuum` (the file shrinks by its free pages) and then
 *   `wal_checkpoint(TRUNCATE)` (the WAL, whose old frames still hold the deleted pages, is cut to zero bytes).
 *   It is batched: `afterDelete()` reclaims only once the free list holds `thresholdPages`, while the sweep,
 *   a retention change and a bond's end reclaim at once.
 */
import type Database from 'better-sqlite3';

const INCREMENTAL = 2;

/** Call before `journal_mode = WAL`: a VACUUM that changes auto_vacuum is done outside WAL mode. */
export function enableIncrementalVacuum(db: Database.Database): void {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  const fresh = db.pragma('page_count', { simple: true }) === 0;
  if (!fresh) db.pragma('journal_mode = DELETE');
  db.pragma('auto_vacuum = INCREMENTAL');
  if (!fresh) db.exec('VACUUM');
}

export class SqliteReclaim {
  private pending = false;

  constructor(
    private readonly db: Database.Database,
    private readonly thresholdPages: number,
  ) {}

  /** After a transaction that deleted something: reclaims once enough pages are free, else remembers to. */
  afterDelete(): void {
    this.pending = true;
    if ((this.db.pragma('freelist_count', { simple: true }) as number) >= this.thresholdPages) this.reclaim();
  }

  /** Inside a transaction (where no checkpoint can run): the next `flush` reclaims. */
  markPending(): void {
    this.pending = true;
  }

  /** Reclaims if anything was deleted since the last time (the sweep calls this). */
  flush(): void {
    if (this.pending) this.reclaim();
  }

  /** Returns the free pages to the file system and cuts the WAL to zero bytes; retried if another connection held the lock. */
  reclaim(): void {
    this.db.pragma('incremental_vacuum');
    for (let attempt = 0; attempt < 3; attempt++) {
      const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (r?.busy === 0) {
        this.pending = false;
        return;
      }
    }
    throw new Error('SqliteStore: expected the WAL to truncate after a delete, got SQLITE_BUSY three times');
  }
}
