/**
 * The keyed-offset grid behind the area shield levels (research §3.4, KOG-HD). It guarantees:
 * - a position maps to exactly one cell, and a cell to exactly one centre, so a published centre is a
 *   deterministic function of the cell and averaging many of them gains nothing;
 * - the grid is shifted by a per-user, per-level offset derived from the coarsening key, so a partner who
 *   does not hold the key does not know where the cell edges are; centres are given in the shifted frame;
 * - rows come first and a row's column width is taken from the row's centre latitude only, never from the
 *   raw latitude (Android's LocationFudger leaks latitude that way, §3.3);
 * - a row's columns tile it exactly (a whole number of them), so the antimeridian is always a column edge
 *   and columns wrap there; near the poles a row shrinks to a single cell; nothing is ever NaN or infinite.
 * Cells are cut in degrees with 111 320 m per degree; distances outside a cell are great-circle metres on
 * the sphere of that size (both from `geo.ts`, the one Earth every package measures with).
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, utf8Encode } from '../bytes.ts';
import { distanceM, METRES_PER_DEGREE } from '../geo.ts';
import { AREA_LEVELS, type AreaLevel } from './levels.ts';

/** The grid's name for the area levels (one list, defined in levels.ts). */
export type CoarseLevel = AreaLevel;
export const COARSE_LEVELS: readonly CoarseLevel[] = AREA_LEVELS;

export interface GridParams {
  /** Cell edge G, metres. */
  pitchM: number;
  /** The hysteresis margin as a fraction of G (before the accuracy term). */
  hysteresisFactor: number;
  /** How long a new cell must hold before it is committed. */
  dwellMs: number;
  /** The publish quantum: the published cell changes at most once per quantum, on its first tick. */
  quantumMs: number;
  /** Fixes less accurate than this are ignored. */
  accuracyGateM: number;
}

/** Research §3.4, "Parameters". */
export const GRID: Readonly<Record<CoarseLevel, GridParams>> = {
  street: { pitchM: 100, hysteresisFactor: 0.25, dwellMs: 60_000, quantumMs: 60_000, accuracyGateM: 50 },
  neighbourhood: { pitchM: 1_000, hysteresisFactor: 0.2, dwellMs: 300_000, quantumMs: 300_000, accuracyGateM: 500 },
  city: { pitchM: 10_000, hysteresisFactor: 0.2, dwellMs: 900_000, quantumMs: 900_000, accuracyGateM: 5_000 },
};

/** Latitudes are clamped short of the poles, where longitude stops meaning anything. */
const LAT_LIMIT = 89.9999;
const RAD = Math.PI / 180;

/** Metres; each strictly inside (−G/4, G/4). */
export interface GridOffset {
  x: number;
  y: number;
}

/** Integers; `col` counts from −180° in the shifted frame, `row` from the equator. */
export interface Cell {
  row: number;
  col: number;
}

/**
 * The level's grid offset: HKDF-SHA256(ikm = coarseningKey, salt = empty,
 * info = "entwine/v1/coarsen-offset/" ‖ level, 16 bytes), read as two big-endian uint64 (x, then y).
 * The top 52 bits k of each become (2k + 1 − 2^52) / 2^52, an exact odd multiple of 2^−52 strictly inside
 * (−1, 1), times G/4. The info carries the level so the three grids are independent: knowing one level's
 * edges says nothing about another's. It is one offset for every partner at a level, because different
 * grids per partner would let colluding partners intersect their cells.
 */
export function gridOffset(coarseningKey: Uint8Array, level: CoarseLevel): GridOffset {
  assertBytes(coarseningKey, 32, 'coarseningKey');
  // Each fix is placed on every level's grid: deriving the offset (HKDF) per fix was most of the cost of a
  // tracker app's batch of 1 000 (`npm run bench:bridge`). Kept per key array (a caller that holds its key
  // decoded, as the client's publisher does, derives each level's offset once); the array must not change.
  let byLevel = OFFSETS.get(coarseningKey);
  if (!byLevel) {
    byLevel = new Map();
    OFFSETS.set(coarseningKey, byLevel);
  }
  const known = byLevel.get(level);
  if (known) return known;
  const offset = Object.freeze(deriveOffset(coarseningKey, level)); // shared between callers: never changed
  byLevel.set(level, offset);
  return offset;
}

