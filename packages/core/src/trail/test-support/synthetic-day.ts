/**
 * Synthetic days for the trail's size and privacy tests, seeded so every run is the same:
 * - a commute day: home until 07:30, 40 minutes across town at driving speed, work until 12:00, a lunch
 *   walk, work until 17:30, home by 18:15, an evening walk 19:30–21:00, home again;
 * - a still day: at home from midnight to midnight.
 * The GPS error is a first-order Gauss–Markov process (σ per axis, 60 s correlation time), the usual model
 * of a receiver's error, so a still person's fixes wander as a phone's do rather than jump independently.
 * Fixes carry accuracy, altitude, and speed (with a bearing while moving) as a phone reports them.
 */
import { destination, distanceM, type LatLon, offsetM } from '../../geo.ts';
import { seeded } from '../../shield/test-support/seeded.ts';
import { DAY_MS, dayStartMs, type TrailFix } from '../trail-day.ts';

export const HOME: LatLon = { lat: 47.3769, lon: 8.5417 };
const WORK = offsetM(HOME, 5_200, 6_100);
const H = 3_600_000;

interface Leg {
  from: number;
  to: number;
  /** Where the person is at a time inside the leg, how fast and which way they go. */
  at(t: number): { p: LatLon; speed: number; bearing?: number };
}

const still = (from: number, to: number, p: LatLon): Leg => ({ from, to, at: () => ({ p, speed: 0 }) });

/** Along `path` at constant speed over [from, to). */
function travel(from: number, to: number, path: LatLon[]): Leg {
  const lengths = path.slice(1).map((p, i) => distanceM(path[i] as LatLon, p));
  const total = lengths.reduce((a, b) => a + b, 0);
  const speed = total / ((to - from) / 1000);
  return {
    from,
    to,
    at(t) {
      let left = ((t - from) / (to - from)) * total;
      for (const [i, len] of lengths.entries()) {
        const a = path[i] as LatLon;
        const b = path[i + 1] as LatLon;
        const bearing = (Math.atan2((b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180), b.lat - a.lat) * 180) / Math.PI;
        if (left <= len || i === lengths.length - 1)
          return { p: destination(a, bearing, Math.min(left, len)), speed, bearing: (bearing + 360) % 360 };
        left -= len;
      }
      return { p: path[path.length - 1] as LatLon, speed: 0 };
    },
  };
}

const loop = (centre: LatLon, metres: number): LatLon[] => [
  centre,
  offsetM(centre, metres, 0),
  offsetM(centre, metres, metres),
  offsetM(centre, 0, metres),
  centre,
];
const route = (a: LatLon, b: LatLon): LatLon[] => [a, offsetM(a, 1_800, 300), offsetM(a, 2_600, 3_400), offsetM(b, -900, -400), b];

const COMMUTE: Leg[] = [
  still(0, 7.5 * H, HOME),
  travel(7.5 * H, 8.17 * H, route(HOME, WORK)),
  still(8.17 * H, 12 * H, WORK),
  travel(12 * H, 13 * H, loop(WORK, 1_100)),
  still(13 * H, 17.5 * H, WORK),
  travel(17.5 * H, 18.25 * H, route(HOME, WORK).reverse()),
  still(18.25 * H, 19.5 * H, HOME),
  travel(19.5 * H, 21 * H, loop(HOME, 1_600)),
  still(21 * H, 24 * H, HOME),
];

function synthesise(day: number, everyMs: number, seed: number, legs: Leg[]): TrailFix[] {
  const rng = seeded(seed);
  const sigma = 4;
  const rho = Math.exp(-everyMs / 60_000);
  const step = sigma * Math.sqrt(1 - rho * rho);
  let north = rng.gaussian(sigma);
  let east = rng.gaussian(sigma);
  let altErr = rng.gaussian(2);
  const start = dayStartMs(day);
  const fixes: TrailFix[] = [];
  for (let t = 0; t < DAY_MS; t += everyMs) {
    const leg = legs.find((l) => t >= l.from && t < l.to) ?? (legs[legs.length - 1] as Leg);
    const truth = leg.at(t);
    north = rho * north + rng.gaussian(step);
    east = rho * east + rng.gaussian(step);
    altErr = rho * altErr + rng.gaussian(2 * Math.sqrt(1 - rho * rho));
    const p = offsetM(truth.p, north, east);
    const moving = truth.speed > 0.5;
    fixes.push({
      ts: start + t,
      lat: p.lat,
      lon: p.lon,
      acc: 3 + Math.abs(rng.gaussian(4)),
      alt: 410 + 0.002 * (p.lat - HOME.lat) * 111_320 + altErr,
      speed: moving ? Math.max(0, truth.speed + rng.gaussian(0.3)) : 0,
      ...(moving && truth.bearing !== undefined ? { bearing: (truth.bearing + rng.gaussian(3) + 360) % 360 } : {}),
    });
  }
  return fixes;
}

export const commuteDay = (day: number, everyMs: number, seed = 0x7a11): TrailFix[] => synthesise(day, everyMs, seed, COMMUTE);
export const stillDay = (day: number, everyMs: number, seed = 0x57111): TrailFix[] =>
  synthesise(day, everyMs, seed, [still(0, DAY_MS, HOME)]);
