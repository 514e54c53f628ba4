/**
 * A trip's mode guess from robust speed statistics. Speeds are measured over spans of at least
 * `SPEED_SPAN_MS` (not between consecutive fixes): at 1 Hz a phone's few metres of error between two fixes
 * read as metres per second, over 15 s they read as a tenth of that. Each span's speed is kept in a
 * time-weighted histogram of fixed size, so a trip of any length holds the same few hundred numbers and a
 * trip left open at midnight carries them in the detector's state.
 */

export const TRIP_MODES = { still: 'still', walk: 'walk', run: 'run', cycle: 'cycle', vehicle: 'vehicle' } as const;
export type TripMode = (typeof TRIP_MODES)[keyof typeof TRIP_MODES];

/** Shortest span a speed is measured over, ms. */
export const SPEED_SPAN_MS = 15_000;
/** Histogram bin width, m/s; the last bin holds everything faster. */
const BIN = 0.25;
const BINS = 201;
/** Below this a span counts as standing (a red light, a queue), not moving. */
const MOVING_MS = 0.5;

/** Milliseconds spent in each speed bin. */
export type SpeedHistogram = number[];

export const emptySpeedHistogram = (): SpeedHistogram => new Array<number>(BINS).fill(0);

export function addSpeed(hist: SpeedHistogram, metresPerSecond: number, weightMs: number): void {
  const bin = Math.min(BINS - 1, Math.floor(metresPerSecond / BIN));
  hist[bin] = (hist[bin] as number) + weightMs;
}

/** The speed below which `q` of the moving time was spent (bin centre), or 0 with no moving time. */
function movingQuantile(hist: SpeedHistogram, q: number): number {
  const first = Math.ceil(MOVING_MS / BIN);
  let total = 0;
  for (let i = first; i < BINS; i++) total += hist[i] as number;
  if (total === 0) return 0;
  let seen = 0;
  for (let i = first; i < BINS; i++) {
    seen += hist[i] as number;
    if (seen >= q * total) return (i + 0.5) * BIN;
  }
  return (BINS - 0.5) * BIN;
}

/**
 * Bands after Dawarich's (walking 1–7 km/h, running 7–20, cycling 7–45, driving 15+), read on the moving
 * median so stops at lights do not turn a drive into a walk, and on the 90th percentile so a cyclist's
 * steady 5 m/s is not a run and a car crawling through town is told from a bicycle by its faster stretches.
 */
export function guessMode(hist: SpeedHistogram): { mode: TripMode; medianSpeed: number; p90Speed: number } {
  const total = hist.reduce((a, b) => a + b, 0);
  const moving = hist.slice(Math.ceil(MOVING_MS / BIN)).reduce((a, b) => a + b, 0);
  const medianSpeed = movingQuantile(hist, 0.5);
  const p90Speed = movingQuantile(hist, 0.9);
  let mode: TripMode;
  if (total === 0 || moving < 0.2 * total) mode = TRIP_MODES.still;
  else if (medianSpeed <= 2.2 && p90Speed <= 3.5) mode = TRIP_MODES.walk;
  else if (medianSpeed <= 4.5 && p90Speed <= 6) mode = TRIP_MODES.run;
  else if (medianSpeed <= 8 && p90Speed <= 12) mode = TRIP_MODES.cycle;
  else mode = TRIP_MODES.vehicle;
  return { mode, medianSpeed, p90Speed };
}
