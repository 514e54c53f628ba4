/**
 * The CLI's key store: one JSON file, mode 0600, in the `--home` directory. Writes are durable and
 * atomic — temp file → fsync → rename → fsync the directory — so a crash leaves either the old state
 * or the new one, never a torn file, and an acknowledged send is never forgotten.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyStore } from '@entwine/client';

export const STATE_FILE = 'device.json';

export function fileKeyStore(home: string): KeyStore {
  const path = join(home, STATE_FILE);
  let counter = 0;
  return {
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async save(serialized) {
      await mkdir(home, { recursive: true, mode: 0o700 });
      const tmp = `${path}.${process.pid}.${counter++}.tmp`;
      const file = await open(tmp, 'w', 0o600);
      try {
        await file.writeFile(serialized, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, path);
      const dir = await open(home, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    },
  };
}