const OFFSETS = new WeakMap<Uint8Array, Map<CoarseLevel, GridOffset>>();

function deriveOffset(coarseningKey: Uint8Array, level: CoarseLevel): GridOffset {
  const quarter = params(level).pitchM / 4;
  const okm = hkdf(sha256, coarseningKey, undefined, utf8Encode(`entwine/v1/coarsen-offset/${level}`), 16);
  const view = new DataView(okm.buffer, okm.byteOffset, okm.byteLength);
  const unit = (at: number) => {
    const k = view.getUint32(at) * 2 ** 20 + (view.getUint32(at + 4) >>> 12);
    return (2 * k + 1 - 2 ** 52) / 2 ** 52;
  };
  return { x: unit(0) * quarter, y: unit(8) * quarter };
}

/** The cell holding a true position, on the level's grid shifted by `offset`. */
export function cellOf(lat: number, lon: number, level: CoarseLevel, offset: GridOffset): Cell {
  const { row } = shiftedLat(lat, lon, level, offset);
  const { n, dLon, cos } = columns(row, level);
  return { row, col: mod(Math.floor((shiftedLon(lon, cos, offset) + 180) / dLon), n) };
}

/** The cell's centre in the shifted frame (never un-shifted: that would hand out the grid), to 1e-5°. */
export function cellCentre(cell: Cell, level: CoarseLevel): { lat: number; lon: number } {
  assertCell(cell, level);
  const { dLon } = columns(cell.row, level);
  const lat = clamp(rowCentre(cell.row, level), -90, 90);
  let lon = round5(-180 + (cell.col + 0.5) * dLon);
  if (lon >= 180) lon -= 360;
  return { lat: round5(lat), lon };
}

/**
 * The cell's edges in the shifted frame, degrees: the rectangle a map draws for a cell (a trail's visits,
 * 0014 §2). Like the centre, never un-shifted, so it says nothing the cell itself does not: the edges follow
 * from the row and column alone. Rows are cut at multiples of G in latitude (the top and bottom rows end at
 * ±90°); a row's columns tile −180°…180° exactly, so `east` may be 180.
 */
export function cellBounds(cell: Cell, level: CoarseLevel): { south: number; north: number; west: number; east: number } {
  assertCell(cell, level);
  const dLat = params(level).pitchM / METRES_PER_DEGREE;
  const { dLon } = columns(cell.row, level);
  const west = -180 + cell.col * dLon;
  return { south: Math.max(-90, cell.row * dLat), north: Math.min(90, (cell.row + 1) * dLat), west, east: west + dLon };
}

/**
 * 0 if the shifted position lies in `cell`, else the great-circle distance in metres from it to the nearest
 * point of `cell`. The position is shifted as `cell`'s row would shift it (in that row exactly as cellOf
 * does). Measuring on the sphere, not in degrees times a cosine, keeps the answer right the short way round
 * the antimeridian and near the poles, where a column is a thin wedge: someone standing 10 m from the pole is
 * within 10 m of every cell that touches it, however many degrees of longitude away.
 */
export function metresOutside(lat: number, lon: number, cell: Cell, level: CoarseLevel, offset: GridOffset): number {
  assertCell(cell, level);
  const p = shiftedLat(lat, lon, level, offset);
  const { n, dLon, cos } = columns(cell.row, level);
  const pLon = shiftedLon(lon, cos, offset);
  // Decided on the same floors as cellOf, so a position is never "outside" the cell cellOf gave it.
  const inColumn = mod(Math.floor((pLon + 180) / dLon), n) === cell.col;
  if (inColumn && p.row === cell.row) return 0;
  const dLat = params(level).pitchM / METRES_PER_DEGREE;
  const south = Math.max(-90, cell.row * dLat);
  const north = Math.min(90, (cell.row + 1) * dLat);
  if (inColumn) return Math.max(south - p.lat, p.lat - north, 0) * METRES_PER_DEGREE;
  // Outside the column, the nearest point is on one of its two edge meridians (a corner included).
  const west = -180 + cell.col * dLon;
  return Math.min(toMeridian(p.lat, pLon, west, south, north), toMeridian(p.lat, pLon, west + dLon, south, north));
}

/** Equal cells; two absent cells are the same (nothing committed either way). */
export function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.row === b.row && a.col === b.col;
}

