/**
 * Stays and trips from one day's fixes, incrementally (decision 0015). Guarantees:
 * - deterministic: the same fixes and state give the same stays, trips and state, on every machine;
 * - incremental: `detectDay` reads only the fixes it is given and a bounded state (an open stay as running
 *   sums, the last few minutes of fixes not yet placed, an open trip as sums and a speed histogram), so
 *   running two days at once equals running them one after the other, a stay over midnight is one stay,
 *   and no day is read twice;
 * - a stay is a place the person stayed: ≥ `minDwellMs` within a radius from the fixes' accuracy, with
 *   ≥ `minPoints` real fixes (or 2 co-located fixes across a silence ≥ `bridgeMinMs`); a gap of any length
 *   is bridged when the fix after it is still inside the radius (one fix at home, four silent hours,
 *   leaving → one stay);
 * - a fix implying a speed no person reaches is an outlier, not a move; a single fix outside the radius
 *   is noise until the track stays out (`leaveConfirmMs`), so one wild fix does not split an evening;
 * - a trip is what lies between two stays (or from the first fix to the first stay).
 * A slow loop walk never stays within the radius for the dwell, so it is a trip, not a stay at its centre.
 */
import { distanceM, type LatLon } from '../geo.ts';
import type { TrailFix } from '../trail/trail-day.ts';
import { addSpeed, emptySpeedHistogram, guessMode, SPEED_SPAN_MS, type SpeedHistogram, type TripMode } from './trip-mode.ts';

export interface StayParams {
  minRadiusM: number;
  maxRadiusM: number;
  minDwellMs: number;
  minPoints: number;
  /** Two co-located fixes this far apart make a stay on their own (gap semantics). */
  bridgeMinMs: number;
  /** Faster than this between two fixes (after both accuracies are allowed for) is an outlier. */
  maxSpeedMs: number;
  /** A fix less accurate than this says nothing about where a stay is. */
  maxAccuracyM: number;
  /** Assumed when a fix has no accuracy. */
  defaultAccuracyM: number;
  /** The track must stay outside the radius this long, over this many fixes, before a stay ends. */
  leaveConfirmMs: number;
  leaveConfirmFixes: number;
  /**
   * A stay that ends and begins again at the same place within this long is one stay: the walk to the
   * letterbox or the car does not cut an evening at home in two.
   */
  mergeGapMs: number;
  /**
   * A stay left across a silence longer than this (its last fix inside, then nothing, then the track
   * elsewhere) is followed by no trip from its last fix: when the person left is unknown, and a trip over the
   * silence would be hours long at a speed nobody moved at. The next trip starts where the track is seen again.
   */
  silenceMs: number;
}

/** Why each: decision 0015. */
export const DEFAULT_STAY_PARAMS: StayParams = {
  minRadiusM: 50,
  maxRadiusM: 200,
  minDwellMs: 5 * 60_000,
  minPoints: 3,
  bridgeMinMs: 30 * 60_000,
  maxSpeedMs: 100,
  maxAccuracyM: 300,
  defaultAccuracyM: 25,
  leaveConfirmMs: 30_000,
  leaveConfirmFixes: 2,
  mergeGapMs: 5 * 60_000,
  silenceMs: 60 * 60_000,
};

export interface Stay {
  /** ms of the first and the last fix inside. */
  start: number;
  end: number;
  lat: number;
  lon: number;
  radiusM: number;
  points: number;
  /** 0..1, from dwell, number of fixes and how tight they lie. */
  confidence: number;
}

export interface Trip {
  start: number;
  end: number;
  durationMs: number;
  /** Sum of segment lengths over the kept fixes, from the last fix of one stay to the first of the next. */
  distanceM: number;
  from: LatLon;
  to: LatLon;
  /** Fixes between the two stays. */
  points: number;
  mode: TripMode;
  /** Moving median and 90th percentile speed, m/s. */
  medianSpeed: number;
  p90Speed: number;
}

