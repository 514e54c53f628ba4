/**
 * Synthetic days with known stays and trips, for the detector's tests, seeded so every run is the same.
 * Each day is legs (stay here, or travel along a path at a speed) sampled at the times a phone would
 * record, with a first-order Gauss–Markov error (σ 5 m per axis, 60 s correlation; the usual model of a
 * receiver's error) and the cases that broke Dawarich's detector (selfhosted-anchors §4): a slow loop walk,
 * a drive past a shop with a stop at a light beside it, one fix then four silent hours at home, sparse night
 * pings, 1 Hz walking, and wild fixes kilometres off.
 */
import { destination, distanceM, type LatLon, offsetM } from '../../geo.ts';
import { type Seeded, seeded } from '../../shield/test-support/seeded.ts';
import type { TrailFix } from '../../trail/trail-day.ts';
import type { TripMode } from '../trip-mode.ts';

const H = 3_600_000;
const MIN = 60_000;
export const HOME: LatLon = { lat: 47.3769, lon: 8.5417 };

export interface TrueStay {
  start: number;
  end: number;
  at: LatLon;
}
export interface TrueTrip {
  start: number;
  end: number;
  mode: TripMode;
}
export interface StayDay {
  name: string;
  fixes: TrailFix[];
  stays: TrueStay[];
  trips: TrueTrip[];
}

type Leg = { kind: 'stay'; until: number; at: LatLon } | { kind: 'move'; path: LatLon[]; speed: number; mode: TripMode; pauses?: Pause[] };
/** A stop inside a trip (a red light): `afterM` metres along the path, `ms` long. */
interface Pause {
  afterM: number;
  ms: number;
}

const pathLength = (path: LatLon[]) => path.slice(1).reduce((a, p, i) => a + distanceM(path[i] as LatLon, p), 0);

function along(path: LatLon[], metres: number): LatLon {
  let left = metres;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as LatLon;
    const b = path[i] as LatLon;
    const len = distanceM(a, b);
    if (left <= len || i === path.length - 1) {
      const bearing = (Math.atan2((b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180), b.lat - a.lat) * 180) / Math.PI;
      return destination(a, bearing, Math.min(left, len));
    }
    left -= len;
  }
  return path[path.length - 1] as LatLon;
}

/** Where the person truly is at each time, and the truth stays/trips, from legs starting at `start`. */
function plan(start: number, legs: Leg[]) {
  const segments: { from: number; to: number; at: (t: number) => LatLon }[] = [];
  const stays: TrueStay[] = [];
  const trips: TrueTrip[] = [];
  let t = start;
  for (const leg of legs) {
    if (leg.kind === 'stay') {
      segments.push({ from: t, to: leg.until, at: () => leg.at });
      stays.push({ start: t, end: leg.until, at: leg.at });
      t = leg.until;
      continue;
    }
    const total = pathLength(leg.path);
    const pauses = leg.pauses ?? [];
    const from = t;
    const moving = (total / leg.speed) * 1000;
    const duration = moving + pauses.reduce((a, p) => a + p.ms, 0);
    segments.push({
      from,
      to: from + duration,
      at(now) {
        // Metres covered by `now`, holding still during each pause.
        let elapsed = now - from;
        let metres = 0;
        let lastM = 0;
        for (const p of pauses) {
          const reach = ((p.afterM - lastM) / leg.speed) * 1000;
          if (elapsed <= reach) return along(leg.path, metres + (elapsed / 1000) * leg.speed);
          elapsed -= reach;
          metres = p.afterM;
          lastM = p.afterM;
          if (elapsed <= p.ms) return along(leg.path, metres);
          elapsed -= p.ms;
        }
        return along(leg.path, Math.min(total, metres + (elapsed / 1000) * leg.speed));
      },
    });
    trips.push({ start: from, end: from + duration, mode: leg.mode });
    t = from + duration;
  }
  return { segments, stays, trips };
}

/** Samples the plan at `times` with Gauss–Markov error; `wild` of the fixes are 8–15 km off. */
function sample(rng: Seeded, segments: ReturnType<typeof plan>['segments'], times: number[], wild = 0): TrailFix[] {
  const sigma = 5;
  let north = rng.gaussian(sigma);
  let east = rng.gaussian(sigma);
  let prev = times[0] as number;
  const fixes: TrailFix[] = [];
  for (const t of times) {
    const rho = Math.exp(-(t - prev) / MIN);
    const step = sigma * Math.sqrt(1 - rho * rho);
    north = rho * north + rng.gaussian(step);
    east = rng.gaussian(step) + rho * east;
    prev = t;
    const seg = segments.find((s) => t >= s.from && t < s.to) ?? segments[segments.length - 1];
    if (!seg) continue;
    let p = offsetM(seg.at(t), north, east);
    if (rng.uniform() < wild) p = destination(p, rng.between(0, 360), rng.between(8_000, 15_000));
    fixes.push({ ts: t, lat: p.lat, lon: p.lon, acc: Math.round(5 + Math.abs(rng.gaussian(5))) });
  }
  return fixes;
}

const every = (from: number, to: number, ms: number): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t += ms) out.push(t);
  return out;
};

function day(name: string, start: number, seed: number, legs: Leg[], times: (start: number) => number[], wild = 0): StayDay {
  const rng = seeded(seed);
  const { segments, stays, trips } = plan(start, legs);
  return { name, fixes: sample(rng, segments, times(start), wild), stays, trips };
}

