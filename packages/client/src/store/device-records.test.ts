// Two handles on one store stand for two processes on one CLI home (watch beside shield, confirm, say).
import { shieldPolicy, withShield } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { BondState, DeviceState } from '../state.ts';
import { emptyView } from '../view.ts';
import { DeviceRecords, mergeTopLevel } from './device-records.ts';
import { memoryStore, memoryStoreData } from './memory-store.ts';
import { allOps, changes } from './records.ts';

function stateWithBond(): DeviceState {
  const bond = {
    bondId: 'b1',
    inviteId: 'i1',
    role: 'inviter',
    status: 'pending',
    peer: { name: 'Bob' },
    sas: '123456',
    safetyNumber: '1 2 3',
    verification: 'unchecked',
    receiving: {},
    cursor: '0',
    shield: shieldPolicy({ thoughts: 'exact' }),
    sentView: emptyView(),
    receivedView: emptyView(),
  } as unknown as BondState;
  return {
    v: 1,
    name: 'Alice',
    server: 'http://127.0.0.1:1',
    identity: { seed: 's', publicKey: 'p', userId: 'u' },
    device: { deviceId: 'd', signSeed: 's', signPub: 'p', dhPriv: 'x', dhPub: 'y' },
    deviceList: { blob: {} as DeviceState['deviceList']['blob'], version: 1 },
    invites: {},
    requests: {},
    bonds: { b1: bond },
    outbox: [],
    source: { coarseningKey: 'A'.repeat(43), grid: {} },
  };
}

async function twoHandles() {
  const data = memoryStoreData();
  const state = stateWithBond();
  await DeviceRecords.create(memoryStore(data), state, allOps(state));
  const one = (await DeviceRecords.load(memoryStore(data))) as DeviceRecords;
  const two = (await DeviceRecords.load(memoryStore(data))) as DeviceRecords;
  const reread = async () => ((await DeviceRecords.load(memoryStore(data))) as DeviceRecords).state.bonds.b1 as BondState;
  return { one, two, reread };
}

const bondOf = (r: DeviceRecords) => r.state.bonds.b1 as BondState;

describe('two writers of one store, each changing a different field of one record', () => {
  it('keeps both shields set at once on different facets (neither process read the other’s first)', async () => {
    const { one, two, reread } = await twoHandles();
    bondOf(one).shield = withShield(bondOf(one).shield, 'feelings', 'exact', { now: 1 });
    bondOf(two).shield = withShield(bondOf(two).shield, 'location', 'city', { now: 1, forMs: 60_000 });
    await one.save(changes.shield('b1'));
    await two.save(changes.shield('b1'));
    const shield = (await reread()).shield;
    expect(shield.thoughts.level).toBe('exact');
    expect(shield.feelings.level).toBe('exact');
    expect(shield.location).toEqual({ level: 'city', until: 60_001, revertTo: 'hidden' });
    // The second writer's memory now holds the merged record too.
    expect(bondOf(two).shield.feelings.level).toBe('exact');
  });

  it('keeps a confirm’s check and a watch’s activation of one bond', async () => {
    const { one, two, reread } = await twoHandles();
    bondOf(one).verification = 'match';
    bondOf(two).status = 'active';
    await one.save(changes.bond('b1'));
    await two.save(changes.bond('b1'));
    expect(await reread()).toMatchObject({ status: 'active', verification: 'match' });
  });

  it('lets the same field changed by both end with the later writer', async () => {
    const { one, two, reread } = await twoHandles();
    bondOf(one).shield = withShield(bondOf(one).shield, 'feelings', 'exact', { now: 1 });
    bondOf(two).shield = withShield(bondOf(two).shield, 'feelings', 'frozen', { now: 1 });
    await one.save(changes.shield('b1'));
    await two.save(changes.shield('b1'));
    expect((await reread()).shield.feelings.level).toBe('frozen');
  });
});

describe('mergeTopLevel', () => {
  it('takes what mine changed or removed relative to base, and theirs for everything else', () => {
    expect(mergeTopLevel({ a: 1, b: 1, c: 1 }, { a: 2, b: 1 }, { a: 1, b: 3, c: 1, d: 4 })).toEqual({ a: 2, b: 3, d: 4 });
  });
});
