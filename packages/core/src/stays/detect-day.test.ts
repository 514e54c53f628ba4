import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo.ts';
import { DAY_MS } from '../trail/trail-day.ts';
import { DEFAULT_STAY_PARAMS, detectDay, initialStayState, type Stay, type StayParams, settleStays, type Trip } from './detect-day.ts';
import { type StayDay, stayDays, type TrueStay } from './test-support/stay-days.ts';

const START = 20_000 * DAY_MS;

function runWhole(fixes: StayDay['fixes'], params: StayParams = DEFAULT_STAY_PARAMS): { stays: Stay[]; trips: Trip[] } {
  const r = detectDay(initialStayState(), fixes, params);
  const rest = settleStays(r.state, params);
  return { stays: [...r.stays, ...rest.stays], trips: [...r.trips, ...rest.trips] };
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** A detected stay matches a true one when they overlap by ≥ 50 % of the shorter and the centre is within the radius. */
const matches = (s: Stay, t: TrueStay) =>
  overlap(s, t) >= 0.5 * Math.min(s.end - s.start, t.end - t.start) && distanceM({ lat: s.lat, lon: s.lon }, t.at) <= s.radiusM;

function score(detected: Stay[], truth: TrueStay[]): { hits: number } {
  const used = new Set<number>();
  let hits = 0;
  for (const t of truth) {
    const i = detected.findIndex((s, k) => !used.has(k) && matches(s, t));
    if (i >= 0) {
      used.add(i);
      hits++;
    }
  }
  return { hits };
}

const days = stayDays(START);

describe('stay/trip detector on synthetic days with known truth', () => {
  it('finds the true stays with precision and recall ≥ 0.95 over the set (printed)', () => {
    let detected = 0;
    let truth = 0;
    let hits = 0;
    const lines: string[] = [];
    for (const d of days) {
      const { stays } = runWhole(d.fixes);
      const { hits: h } = score(stays, d.stays);
      detected += stays.length;
      truth += d.stays.length;
      hits += h;
      lines.push(`  ${d.name}: ${d.fixes.length} fixes, ${stays.length} detected, ${d.stays.length} true, ${h} matched`);
    }
    const precision = hits / detected;
    const recall = hits / truth;
    console.log(
      `stays over ${days.length} synthetic days:\n${lines.join('\n')}\n  precision ${precision.toFixed(3)} recall ${recall.toFixed(3)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('gets every stay of every day right (count and match), so no day hides behind the average', () => {
    for (const d of days) {
      const { stays } = runWhole(d.fixes);
      expect(stays.length, d.name).toBe(d.stays.length);
      expect(score(stays, d.stays).hits, d.name).toBe(d.stays.length);
      for (const s of stays) {
        expect(s.confidence).toBeGreaterThanOrEqual(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
        expect(s.radiusM).toBeGreaterThanOrEqual(50);
        expect(s.radiusM).toBeLessThanOrEqual(200);
      }
    }
  });

  it('does not make a stay at the centre of a slow loop walk, nor at a shop driven past', () => {
    for (const name of ['slow 2 km loop walk', 'drive-by past a shop']) {
      const d = days.find((x) => x.name === name) as StayDay;
      const { stays } = runWhole(d.fixes);
      const mid = d.trips[0] as { start: number; end: number };
      const during = stays.filter((s) => s.start > mid.start && s.end < (d.trips[d.trips.length - 1] as { end: number }).end);
      expect(during, name).toEqual([]);
    }
  });

  it('guesses walk for the walks and vehicle for the drives, and sums a plausible distance', () => {
    const checked: string[] = [];
    for (const d of days) {
      const { trips } = runWhole(d.fixes);
      for (const t of trips) {
        const best = [...d.trips].sort((a, b) => overlap(t, b) - overlap(t, a))[0];
        if (!best || overlap(t, best) === 0) continue;
        expect(t.mode, `${d.name} ${new Date(t.start).toISOString()}`).toBe(best.mode);
        expect(t.distanceM).toBeGreaterThan(distanceM(t.from, t.to) * 0.99);
        checked.push(t.mode);
      }
    }
    // Every trip between the true stays was checked: 6 walks (café 2, loop 1, to a friend 1, 1 Hz 2), 6 drives.
    expect(checked).toHaveLength(12);
    expect(checked.filter((m) => m === 'walk')).toHaveLength(6);
  });

  it('bridges the 4 silent hours at home into one stay from arrival to leaving', () => {
    const d = days.find((x) => x.name.startsWith('one fix at home')) as StayDay;
    const { stays } = runWhole(d.fixes);
    const home = d.stays[1] as TrueStay;
    const found = stays.filter((s) => matches(s, home));
    expect(found).toHaveLength(1);
    expect((found[0] as Stay).end - (found[0] as Stay).start).toBeGreaterThan(4 * 3_600_000);
  });
});

describe('controls: each rule is what makes its case pass', () => {
  const named = (prefix: string) => days.find((x) => x.name.startsWith(prefix)) as StayDay;
  it('without gap bridging the evening at home after one fix and 4 silent hours is lost', () => {
    const d = named('one fix at home');
    const { stays } = runWhole(d.fixes, { ...DEFAULT_STAY_PARAMS, bridgeMinMs: Number.POSITIVE_INFINITY });
    expect(stays.filter((s) => matches(s, d.stays[1] as TrueStay))).toEqual([]);
  });
  it('with a fixed 200 m radius, the slow loop walk turns into stays along the loop', () => {
    const d = named('slow 2 km loop walk');
    const { stays } = runWhole(d.fixes, { ...DEFAULT_STAY_PARAMS, minRadiusM: 200, maxRadiusM: 200 });
    expect(stays.length).toBeGreaterThan(d.stays.length);
  });
  it('without leave confirmation, one wild fix splits a still day', () => {
    const d = named('still at home');
    const { stays } = runWhole(d.fixes, {
      ...DEFAULT_STAY_PARAMS,
      leaveConfirmMs: 0,
      leaveConfirmFixes: 1,
      maxSpeedMs: Number.POSITIVE_INFINITY,
    });
    expect(stays.length).toBeGreaterThan(1);
  });
});

describe('detectDay is incremental', () => {
  it('running two days at once equals running them one after the other, and a stay over midnight is one stay', () => {
    const still = days[0] as StayDay;
    const walk = stayDays(START + DAY_MS)[1] as StayDay;
    const both = detectDay(initialStayState(), [...still.fixes, ...walk.fixes]);
    const first = detectDay(initialStayState(), still.fixes);
    const second = detectDay(first.state, walk.fixes);
    expect([...first.stays, ...second.stays]).toEqual(both.stays);
    expect([...first.trips, ...second.trips]).toEqual(both.trips);
    expect(second.state).toEqual(both.state);
    // The home stay opened on day 1 closes on day 2 at about 09:00, as one stay.
    expect(first.stays).toEqual([]);
    const overnight = second.stays[0] as Stay;
    expect(overnight.start).toBeLessThan(START + 60_000 * 2);
    expect(overnight.end).toBeGreaterThan(START + DAY_MS + 8.9 * 3_600_000);
  });

  it('does not change the state it is given', () => {
    const first = detectDay(initialStayState(), (days[1] as StayDay).fixes.slice(0, 2000));
    const copy = JSON.parse(JSON.stringify(first.state));
    detectDay(first.state, (days[1] as StayDay).fixes.slice(2000));
    expect(JSON.parse(JSON.stringify(first.state))).toEqual(copy);
  });
});