const CAFE = offsetM(HOME, 2_400, 1_500);
const SHOP = offsetM(HOME, 6_000, 9_000);
const WORK = offsetM(HOME, 12_000, 4_000);
const FRIEND = offsetM(HOME, -1_500, 1_200);
const PARK = offsetM(HOME, -3_000, -2_500);
const square = (c: LatLon, side: number): LatLon[] => [c, offsetM(c, side, 0), offsetM(c, side, side), offsetM(c, 0, side), c];
const road = (a: LatLon, b: LatLon): LatLon[] => [a, { lat: b.lat, lon: a.lon }, b];

/** The synthetic set, each day starting at `start` (ms, a UTC midnight). */
export function stayDays(start: number): StayDay[] {
  const at = (h: number) => start + h * H;
  return [
    day('still at home', start, 1, [{ kind: 'stay', until: at(24), at: HOME }], (s) => every(s, s + 24 * H, MIN), 0.005),
    day(
      'walk to a café and back',
      start,
      2,
      [
        { kind: 'stay', until: at(9), at: HOME },
        { kind: 'move', path: road(HOME, CAFE), speed: 1.3, mode: 'walk' },
        { kind: 'stay', until: at(11), at: CAFE },
        { kind: 'move', path: road(CAFE, HOME), speed: 1.3, mode: 'walk' },
        { kind: 'stay', until: at(24), at: HOME },
      ],
      (s) => every(s, s + 24 * H, 30_000),
    ),
    day(
      'slow 2 km loop walk',
      start,
      3,
      [
        { kind: 'stay', until: at(10), at: HOME },
        { kind: 'move', path: square(offsetM(HOME, 60, 60), 500), speed: 0.7, mode: 'walk' },
        { kind: 'stay', until: at(24), at: HOME },
      ],
      (s) => every(s, s + 24 * H, 10_000),
    ),
    day(
      'drive with stops',
      start,
      4,
      [
        { kind: 'stay', until: at(8), at: HOME },
        {
          kind: 'move',
          path: road(HOME, SHOP),
          speed: 13,
          mode: 'vehicle',
          pauses: [
            { afterM: 3_000, ms: 90_000 },
            { afterM: 9_000, ms: 60_000 },
          ],
        },
        { kind: 'stay', until: at(8.75), at: SHOP },
        { kind: 'move', path: road(SHOP, WORK), speed: 14, mode: 'vehicle', pauses: [{ afterM: 4_000, ms: 120_000 }] },
        { kind: 'stay', until: at(17), at: WORK },
        { kind: 'move', path: road(WORK, HOME), speed: 15, mode: 'vehicle' },
        { kind: 'stay', until: at(24), at: HOME },
      ],
      (s) => every(s, s + 24 * H, 15_000),
      0.003,
    ),
    day(
      'drive-by past a shop',
      start,
      5,
      [
        { kind: 'stay', until: at(9), at: HOME },
        // Crawling at 2 m/s past the shop (≈ 6 km along), with two minutes at a light beside it.
        { kind: 'move', path: road(HOME, offsetM(SHOP, 0, -200)), speed: 12, mode: 'vehicle' },
        {
          kind: 'move',
          path: road(offsetM(SHOP, 0, -200), offsetM(SHOP, 0, 200)),
          speed: 2,
          mode: 'vehicle',
          pauses: [{ afterM: 200, ms: 120_000 }],
        },
        { kind: 'move', path: road(offsetM(SHOP, 0, 200), WORK), speed: 12, mode: 'vehicle' },
        { kind: 'stay', until: at(24), at: WORK },
      ],
      (s) => every(s, s + 24 * H, 15_000),
    ),
    day(
      'one fix at home, 4 h of silence, leaving',
      start,
      6,
      [
        { kind: 'stay', until: at(17), at: WORK },
        { kind: 'move', path: road(WORK, HOME), speed: 14, mode: 'vehicle' },
        { kind: 'stay', until: at(21.5), at: HOME },
        { kind: 'move', path: road(HOME, FRIEND), speed: 1.4, mode: 'walk' },
        { kind: 'stay', until: at(24), at: FRIEND },
      ],
      // A phone that records while moving and goes quiet when still: one fix on arrival, then nothing
      // until one just before leaving; the next is already ≈ 80 m down the road.
      (s) => {
        const arrive = s + 17 * H + Math.ceil(pathLength(road(WORK, HOME)) / 14) * 1000;
        return [
          ...every(s, s + 17 * H, 5 * MIN),
          ...every(s + 17 * H, arrive - MIN, 30_000),
          arrive + 60_000,
          s + 21.5 * H - 10_000,
          ...every(s + 21.5 * H + MIN, s + 24 * H, 30_000),
        ];
      },
    ),
    day(
      'sparse night pings at home',
      start,
      7,
      [
        { kind: 'stay', until: at(7.25), at: HOME },
        { kind: 'move', path: road(HOME, WORK), speed: 13, mode: 'vehicle' },
        { kind: 'stay', until: at(24), at: WORK },
      ],
      (s) => {
        const rng = seeded(70);
        const night: number[] = [];
        for (let t = s + 5 * MIN; t < s + 7 * H; t += Math.round(rng.between(20, 70)) * MIN) night.push(t);
        return [...night, ...every(s + 7 * H, s + 24 * H, 30_000)];
      },
    ),
    day(
      '1 Hz walking to a park',
      start,
      8,
      [
        { kind: 'stay', until: at(12), at: HOME },
        { kind: 'move', path: road(HOME, PARK), speed: 1.4, mode: 'walk' },
        { kind: 'stay', until: at(14), at: PARK },
        { kind: 'move', path: road(PARK, HOME), speed: 1.4, mode: 'walk' },
        { kind: 'stay', until: at(24), at: HOME },
      ],
      (s) => [...every(s, s + 12 * H, MIN), ...every(s + 12 * H, s + 17 * H, 1_000), ...every(s + 17 * H, s + 24 * H, MIN)],
    ),
  ];
}
