// Acceptance 5 (issue 5): what the relay sees does not tell levels or movement apart. Alice drives and
// Carol stays home; each shares exact with Bob and city with Dave, for an hour of virtual time. Every
// envelope either of them posts has the same length, and the gaps between sends have one distribution
// for exact and city bonds and for the moving and the still person (two-sample KS). The control — the
// same fixes sent "on change" — is told apart at once, which shows the test can fail.
import { cellOf, gridOffset, METRES_PER_DEGREE } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { ksTwoSample } from './support/ks.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { seededRandom } from './support/seeded-random.ts';
import { bondWith, type SentEnvelope, type VirtualDevice, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const SEED = 9001;
const FIX_EVERY_MS = 5000;
const RUN_MS = 60 * 60 * 1000;

/** Gaps between the ticks at which one bond's envelopes were posted (a tick posts several at one instant). */
function gaps(sent: SentEnvelope[], bondId: string): number[] {
  const times = [...new Set(sent.filter((s) => s.bondId === bondId).map((s) => s.at))].sort((a, b) => a - b);
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

describe('send size and timing', () => {
  it('are the same for exact and city bonds, and for a moving and a still person', async () => {
    const vt = new VirtualTime(Date.now());
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: SEED });
    const carol = await virtualDevice(relay.url, 'Carol', vt, { seed: SEED + 1 });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: SEED + 2 });
    const dave = await virtualDevice(relay.url, 'Dave', vt, { seed: SEED + 3 });
    for (const sharer of [alice, carol]) {
      await bondWith(sharer.device, bob.device, { a: { location: 'exact', presence: 'exact' }, b: {} });
      await bondWith(sharer.device, dave.device, { a: { location: 'city', presence: 'exact' }, b: {} });
    }
    const bondOf = (d: VirtualDevice, name: string) => d.device.bonds().find((b) => b.name === name)!.bondId;

    const noise = seededRandom(SEED + 4);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - noise.float())) * Math.cos(2 * Math.PI * noise.float());
    const start = vt.now();
    const aliceFixes: { lat: number; lon: number; ts: number }[] = [];
    const carolFixes: { lat: number; lon: number; ts: number }[] = [];
    alice.device.startPublishing();
    carol.device.startPublishing();
    const settle = () => Promise.all([alice.device.settled(), carol.device.settled()]);
    for (let t = 0; t <= RUN_MS; t += FIX_EVERY_MS) {
      await vt.advanceTo(start + t, settle);
      const moving = { lat: 47.37 + (gauss() * 10) / METRES_PER_DEGREE, lon: 8.54 + ((t / 1000) * 12) / 75_000, acc: 10, ts: vt.now() };
      const still = { lat: 46.2 + (gauss() * 10) / METRES_PER_DEGREE, lon: 6.14 + (gauss() * 10) / 77_000, acc: 10, ts: vt.now() };
      aliceFixes.push(moving);
      carolFixes.push(still);
      await alice.device.recordFix(moving);
      await carol.device.recordFix(still);
    }
    alice.device.stopPublishing();
    carol.device.stopPublishing();
    await settle();

    // Size: one length for every envelope, whatever the level, the kind or the movement.
    const all = [...alice.sent, ...carol.sent];
    expect(all.length).toBeGreaterThan(4 * 2 * 200);
    expect(new Set(all.map((s) => s.length))).toEqual(new Set([all[0]!.length]));

    // Timing: the four bonds' gap distributions cannot be told apart.
    const series = {
      movingExact: gaps(alice.sent, bondOf(alice, 'Bob')),
      movingCity: gaps(alice.sent, bondOf(alice, 'Dave')),
      stillExact: gaps(carol.sent, bondOf(carol, 'Bob')),
      stillCity: gaps(carol.sent, bondOf(carol, 'Dave')),
    };
    for (const g of Object.values(series)) expect(g.length).toBeGreaterThan(200);
    const pairs: [keyof typeof series, keyof typeof series][] = [
      ['movingExact', 'movingCity'],
      ['stillExact', 'stillCity'],
      ['movingExact', 'stillExact'],
      ['movingCity', 'stillCity'],
      ['movingExact', 'stillCity'],
    ];
    for (const [x, y] of pairs) {
      const { d, p } = ksTwoSample(series[x], series[y]);
      console.log(`KS ${x} vs ${y}: D = ${d.toFixed(3)}, p = ${p.toFixed(3)} (n = ${series[x].length}, ${series[y].length})`);
      expect(p, `${x} vs ${y} (seed ${SEED})`).toBeGreaterThan(0.01);
    }

    // Control: the same fixes sent on change (exact: every fix; city: when the cell changes) are told apart.
    const offset = gridOffset(new Uint8Array(32).fill(7), 'city');
    const onChange = (fixes: { lat: number; lon: number; ts: number }[]) => {
      const times: number[] = [];
      let last = '';
      for (const f of fixes) {
        const cell = JSON.stringify(cellOf(f.lat, f.lon, 'city', offset));
        if (cell !== last) times.push(f.ts);
        last = cell;
      }
      return times.slice(1).map((t, i) => t - (times[i] as number));
    };
    const naiveExact = aliceFixes.slice(1).map((f, i) => f.ts - (aliceFixes[i] as { ts: number }).ts);
    const naiveCity = onChange(aliceFixes);
    console.log(`control: on-change city sends ${naiveCity.length + 1} (moving) and ${onChange(carolFixes).length + 1} (still) in an hour`);
    expect(ksTwoSample(naiveExact, series.movingExact).p).toBeLessThan(1e-6);
    expect(onChange(carolFixes).length + 1).toBeLessThan(series.stillCity.length / 10);
    expect(naiveCity.length === 0 || ksTwoSample(naiveCity, naiveExact).p < 0.01).toBe(true);
    for (const d of [alice, bob, carol, dave]) d.device.close();
  }, 180_000);
});