interface OpenStay {
  start: number;
  end: number;
  sumLat: number;
  sumLon: number;
  n: number;
  /** Sum of each fix's distance to the centre when it joined (for tightness). */
  sumDist: number;
  /** Count of fixes per whole metre of accuracy (0..maxAccuracyM). */
  acc: number[];
  lastInside: TrailFix;
  /** Fixes outside the radius not yet confirmed as leaving. */
  outside: TrailFix[];
}

interface OpenTrip {
  start: number;
  from: LatLon;
  last: TrailFix;
  anchor: TrailFix;
  distanceM: number;
  points: number;
  speeds: SpeedHistogram;
}

export interface StayState {
  /** Last fix kept by the outlier gate. */
  last?: TrailFix;
  /** Fixes rejected in a row: after 3 the track has really moved (a flight, a ferry), so it is followed. */
  rejected: number;
  /** Fixes not yet placed: within the radius of their centre, but not yet for the dwell. */
  candidate: TrailFix[];
  stay?: OpenStay;
  /**
   * A stay the track has left, not yet told: if a stay forms again at its place within `mergeGapMs` of its
   * end, the two are one and the trip between them is dropped; once that can no longer happen it is told,
   * before the trip after it.
   */
  held?: OpenStay;
  trip?: OpenTrip;
}

export const initialStayState = (): StayState => ({ rejected: 0, candidate: [] });

export interface DayResult {
  /** Stays and trips closed by these fixes, in time order. */
  stays: Stay[];
  trips: Trip[];
  state: StayState;
}

const accOf = (f: TrailFix, p: StayParams) => f.acc ?? p.defaultAccuracyM;
const clampRadius = (medianAcc: number, p: StayParams) => Math.min(p.maxRadiusM, Math.max(p.minRadiusM, 2 * medianAcc));

/**
 * The candidate's accuracies in ascending order (their median sets its radius), kept beside the candidate while
 * a run slides it: each fix puts its own in and takes out those of the fixes that drop, instead of sorting the
 * whole candidate again for every fix — that sort was most of a long day's cost (a full day's seal took about a
 * second of one core). Built from the candidate whenever it is a new array (a run's first fix, or a candidate
 * started afresh); keyed on the run's own copy of the state: every entry point copies the state it is given.
 */
const candidateAccuracies = new WeakMap<StayState, { of: TrailFix[]; sorted: number[] }>();

function accuraciesOf(s: StayState, p: StayParams): number[] {
  const kept = candidateAccuracies.get(s);
  if (kept?.of === s.candidate) return kept.sorted;
  const sorted = s.candidate.map((g) => accOf(g, p)).sort((a, b) => a - b);
  candidateAccuracies.set(s, { of: s.candidate, sorted });
  return sorted;
}

/** Where `value` goes in an ascending list: the first index whose value is not below it (the first of equal ones). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function centreOf(fixes: readonly TrailFix[]): LatLon {
  let lat = 0;
  let lon = 0;
  for (const f of fixes) {
    lat += f.lat;
    lon += f.lon;
  }
  return { lat: lat / fixes.length, lon: lon / fixes.length };
}

function stayRadius(s: OpenStay, p: StayParams): number {
  let seen = 0;
  for (const [m, count] of s.acc.entries()) {
    seen += count;
    if (2 * seen > s.n - 1) return clampRadius(m, p);
  }
  return p.maxRadiusM;
}

const stayCentre = (s: OpenStay): LatLon => ({ lat: s.sumLat / s.n, lon: s.sumLon / s.n });

const cloneOpenStay = (o: OpenStay): OpenStay => ({ ...o, acc: [...o.acc], outside: [...o.outside] });

function cloneState(s: StayState): StayState {
  return {
    ...(s.last ? { last: s.last } : {}),
    rejected: s.rejected,
    candidate: [...s.candidate],
    ...(s.stay ? { stay: cloneOpenStay(s.stay) } : {}),
    ...(s.held ? { held: cloneOpenStay(s.held) } : {}),
    ...(s.trip ? { trip: { ...s.trip, speeds: [...s.trip.speeds] } } : {}),
  };
}

/** Runs one day's fixes (any order; sorted by time here) on from `state`, which is not changed. */
export function detectDay(state: StayState, fixes: readonly TrailFix[], params: StayParams = DEFAULT_STAY_PARAMS): DayResult {
  const s = cloneState(state);
  const out: DayResult = { stays: [], trips: [], state: s };
  const sorted = [...fixes].sort((a, b) => a.ts - b.ts);
  for (const f of sorted) if (passesGate(s, f, params)) place(s, f, params, out);
  return out;
}

