// The places part (decision 0016): places are kept on the device and validated; an arrive or leave goes, as
// one `place` message, only to an active bond that may hear of that place and whose `places` shield is exact;
// removing a place or un-sharing it stops its events at once; an ended bond's list is forgotten.
import { METRES_PER_DEGREE, type Message, type ShieldLevel, shieldPolicy, systemRandom } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { BondState, DeviceState } from '../state.ts';
import { memoryStore } from '../store/memory-store.ts';
import { PLACE_KINDS } from '../store/place-records.ts';
import { changes, opsFor } from '../store/records.ts';
import { TRAIL_KINDS } from '../store/trail-records.ts';
import type { StoreCtx } from './owners.ts';
import { PlacesPart } from './places.ts';

const HOME = { name: 'Home', lat: 47.37, lon: 8.54, radius: 100 };
const T0 = 1_765_000_000_000;

function bond(name: string, places: ShieldLevel, verification: BondState['verification'] = 'match'): BondState {
  return {
    bondId: `${name.padEnd(22, 'x')}`,
    status: 'active',
    verification,
    peer: { name },
    shield: shieldPolicy({ places }),
    receiving: {},
    sentView: {},
    receivedView: {},
  } as unknown as BondState;
}

function setUp(bonds: BondState[]) {
  const store = memoryStore();
  let now = T0;
  const sent: { to: string; messages: Message[] }[] = [];
  const ctx = {
    deps: { store, random: systemRandom(), clock: { now: () => now } },
    state: { bonds: Object.fromEntries(bonds.map((b) => [b.bondId, b])) } as unknown as DeviceState,
    refresh: async () => undefined,
  } as unknown as StoreCtx;
  const part = new PlacesPart(ctx, {
    seal: async (b, messages) => {
      sent.push({ to: b.peer.name, messages });
    },
  });
  /** Fixes every 30 s for `ms` at `northM` metres north of Home's centre. */
  const stay = async (northM: number, ms: number) => {
    for (const end = now + ms; now < end; now += 30_000) {
      await part.observe({ lat: HOME.lat + northM / METRES_PER_DEGREE, lon: HOME.lon, acc: 10, ts: now });
    }
    await part.idle();
  };
  return { part, store, sent, stay, at: () => now };
}

describe('places on the device', () => {
  it('are validated, named once, and listed by name', async () => {
    const { part } = setUp([]);
    await part.add({ ...HOME, name: 'work' });
    const home = await part.add(HOME);
    expect(home.id).toMatch(/^[A-Za-z0-9_-]{11}$/);
    expect((await part.list()).map((p) => p.name)).toEqual(['Home', 'work']);
    await expect(part.add({ ...HOME, name: 'HOME' })).rejects.toThrow('you already have a place named "HOME"');
    await expect(part.add({ ...HOME, name: 'Tiny', radius: 10 })).rejects.toThrow("a place's radius");
    await expect(part.add({ ...HOME, name: 'Far', radius: 20_000 })).rejects.toThrow("a place's radius");
    await expect(part.add({ ...HOME, name: 'Pole', lat: 91 })).rejects.toThrow("a place's lat");
    await expect(part.add({ ...HOME, name: '' })).rejects.toThrow("a place's name");
  });

  it('send an arrive and a leave only to the bond that may hear of the place, at exact', async () => {
    const bonds = [bond('Bob', 'exact'), bond('Carol', 'exact'), bond('Dave', 'city'), bond('Erin', 'exact', 'unchecked')];
    const { part, sent, stay } = setUp(bonds);
    await part.add(HOME);
    for (const who of ['Bob', 'Dave', 'Erin']) await part.share(bonds.find((b) => b.peer.name === who)!.bondId, ['home']);
    await stay(0, 5 * 60_000); // at home from the start: confirmed, not an event
    expect(sent).toEqual([]);
    const left = T0 + 5 * 60_000;
    await stay(1000, 5 * 60_000);
    const back = T0 + 10 * 60_000;
    await stay(0, 5 * 60_000);
    expect(sent.map((s) => s.to)).toEqual(['Bob', 'Bob']);
    expect(sent.flatMap((s) => s.messages)).toEqual([
      { kind: 'place', ts: expect.any(Number), event: 'leave', placeId: expect.any(String), name: 'Home', at: left },
      { kind: 'place', ts: expect.any(Number), event: 'arrive', placeId: expect.any(String), name: 'Home', at: back },
    ]);
    // Sent once the dwell confirmed it: 3 min after leaving, 2 min after arriving.
    expect(sent.map((s) => (s.messages[0] as { ts: number }).ts)).toEqual([left + 3 * 60_000, back + 2 * 60_000]);
  });

  it('stop at once when the place is un-shared or removed', async () => {
    const bob = bond('Bob', 'exact');
    const { part, sent, stay } = setUp([bob]);
    await part.add(HOME);
    await part.add({ ...HOME, name: 'Garden', radius: 150 });
    await part.share(bob.bondId, ['Home', 'Garden']);
    expect((await part.sharedWith(bob.bondId)).map((p) => p.name)).toEqual(['Garden', 'Home']);
    await stay(0, 5 * 60_000);
    await part.unshare(bob.bondId, ['home']);
    await stay(1000, 5 * 60_000);
    expect(sent.flatMap((s) => s.messages).map((m) => (m as { name: string }).name)).toEqual(['Garden']);
    await part.remove('Garden');
    expect(await part.sharedWith(bob.bondId)).toEqual([]);
    await stay(0, 5 * 60_000);
    expect(sent).toHaveLength(1);
    await expect(part.share(bob.bondId, ['Garden'])).rejects.toThrow('you have no place named "Garden"');
    await expect(part.remove('Nowhere')).rejects.toThrow('you have no place named "Nowhere"');
  });

  it('write nothing while there is no place, and nothing to a bond whose places are hidden', async () => {
    const bob = bond('Bob', 'hidden');
    const { part, sent, stay, store } = setUp([bob]);
    await stay(0, 60_000);
    expect(await store.get(PLACE_KINDS.presence, '')).toBeUndefined();
    await part.add(HOME);
    await part.share(bob.bondId, ['Home']);
    await stay(0, 5 * 60_000);
    await stay(1000, 5 * 60_000);
    expect(sent).toEqual([]);
    expect(await store.get(PLACE_KINDS.presence, '')).toBeDefined();
  });

  it("forget a bond's list (and its trail records) when the bond ends or is forgotten", () => {
    const ended = { ...bond('Bob', 'exact'), status: 'ended' } as BondState;
    const state = { bonds: { [ended.bondId]: ended }, outbox: [] } as unknown as DeviceState;
    const deletes = (s: DeviceState, id: string) =>
      opsFor(s, [changes.bondAll(id)]).some((op) => op.op === 'delete' && op.kind === PLACE_KINDS.share && op.id === id);
    expect(deletes(state, ended.bondId)).toBe(true);
    const ops = opsFor(state, [changes.bondAll(ended.bondId)]);
    for (const kind of [TRAIL_KINDS.retention, TRAIL_KINDS.sealed, TRAIL_KINDS.read]) {
      expect(
        ops.some((op) => op.kind === kind && op.op !== 'put'),
        kind,
      ).toBe(true);
    }
    expect(deletes(state, 'gone'.padEnd(22, 'x'))).toBe(true);
    const active = bond('Carol', 'exact');
    expect(deletes({ bonds: { [active.bondId]: active }, outbox: [] } as unknown as DeviceState, active.bondId)).toBe(false);
  });
});
