/**
 * The store of one CLI home: `device.db` (sqlite-store.ts). A home made before the record store holds
 * `device.json` (the whole state as one document): its first open moves it into records, and the
 * document is deleted only once the records are committed (synchronous = FULL), so a crash at any point
 * leaves one complete copy. It is deleted, not kept renamed: it holds every key and everything received,
 * and a bond ended later must not live on in an old copy (docs/threat-model.md).
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type DeviceStore, importDocument } from '@entwine/client';
import { sqliteStore } from './sqlite-store.ts';

/** The single-document state file of before (read once, for the migration). */
export const LEGACY_STATE_FILE = 'device.json';

export async function openHomeStore(home: string): Promise<DeviceStore> {
  const store = sqliteStore(home);
  await migrateLegacyState(home, store);
  return store;
}

async function migrateLegacyState(home: string, store: DeviceStore): Promise<void> {
  const path = join(home, LEGACY_STATE_FILE);
  let serialized: string;
  try {
    serialized = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // Another process on this home may have moved it first: then the records are already there.
  if ((await store.get('identity', '')) === undefined) await importDocument(store, serialized);
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const dir = await open(home, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The relay this home's device was made on, without opening the device. */
export async function savedServer(store: DeviceStore): Promise<string | undefined> {
  const meta = await store.get('meta', '');
  return meta ? (JSON.parse(new TextDecoder().decode(meta)) as { server: string }).server : undefined;
}
