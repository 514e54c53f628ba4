/**
 * The device on records, offline, from the fixture home: a fix writes the `source` record only; a record
 * written by another handle of the same store (another process on the home) is read back before the device
 * acts, and is not overwritten by what this device writes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Device,
  type DeviceStore,
  importDocument,
  type MemoryStoreData,
  memoryStore,
  memoryStoreData,
  type StoreOp,
} from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { nodeTimers, nodeTransport } from './node-transport.ts';

const FIXTURE = join(import.meta.dirname, '../test-fixtures/home-v1/device.json');

async function fixtureData(): Promise<MemoryStoreData> {
  const data = memoryStoreData();
  await importDocument(memoryStore(data), await readFile(FIXTURE, 'utf8'));
  return data;
}

function counting(store: DeviceStore): DeviceStore & { ops: StoreOp[] } {
  const ops: StoreOp[] = [];
  return {
    ...store,
    ops,
    async write(batch) {
      ops.push(...batch);
      await store.write(batch);
    },
  };
}

async function open(store: DeviceStore): Promise<Device> {
  const device = await Device.open({
    transport: nodeTransport('http://127.0.0.1:9'), // nothing here talks to a relay
    store,
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: nodeTimers,
  });
  if (!device) throw new Error('no device in the fixture');
  return device;
}

describe('the device on records', () => {
  it('writes only the source record and the fix in its day of the trail when a fix is recorded', async () => {
    const store = counting(memoryStore(await fixtureData()));
    const device = await open(store);
    await device.recordFix({ lat: 47.37, lon: 8.54, acc: 10 });
    // (The trail's day record and its list of unsealed days go through `update`, a read-modify-write.)
    expect(store.ops.map((o) => `${o.op} ${o.kind}`)).toEqual(['put source', 'put trail-fix']);
    device.close();
  });

  it('reads back a shield another process set, and does not overwrite it with its own writes', async () => {
    const data = await fixtureData();
    const watch = await open(memoryStore(data));
    const other = await open(memoryStore(data));
    expect(watch.bonds().find((b) => b.name === 'Bob')?.levels.presence).toBe('hidden');
    await other.setShield('Bob', 'presence', 'exact');
    await other.verifyBond('Carol', 'match');
    // The long-running one writes its own records (a fix, a feeling) after reading back what changed.
    await watch.setFeeling({ mood: 'calm', intensity: 2 });
    await watch.recordFix({ lat: 1, lon: 2 });
    expect(watch.bonds().find((b) => b.name === 'Bob')?.levels.presence).toBe('exact');
    expect(watch.bonds().find((b) => b.name === 'Carol')?.verification).toBe('match');
    const third = await open(memoryStore(data));
    expect(third.bonds().find((b) => b.name === 'Bob')?.levels.presence).toBe('exact');
    expect(third.bonds().find((b) => b.name === 'Carol')?.verification).toBe('match');
    expect(third.myFeeling()?.mood).toBe('calm');
    for (const d of [watch, other, third]) d.close();
  });
});
