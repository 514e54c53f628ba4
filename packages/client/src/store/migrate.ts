/**
 * Moving a device kept as one JSON document (the KeyStore of before the record store) into records: the
 * document is read with every upgrade `parseState` applies, then written as records in one atomic batch.
 * The caller keeps the old document until this resolves (the records are durable then) and only then
 * removes it, so a crash at any point leaves one complete copy: the old file, or the records.
 */
import { parseState } from '../state.ts';
import type { DeviceStore } from './device-store.ts';
import { allOps } from './records.ts';

/** Writes the device in `serialized` into an empty store; refuses a store that already holds a device. */
export async function importDocument(store: DeviceStore, serialized: string): Promise<void> {
  if ((await store.get('identity', '')) !== undefined) throw new Error('importDocument: the store already holds a device');
  await store.write(allOps(parseState(serialized)));
}
