// Issue 14, acceptance 2 (places): Alice is bonded with Bob and Carol, both at places=exact; she names Home and
// lets Bob hear of it, not Carol. Over 28 virtual minutes she is at home, sits in the garden near the edge
// (fixes with σ 10 m noise, mostly in the margin band), leaves for 8 minutes and comes back. Bob gets exactly one
// leave and one arrive, timed at the crossings; Carol gets no place message, and the envelopes the relay keeps
// for Carol's bond (read from its database before Carol reads) have the same sizes, and were posted at the same
// virtual times, as in a control run in which Alice has no places at all.
//
// The tick's jitter is drawn from the device's randomness, and so is everything a place message consumes
// (its seal's nonce, the place's id). With one stream, Bob's place envelopes would shift every later jitter
// draw, Carol's ticks included — different draws of the same distribution, nothing a relay could tell apart,
// but not comparable run against run. So Alice's 2-byte draws (the ticker's, and only the ticker's) come from a
// stream of their own, seeded the same in both runs, and the comparison is exact to the millisecond.
import { METRES_PER_DEGREE, metresPerDegreeLon, type Random } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { relayForFile } from './support/relay.ts';
import { envelopeRows } from './support/relay-db.ts';
import { seededRandom } from './support/seeded-random.ts';
import { bondWith, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = relayForFile({ tag: 'places' });

const SEED = 1414;
const TICK_MS = 15_000;
const FIX_EVERY_MS = 10_000;
const MIN = 60_000;
const HOME = { name: 'Home', lat: 47.37, lon: 8.54, radius: 100 };
/** Both runs start at the same virtual time, so their envelope times compare as they are. */
const T0 = Math.floor(Date.now() / TICK_MS) * TICK_MS + 1000;

/** Alice's randomness: the ticker's 2-byte jitter draws from their own stream (see above). */
function splitRandom(seed: number): Random {
  const main = seededRandom(seed);
  const jitter = seededRandom(SEED + 10);
  return { bytes: (n) => (n === 2 ? jitter.bytes(2) : main.bytes(n)) };
}

/** Where Alice is at `t` ms into the run: metres north of Home's centre. */
function northAt(t: number): number {
  if (t < 4 * MIN) return 0; // at home: confirmed inside, not an event
  if (t < 14 * MIN) return 95; // the garden, 5 m inside the edge: in the margin band, now and then past it
  if (t < 22 * MIN) return 400; // away
  return 0; // back
}

async function run(withPlaces: boolean, runIndex: number) {
  const vt = new VirtualTime(T0);
  const seed = SEED + 100 * runIndex; // new identities per run; the same jitter and noise streams
  const alice = await virtualDevice(relay.url, 'Alice', vt, { seed, random: splitRandom(seed) });
  const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: seed + 1 });
  const carol = await virtualDevice(relay.url, 'Carol', vt, { seed: seed + 2 });
  await bondWith(alice.device, bob.device, { a: { location: 'exact', places: 'exact' }, b: {} });
  await bondWith(alice.device, carol.device, { a: { location: 'exact', places: 'exact' }, b: {} });
  if (withPlaces) {
    await alice.device.addPlace(HOME);
    await alice.device.sharePlaces('Bob', ['Home']);
  }
  const noise = seededRandom(SEED + 3);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - noise.float())) * Math.cos(2 * Math.PI * noise.float());
  const settle = () => alice.device.settled();
  const start = vt.now();
  alice.device.startPublishing();
  for (let t = 0; t <= 28 * MIN; t += FIX_EVERY_MS) {
    await vt.advanceTo(start + t, settle);
    await alice.device.recordFix({
      lat: HOME.lat + (northAt(t) + gauss() * 10) / METRES_PER_DEGREE,
      lon: HOME.lon + (gauss() * 10) / metresPerDegreeLon(HOME.lat),
      acc: 10,
    });
  }
  await vt.advanceTo(vt.now() + 2 * TICK_MS, settle);
  alice.device.stopPublishing();
  await alice.device.drainOutbox();

  const bondOf = (name: string) => alice.device.bonds().find((b) => b.name === name)!.bondId;
  const toCarol = bondOf('Carol');
  const aliceDevice = alice.device.deviceId;
  // What the relay keeps for Carol's bond from Alice, before Carol reads (a read may delete it).
  const carolStored = envelopeRows(relay.dataDir, toCarol)
    .filter((r) => r.senderDevice === aliceDevice)
    .map((r) => r.body.length);
  const bobStored = envelopeRows(relay.dataDir, bondOf('Bob')).filter((r) => r.senderDevice === aliceDevice).length;
  const carolPosted = alice.sent.filter((s) => s.bondId === toCarol).map((s) => ({ at: s.at - start, length: s.length }));
  await bob.device.pull();
  await carol.device.pull();
  for (const d of [alice, bob, carol]) d.device.close();
  return { start, bob, carol, carolStored, carolPosted, bobStored };
}

describe('places: arrive and leave', () => {
  it('reach the partner allowed to hear of Home, and leave no trace at all on the bond that is not', async () => {
    const shared = await run(true, 0);
    const control = await run(false, 1);

    const placeEvents = (d: typeof shared.bob) => d.events.flatMap((e) => (e.type === 'place' ? [e.message] : []));
    expect(shared.bob.events.filter((e) => e.type === 'forged' || e.type === 'dropped')).toEqual([]);
    expect(placeEvents(shared.bob)).toEqual([
      // Timed at the first fix past the margin; sent once the dwell confirmed it (3 min out, 2 min in).
      {
        kind: 'place',
        event: 'leave',
        name: 'Home',
        placeId: expect.any(String),
        at: shared.start + 14 * MIN,
        ts: shared.start + 17 * MIN,
      },
      {
        kind: 'place',
        event: 'arrive',
        name: 'Home',
        placeId: expect.any(String),
        at: shared.start + 22 * MIN,
        ts: shared.start + 24 * MIN,
      },
    ]);
    expect(placeEvents(shared.carol)).toEqual([]);
    expect(placeEvents(control.bob)).toEqual([]);

    // Bob's bond carried the two place envelopes more than in the control: the comparison below can fail.
    expect(shared.bobStored).toBe(control.bobStored + 2);
    // Carol's bond: the same envelopes, of the same sizes, posted at the same times, as with no places.
    expect(shared.carolStored.length).toBeGreaterThan(100);
    expect(shared.carolStored).toEqual(control.carolStored);
    expect(shared.carolPosted).toEqual(control.carolPosted);
  }, 60_000);
});