/** What is open at the end of the data (a file's end, or "so far today"): an open stay, and the open trip. */
export function settleStays(state: StayState, params: StayParams = DEFAULT_STAY_PARAMS): { stays: Stay[]; trips: Trip[] } {
  const s = cloneState(state);
  const out: DayResult = { stays: [], trips: [], state: s };
  if (s.held) out.stays.push(closeStay(s.held, params));
  if (s.stay) {
    out.stays.push(closeStay(s.stay, params));
    const rest = s.stay.outside;
    beginTrip(s, s.stay.lastInside);
    delete s.stay;
    for (const f of rest) toTrip(s, f);
  }
  for (const f of s.candidate) toTrip(s, f);
  if (s.trip && s.trip.points > 0) out.trips.push(closeTrip(s.trip, s.trip.last));
  return out;
}

function passesGate(s: StayState, f: TrailFix, p: StayParams): boolean {
  if (!Number.isFinite(f.lat) || !Number.isFinite(f.lon) || accOf(f, p) > p.maxAccuracyM) return false;
  const last = s.last;
  if (last) {
    if (f.ts <= last.ts) return false;
    const slack = accOf(f, p) + accOf(last, p);
    const speed = Math.max(0, distanceM(last, f) - slack) / ((f.ts - last.ts) / 1000);
    if (speed > p.maxSpeedMs && s.rejected < 2) {
      s.rejected++;
      return false;
    }
  }
  s.last = f;
  s.rejected = 0;
  return true;
}

function place(s: StayState, f: TrailFix, p: StayParams, out: DayResult): void {
  const stay = s.stay;
  if (stay) {
    const centre = stayCentre(stay);
    const d = distanceM(centre, f);
    if (d <= stayRadius(stay, p)) {
      // Whatever lay outside in between was noise: the person is back (or never left).
      stay.outside = [];
      joinStay(stay, f, d, p);
      return;
    }
    stay.outside.push(f);
    const first = stay.outside[0] as TrailFix;
    if (stay.outside.length < p.leaveConfirmFixes || f.ts - first.ts < p.leaveConfirmMs) return;
    s.held = stay;
    if (first.ts - stay.lastInside.ts <= p.silenceMs) beginTrip(s, stay.lastInside);
    delete s.stay;
    for (const g of stay.outside) toCandidate(s, g, p, out);
    return;
  }
  toCandidate(s, f, p, out);
  releaseHeld(s, p, out);
}

/** Tells the held stay once no stay at its place can begin within `mergeGapMs` of its end. */
function releaseHeld(s: StayState, p: StayParams, out: DayResult): void {
  const held = s.held;
  if (!held) return;
  const since = s.candidate[0]?.ts ?? s.last?.ts ?? held.end;
  if (since - held.end <= p.mergeGapMs) return;
  out.stays.push(closeStay(held, p));
  delete s.held;
}

function joinStay(stay: OpenStay, f: TrailFix, d: number, p: StayParams): void {
  stay.end = f.ts;
  stay.sumLat += f.lat;
  stay.sumLon += f.lon;
  stay.n++;
  stay.sumDist += d;
  const bin = Math.min(p.maxAccuracyM, Math.round(accOf(f, p)));
  stay.acc[bin] = (stay.acc[bin] as number) + 1;
  stay.lastInside = f;
}

