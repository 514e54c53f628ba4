// Acceptance 6 (issue 10): one grid per person. Alice shares at street, neighbourhood and city (with Bob,
// Carol and Dave), then restores from her phrase on a new device with a new key store and bonds with them
// again: for the same positions every partner receives the same cell centres as before — the grid of the key
// her phrase derives, not a second, independent one to intersect with the first.
// Control: two random keys (what each install had before) cut different grids for the same positions.
import type { AreaLevel } from '@entwine/core';
import { cellCentre, cellOf, coarseningKeyOf, gridOffset, identityFromPhrase, nobleEd25519 } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { seededRandom } from './support/seeded-random.ts';
import { bondWith, type VirtualDevice, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const SEED = 6060;
const LEVELS: readonly AreaLevel[] = ['street', 'neighbourhood', 'city'];
/** The city quantum: a new position is published on the first tick of a later one, after every dwell. */
const QUANTUM_MS = 900_000;
const FIX_EVERY_MS = 60_000;
/** Longer than the city dwell (15 min), so every level has committed to the new cell. */
const HOLD_MS = 16 * 60_000;

/** Twelve places ~14–25 km apart, so each one is a new cell at every level. */
const POSITIONS = Array.from({ length: 12 }, (_, i) => ({
  lat: 47.05 + i * 0.137 + (i % 3) * 0.0123,
  lon: 7.9 + i * 0.171 - (i % 4) * 0.0071,
}));

type Partners = Record<AreaLevel, VirtualDevice>;

/** What each partner is sent for each position, in order: the centre of the cell, or a level's marker. */
async function shareEveryPosition(alice: VirtualDevice, partners: Partners, vt: VirtualTime) {
  const seen = Object.fromEntries(LEVELS.map((l) => [l, partners[l].events.length])) as Record<AreaLevel, number>;
  for (const p of POSITIONS) {
    const from = Math.ceil((vt.now() + 1) / QUANTUM_MS) * QUANTUM_MS;
    for (let t = from; t <= from + HOLD_MS; t += FIX_EVERY_MS) {
      await vt.advanceTo(t, async () => undefined);
      await alice.device.recordFix({ ...p, acc: 5 });
    }
    await vt.advanceTo(Math.ceil((vt.now() + 1) / QUANTUM_MS) * QUANTUM_MS, async () => undefined);
    await alice.device.publishTick();
  }
  const received = {} as Record<AreaLevel, { lat: number; lon: number }[]>;
  const aliceBonds = new Set(alice.device.bonds().map((b) => b.bondId));
  for (const level of LEVELS) {
    await partners[level].device.pull();
    received[level] = partners[level].events.slice(seen[level]).flatMap((e) => {
      if (e.type !== 'location' || !aliceBonds.has(e.bondId)) return [];
      const m = e.message;
      if (m.level !== level) throw new Error(`${level}: got a ${m.level} location`);
      return [{ lat: m.lat, lon: m.lon }];
    });
  }
  return received;
}

function centresFor(key: Uint8Array, level: AreaLevel): { lat: number; lon: number }[] {
  const offset = gridOffset(key, level);
  return POSITIONS.map((p) => cellCentre(cellOf(p.lat, p.lon, level, offset), level));
}

describe('restore from the phrase: one grid', () => {
  it('gives every partner the same cells for the same positions before and after a restore', async () => {
    // From the real clock's minute, not a fixed date: the relay checks an invite's expiry against its own
    // (real) clock, so a fixed start failed once the date lay more than an invite's lifetime in the past.
    const vt = new VirtualTime(Math.floor(Date.now() / 60_000) * 60_000);
    const partners: Partners = {
      street: await virtualDevice(relay.url, 'Bob', vt, { seed: SEED + 1 }),
      neighbourhood: await virtualDevice(relay.url, 'Carol', vt, { seed: SEED + 2 }),
      city: await virtualDevice(relay.url, 'Dave', vt, { seed: SEED + 3 }),
    };
    const bondAll = async (alice: VirtualDevice) => {
      for (const level of LEVELS) await bondWith(alice.device, partners[level].device, { a: { location: level }, b: {} });
    };

    const before = await virtualDevice(relay.url, 'Alice', vt, { seed: SEED });
    await bondAll(before);
    const first = await shareEveryPosition(before, partners, vt);
    before.device.close();

    // A new device: new key store, new randomness, only the phrase in common.
    const after = await virtualDevice(relay.url, 'Alice', vt, { seed: SEED + 100, phrase: before.phrase });
    expect(after.device.userId).toBe(before.device.userId);
    expect(after.device.deviceId).not.toBe(before.device.deviceId);
    await bondAll(after);
    const second = await shareEveryPosition(after, partners, vt);

    const derived = coarseningKeyOf(identityFromPhrase(nobleEd25519, before.phrase).seed);
    for (const level of LEVELS) {
      expect(first[level]).toHaveLength(POSITIONS.length);
      expect(new Set(first[level].map((c) => `${c.lat},${c.lon}`)).size).toBe(POSITIONS.length); // a new cell each time
      expect(second[level]).toEqual(first[level]);
      expect(first[level]).toEqual(centresFor(derived, level)); // and it is the grid the phrase derives
    }
    for (const d of [after, ...Object.values(partners)]) d.device.close();
  }, 180_000);

  it('control: two random keys (one per install, as before) cut different grids for the same positions', () => {
    const random = seededRandom(SEED + 7);
    const [a, b] = [random.bytes(32), random.bytes(32)];
    let differing = 0;
    for (const level of LEVELS) {
      const ca = centresFor(a, level);
      const cb = centresFor(b, level);
      differing += ca.filter((c, i) => c.lat !== cb[i]?.lat || c.lon !== cb[i]?.lon).length;
    }
    // About a third of the cells move between two independent grids; the restored device above moved none.
    expect(differing).toBeGreaterThan(3);
  });
});