function params(level: CoarseLevel): GridParams {
  // Own keys only: a level read from storage could be "toString".
  if (!Object.hasOwn(GRID, level)) throw new RangeError(`level: expected one of ${COARSE_LEVELS.join(' | ')}, got ${String(level)}`);
  return GRID[level];
}

/** The shifted latitude and its row; checks the inputs for every entry point. */
function shiftedLat(lat: number, lon: number, level: CoarseLevel, offset: GridOffset): { lat: number; row: number } {
  if (!(Math.abs(lat) <= 90)) throw new RangeError(`lat: expected a number in [-90, 90], got ${lat}`);
  if (!Number.isFinite(lon)) throw new RangeError(`lon: expected a finite number, got ${lon}`);
  const G = params(level).pitchM;
  if (!(Math.abs(offset.x) < G / 4 && Math.abs(offset.y) < G / 4)) {
    throw new RangeError(`offset: expected |x|, |y| < ${G / 4} m, got (${offset.x}, ${offset.y})`);
  }
  const latS = clamp(lat + offset.y / METRES_PER_DEGREE, -LAT_LIMIT, LAT_LIMIT);
  return { lat: latS, row: Math.floor(latS / (G / METRES_PER_DEGREE)) };
}

/** The east–west shift is x metres at the row centre (`cos` of it), the latitude the columns are cut at. */
function shiftedLon(lon: number, cos: number, offset: GridOffset): number {
  return wrapLon(lon + offset.x / (METRES_PER_DEGREE * cos));
}

function rowCentre(row: number, level: CoarseLevel): number {
  return (row + 0.5) * (params(level).pitchM / METRES_PER_DEGREE);
}

/**
 * A row's columns: n = max(1, floor(circumference at the row centre / G)), so each is at least G wide at
 * the row centre and n of them cover 360° exactly. The centre is clamped short of the pole for the cosine
 * (the top row may be partial), which keeps cos > 0 and n ≥ 1.
 */
function columns(row: number, level: CoarseLevel): { n: number; dLon: number; cos: number } {
  const cos = Math.cos(clamp(rowCentre(row, level), -LAT_LIMIT, LAT_LIMIT) * RAD);
  const n = Math.max(1, Math.floor((360 * METRES_PER_DEGREE * cos) / params(level).pitchM));
  return { n, dLon: 360 / n, cos };
}

function assertCell(cell: Cell, level: CoarseLevel): void {
  const dLat = params(level).pitchM / METRES_PER_DEGREE;
  const { row, col } = cell;
  const lo = Math.floor(-LAT_LIMIT / dLat);
  const hi = Math.floor(LAT_LIMIT / dLat);
  if (!Number.isInteger(row) || row < lo || row > hi) throw new RangeError(`cell.row: expected an integer in [${lo}, ${hi}], got ${row}`);
  const { n } = columns(row, level);
  if (!Number.isInteger(col) || col < 0 || col >= n) throw new RangeError(`cell.col: expected an integer in [0, ${n - 1}], got ${col}`);
}

/** Great-circle metres from a point to the meridian `edgeLon` between latitudes `south` and `north`. */
function toMeridian(lat: number, lon: number, edgeLon: number, south: number, north: number): number {
  const gap = Math.abs(mod(lon - edgeLon + 180, 360) - 180);
  // Along a meridian the distance has one minimum, at the foot of the perpendicular from the point, when
  // the meridian is less than 90° away; beyond that it has one maximum, so the nearest point is an end.
  if (gap >= 90) return Math.min(haversine(lat, lon, south, edgeLon), haversine(lat, lon, north, edgeLon));
  const foot = Math.atan(Math.tan(lat * RAD) / Math.cos(gap * RAD)) / RAD;
  return haversine(lat, lon, clamp(foot, south, north), edgeLon);
}

function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return distanceM({ lat: lat1, lon: lon1 }, { lat: lat2, lon: lon2 });
}

/** Into [−180, 180). */
function wrapLon(lon: number): number {
  return mod(lon + 180, 360) - 180;
}

/** Always in [0, m), unlike `%`. */
function mod(a: number, m: number): number {
  const r = a % m;
  const w = r < 0 ? r + m : r;
  return w >= m ? 0 : w; // r + m can round up to m when r is a tiny negative
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** To 1e-5°; `+ 0` turns −0 into 0 so the JSON is the same for both. */
function round5(v: number): number {
  return Math.round(v * 1e5) / 1e5 + 0;
}