function toCandidate(s: StayState, f: TrailFix, p: StayParams, out: DayResult): void {
  const c = s.candidate;
  // Slide: drop the oldest fixes until the new one lies within the radius of the rest, so the candidate is
  // always the longest recent run of co-located fixes; what drops out is travel. The new fix's accuracy counts
  // in the median while sliding; after the push, `accs` is again exactly the candidate's.
  const accs = accuraciesOf(s, p);
  const acc = accOf(f, p);
  accs.splice(lowerBound(accs, acc), 0, acc);
  while (c.length > 0) {
    const radius = clampRadius(accs[(accs.length - 1) >> 1] as number, p);
    if (distanceM(centreOf(c), f) <= radius) break;
    const dropped = c.shift() as TrailFix;
    accs.splice(lowerBound(accs, accOf(dropped, p)), 1);
    toTrip(s, dropped);
  }
  c.push(f);
  const first = c[0] as TrailFix;
  const dwell = f.ts - first.ts;
  const enough = c.length >= p.minPoints || (c.length >= 2 && dwell >= p.bridgeMinMs);
  if (dwell < p.minDwellMs || !enough) return;
  const held = s.held;
  if (held) {
    delete s.held;
    const centre = stayCentre(held);
    const again = first.ts - held.end <= p.mergeGapMs && distanceM(centre, centreOf(c)) <= stayRadius(held, p);
    if (again) {
      // The same stay, resumed: the excursion was not a trip.
      delete s.trip;
      held.outside = [];
      for (const g of c) joinStay(held, g, distanceM(centre, g), p);
      s.stay = held;
      s.candidate = [];
      return;
    }
    out.stays.push(closeStay(held, p));
  }
  if (s.trip) out.trips.push(closeTrip(s.trip, first));
  delete s.trip;
  const stay: OpenStay = {
    start: first.ts,
    end: first.ts,
    sumLat: 0,
    sumLon: 0,
    n: 0,
    sumDist: 0,
    acc: new Array<number>(p.maxAccuracyM + 1).fill(0),
    lastInside: first,
    outside: [],
  };
  const centre = centreOf(c);
  for (const g of c) joinStay(stay, g, distanceM(centre, g), p);
  s.stay = stay;
  s.candidate = [];
}

function beginTrip(s: StayState, from: TrailFix): OpenTrip {
  s.trip = {
    start: from.ts,
    from: { lat: from.lat, lon: from.lon },
    last: from,
    anchor: from,
    distanceM: 0,
    points: 0,
    speeds: emptySpeedHistogram(),
  };
  return s.trip;
}

function advance(t: OpenTrip, f: TrailFix): void {
  t.distanceM += distanceM(t.last, f);
  const span = f.ts - t.anchor.ts;
  if (span >= SPEED_SPAN_MS) {
    addSpeed(t.speeds, distanceM(t.anchor, f) / (span / 1000), span);
    t.anchor = f;
  }
  t.last = f;
}

function toTrip(s: StayState, f: TrailFix): void {
  if (!s.trip) {
    beginTrip(s, f).points = 1;
    return;
  }
  advance(s.trip, f);
  s.trip.points++;
}

function closeTrip(t: OpenTrip, to: TrailFix): Trip {
  if (to !== t.last) advance(t, to);
  const { mode, medianSpeed, p90Speed } = guessMode(t.speeds);
  return {
    start: t.start,
    end: to.ts,
    durationMs: to.ts - t.start,
    distanceM: t.distanceM,
    from: t.from,
    to: { lat: to.lat, lon: to.lon },
    points: t.points,
    mode,
    medianSpeed,
    p90Speed,
  };
}

function closeStay(stay: OpenStay, p: StayParams): Stay {
  const radiusM = stayRadius(stay, p);
  const dwell = Math.min(1, (stay.end - stay.start) / (30 * 60_000));
  const density = Math.min(1, stay.n / 10);
  const tight = 1 - Math.min(1, stay.sumDist / stay.n / radiusM);
  const { lat, lon } = stayCentre(stay);
  return {
    start: stay.start,
    end: stay.end,
    lat,
    lon,
    radiusM,
    points: stay.n,
    confidence: Math.round((0.4 * dwell + 0.3 * density + 0.3 * tight) * 100) / 100,
  };
}
