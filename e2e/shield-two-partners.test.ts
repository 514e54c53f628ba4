// Acceptance 4 (issue 5): one person, two partners at once — exact to Bob, city to Carol — over an hour's
// drive. Everything each partner received is decrypted: Bob got exact fixes; Carol got only city-cell
// centres of Alice's own grid, with none of the fields dropped below exact; and the relay holds no
// envelope for Carol's bond that Carol could not open as such (so no exact ciphertext exists for it).
import type { DeviceState } from '@entwine/client';
import { cellCentre, cellOf, decodeDeliverFrame, fromBase64url, gridOffset, METRES_PER_DEGREE, metresPerDegreeLon } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { rawSession } from './support/raw-client.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { seededRandom } from './support/seeded-random.ts';
import { bondWith, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const SEED = 4242;
const FIX_EVERY_MS = 5000;
const DRIVE_MS = 60 * 60 * 1000;

describe('two partners at two levels', () => {
  it('gives the exact partner fixes and the city partner only city centres, with nothing exact on the relay for it', async () => {
    const vt = new VirtualTime(Date.now());
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: SEED });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: SEED + 1 });
    const carol = await virtualDevice(relay.url, 'Carol', vt, { seed: SEED + 2 });
    await bondWith(alice.device, bob.device, { a: { location: 'exact', presence: 'exact' }, b: {} });
    await bondWith(alice.device, carol.device, { a: { location: 'city', presence: 'exact' }, b: {} });
    await alice.device.setBattery({ level: 0.83, charging: false });

    // A drive east at ~7 m/s from Zurich, with GPS noise and every optional field a phone reports.
    const noise = seededRandom(SEED + 3);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - noise.float())) * Math.cos(2 * Math.PI * noise.float());
    const start = vt.now();
    const fixes: { lat: number; lon: number }[] = [];
    alice.device.startPublishing();
    for (let t = 0; t <= DRIVE_MS; t += FIX_EVERY_MS) {
      await vt.advanceTo(start + t, () => alice.device.settled());
      const fix = {
        lat: 47.37 + (gauss() * 10) / METRES_PER_DEGREE,
        lon: 8.54 + ((t / 1000) * 7) / metresPerDegreeLon(47.37) + (gauss() * 10) / 75_000,
        acc: 8 + Math.abs(gauss()) * 3,
        alt: 410 + gauss(),
        speed: 7 + gauss() * 0.3,
        bearing: 90,
      };
      fixes.push(fix);
      await alice.device.recordFix(fix);
    }
    await vt.advanceTo(vt.now() + 60_000, () => alice.device.settled());
    alice.device.stopPublishing();
    await alice.device.drainOutbox();

    const bondToCarol = alice.device.bonds().find((b) => b.name === 'Carol')!.bondId;
    // What the relay stores for Carol's bond, counted before she reads it (once read, it is deleted); below,
    // every one of them must be an envelope Carol opened.
    const token = await rawSession(relay.url, JSON.parse(carol.store.value!) as DeviceState);
    let stored = 0;
    for (let after = 0n; ; ) {
      const res = await fetch(new URL(`/v1/bonds/${bondToCarol}/envelopes?after=${after}&limit=256`, relay.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = decodeDeliverFrame(new Uint8Array(await res.arrayBuffer()));
      if (page.length === 0) break;
      stored += page.length;
      after = page[page.length - 1]!.cursor;
    }
    await bob.device.pull();
    await carol.device.pull();
    const toBob = bob.events.flatMap((e) => (e.type === 'location' ? [e.message] : []));
    const toCarol = carol.events.flatMap((e) => (e.type === 'location' ? [e.message] : []));
    expect(bob.events.filter((e) => e.type === 'forged')).toEqual([]);
    expect(carol.events.filter((e) => e.type === 'forged')).toEqual([]);
    expect(toBob.length).toBeGreaterThan(200);
    expect(toCarol.length).toBe(toBob.length); // one per tick each, whatever the level

    // Bob: exact fixes, with the fields only exact carries.
    expect(toBob.every((m) => m.level === 'exact' && m.speed !== undefined && m.acc !== undefined)).toBe(true);

    // Carol: only city centres of Alice's own offset grid, and nothing but kind, level, ts, lat, lon, radius.
    const aliceState = JSON.parse(alice.store.value!) as DeviceState;
    const offset = gridOffset(fromBase64url(aliceState.source.coarseningKey), 'city');
    const centres = new Set(fixes.map((f) => JSON.stringify(cellCentre(cellOf(f.lat, f.lon, 'city', offset), 'city'))));
    for (const m of toCarol) {
      expect(Object.keys(m).sort()).toEqual(['kind', 'lat', 'level', 'lon', 'radius', 'ts']);
      if (m.level !== 'city') throw new Error(`Carol got a ${m.level} location`);
      expect(m.radius).toBe(10_000);
      expect(centres.has(JSON.stringify({ lat: m.lat, lon: m.lon }))).toBe(true);
    }
    const seen = new Set(toCarol.map((m) => JSON.stringify(m.level === 'city' ? [m.lat, m.lon] : [])));
    expect(seen.size).toBeGreaterThanOrEqual(2); // the drive crossed at least one city cell edge
    // Presence: a battery quarter, never the level itself.
    for (const e of carol.events) if (e.type === 'presence') expect(e.message).toMatchObject({ level: 'exact', battery: '75-100' });

    const openedByCarol = carol.events.filter(
      (e) => (e.type === 'location' || e.type === 'presence' || e.type === 'feeling') && e.bondId === bondToCarol,
    ).length;
    expect(stored).toBe(openedByCarol);
    for (const d of [alice, bob, carol]) d.device.close();
  }, 120_000);
});
