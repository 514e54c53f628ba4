import { describe, expect, it } from 'vitest';
import { distanceM, offsetM } from '../geo.ts';
import { DAY_MS, type TrailFix } from '../trail/trail-day.ts';
import { DEFAULT_STAY_PARAMS, detectDay, initialStayState, type Stay, type StayParams, settleStays, type Trip } from './detect-day.ts';
import { HOME, type StayDay, stayDays, type TrueStay } from './test-support/stay-days.ts';

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
      mergeGapMs: 0, // else the stay resumed at once is one again
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

describe('a short excursion from a stay', () => {
  const MIN = 60_000;
  /** Home with a few metres of wobble every 30 s, except a walk east to `metres` and back over `awayMs` from `leave`. */
  function excursion(leave: number, awayMs: number, metres: number) {
    const fixes: TrailFix[] = [];
    for (let t = START; t < START + 6 * 60 * MIN; t += 30_000) {
      const progress = (t - START - leave) / awayMs;
      const out = progress > 0 && progress < 1 ? metres * (1 - Math.abs(2 * progress - 1)) : 0;
      const wobble = 4 * Math.sin(t / 70_000);
      const at = offsetM(HOME, wobble, out + wobble / 2);
      fixes.push({ ts: t, lat: at.lat, lon: at.lon, acc: 8 });
    }
    return fixes;
  }

  it('a walk to the letterbox and back within 5 minutes leaves one stay, not two and a trip (control: without merging, two)', () => {
    const fixes = excursion(3 * 60 * MIN, 3 * MIN, 120);
    const merged = runWhole(fixes);
    expect(merged.stays).toHaveLength(1);
    expect(merged.trips).toHaveLength(0);
    expect(merged.stays[0]).toMatchObject({ start: START, end: fixes.at(-1)?.ts });
    const split = runWhole(fixes, { ...DEFAULT_STAY_PARAMS, mergeGapMs: 0 });
    expect(split.stays).toHaveLength(2);
    expect(split.trips).toHaveLength(1);
  });

  it('a 25-minute walk away is a trip between two stays', () => {
    const { stays, trips } = runWhole(excursion(3 * 60 * MIN, 25 * MIN, 900));
    expect(stays).toHaveLength(2);
    expect(trips).toHaveLength(1);
    expect(trips[0]?.mode).toBe('walk');
  });

  it('is the same whether the day is read whole or split at the excursion (the held stay is in the state)', () => {
    const fixes = excursion(3 * 60 * MIN, 3 * MIN, 120);
    const cut = fixes.findIndex((f) => f.ts >= START + 3 * 60 * MIN + 2 * MIN);
    const a = detectDay(initialStayState(), fixes.slice(0, cut));
    expect(a.stays).toHaveLength(0);
    const b = detectDay(a.state, fixes.slice(cut));
    const rest = settleStays(b.state);
    expect([...b.stays, ...rest.stays]).toEqual(runWhole(fixes).stays);
  });
});

describe('a stay left across a long silence', () => {
  const MIN = 60_000;
  /** At home until 10:35 (a fix every 30 s), silent, then from 09:00 the next day at a café 1 km away. */
  function overnight(): TrailFix[] {
    const fixes: TrailFix[] = [];
    const cafe = offsetM(HOME, 0, 1_000);
    for (let t = START + 9 * 60 * MIN; t <= START + 10.6 * 60 * MIN; t += 30_000)
      fixes.push({ ts: t, ...offsetM(HOME, 3 * Math.sin(t / 7e4), 0), acc: 8 });
    for (let t = START + DAY_MS + 9 * 60 * MIN; t <= START + DAY_MS + 10 * 60 * MIN; t += 30_000)
      fixes.push({ ts: t, ...offsetM(cafe, 3 * Math.sin(t / 7e4), 0), acc: 8 });
    return fixes;
  }

  it('is two stays and no trip over the silence (control: without the rule, a 22-hour trip)', () => {
    const { stays, trips } = runWhole(overnight());
    expect(stays).toHaveLength(2);
    expect(trips).toEqual([]);
    const control = runWhole(overnight(), { ...DEFAULT_STAY_PARAMS, silenceMs: Number.POSITIVE_INFINITY });
    expect(control.trips).toHaveLength(1);
    expect(control.trips[0]?.durationMs).toBeGreaterThan(22 * 60 * MIN);
  });
});
