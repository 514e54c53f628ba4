/**
 * The device's state as its records hold it, for tools and tests that look at what is at rest (a CLI
 * home, a memory store) without opening a Device.
 */
import type { DeviceState } from '../state.ts';
import { DeviceRecords } from './device-records.ts';
import type { DeviceStore, StoredRecord } from './device-store.ts';
import { type MemoryStoreData, memoryStore } from './memory-store.ts';
import { KINDS } from './records.ts';

export async function loadDeviceState(store: DeviceStore): Promise<DeviceState | undefined> {
  return (await DeviceRecords.load(store))?.state;
}

/** The same, read synchronously from a memory store's data as it is now. */
export function deviceStateOf(data: MemoryStoreData): DeviceState | undefined {
  const lists = new Map<string, StoredRecord[]>();
  for (const kind of Object.values(KINDS)) {
    const ids = data.records.get(kind) ?? new Map<string, Uint8Array>();
    lists.set(
      kind,
      [...ids.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, value]) => ({ id, value })),
    );
  }
  return DeviceRecords.assemble(memoryStore(data), lists)?.state;
}
