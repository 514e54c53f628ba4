/**
 * Geometry for the shield simulations. Cell edges are found by bisection on `cellOf` itself, in true
 * coordinates, so a test can stand a person a known number of metres from an edge without re-deriving the
 * grid. Moves are in metres on the local equirectangular plane (111 320 m per degree); distances that a
 * test checks against are great-circle metres on the sphere of that size.
 */

import { METRES_PER_DEGREE as M } from '../../geo.ts';
import { type Cell, type CoarseLevel, cellCentre, cellOf, type GridOffset, sameCell } from '../grid.ts';
import type { Seeded } from './seeded.ts';

export interface Point {
  lat: number;
  lon: number;
}

const RAD = Math.PI / 180;

/** The true position that the offset moves onto the cell's (rounded) centre. */
export function trueCentre(cell: Cell, level: CoarseLevel, offset: GridOffset): Point {
  const c = cellCentre(cell, level);
  return { lat: c.lat - offset.y / M, lon: c.lon - offset.x / (M * Math.cos(c.lat * RAD)) };
}

/**
 * The last point on the segment from `inside` towards `outside` that is still in `inside`'s cell, to within
 * about 1e-12 of the segment, with the fraction along it. `outside` must be in another cell.
 */
export function edgeOnSegment(inside: Point, outside: Point, level: CoarseLevel, offset: GridOffset): { point: Point; t: number } {
  const at = (t: number): Point => ({ lat: inside.lat + t * (outside.lat - inside.lat), lon: inside.lon + t * (outside.lon - inside.lon) });
  const home = cellOf(inside.lat, inside.lon, level, offset);
  if (sameCell(home, cellOf(outside.lat, outside.lon, level, offset))) throw new Error('edgeOnSegment: both ends are in the same cell');
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const p = at(mid);
    if (sameCell(cellOf(p.lat, p.lon, level, offset), home)) lo = mid;
    else hi = mid;
  }
  return { point: at(lo), t: lo };
}

/** The true latitude of the northern edge of the cell holding `p`, along p's meridian. */
export function northEdgeLat(p: Point, pitchM: number, level: CoarseLevel, offset: GridOffset): number {
  return edgeOnSegment(p, { lat: Math.min(90, p.lat + (1.5 * pitchM) / M), lon: p.lon }, level, offset).point.lat;
}

/** The true (unwrapped) longitude of the eastern edge of the cell holding `p`, along p's parallel. */
export function eastEdgeLon(p: Point, pitchM: number, level: CoarseLevel, offset: GridOffset): number {
  return edgeOnSegment(p, { lat: p.lat, lon: p.lon + (1.5 * pitchM) / (M * Math.cos(p.lat * RAD)) }, level, offset).point.lon;
}

/** How many columns the row has, read off the public API: the largest col that cellCentre accepts, plus one. */
export function columnCount(row: number, level: CoarseLevel): number {
  const valid = (col: number) => {
    try {
      cellCentre({ row, col }, level);
      return true;
    } catch (error) {
      if (error instanceof RangeError) return false;
      throw error;
    }
  };
  let lo = 0; // valid
  let hi = 1;
  while (valid(hi)) hi *= 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (valid(mid)) lo = mid;
    else hi = mid;
  }
  return lo + 1;
}

/** `north` and `east` metres from p, on the local equirectangular plane (not for use within ~1° of a pole). */
export function moveMetres(p: Point, north: number, east: number): Point {
  return { lat: p.lat + north / M, lon: p.lon + east / (M * Math.cos(p.lat * RAD)) };
}

/**
 * An isotropic Gaussian GPS error of `sigmaM` per axis. Near a pole it is drawn on the polar plane, so a
 * fix at the pole itself jitters sensibly and a fix that overshoots the pole comes down the other side.
 */
export function jitter(p: Point, sigmaM: number, rng: Seeded): Point {
  const dn = rng.gaussian(sigmaM);
  const de = rng.gaussian(sigmaM);
  if (Math.abs(p.lat) < 89) return moveMetres(p, dn, de);
  const sign = p.lat > 0 ? 1 : -1;
  const r = (90 - Math.abs(p.lat)) * M;
  const x = r * Math.cos(p.lon * RAD) + dn;
  const y = r * Math.sin(p.lon * RAD) + de;
  return { lat: sign * (90 - Math.hypot(x, y) / M), lon: Math.atan2(y, x) / RAD };
}

/** Equirectangular distance in metres, the short way round in longitude. */
export function metresBetween(a: Point, b: Point): number {
  const dLon = ((((b.lon - a.lon + 180) % 360) + 360) % 360) - 180;
  const cos = Math.cos(((a.lat + b.lat) / 2) * RAD);
  return Math.hypot((b.lat - a.lat) * M, dLon * M * cos);
}

/** Great-circle metres on the grid's sphere (a degree is 111 320 m), written out independently of grid.ts. */
export function sphereMetres(a: Point, b: Point): number {
  const R = M / RAD;
  const h =
    Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lon - a.lon) * RAD) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
