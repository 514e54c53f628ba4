/** The bytes of a relay's SQLite database and its write-ahead log, to scan for what must be gone from disk. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const dbBytes = (dir: string): Buffer =>
  Buffer.concat(
    ['entwine.db', 'entwine.db-wal']
      .map((f) => join(dir, f))
      .filter(existsSync)
      .map((p) => readFileSync(p)),
  );
