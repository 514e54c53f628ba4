/**
 * Level of detail for a route (issue 14: "the map never hands more vertices to the GPU than the screen can
 * show"). Douglas–Peucker, written here because no maintained simplifier is among the dependencies and this
 * is 40 lines (simplify-js's algorithm, iterative so a 100k-fix day cannot overflow the stack). Distances are
 * in metres on a local equirectangular projection: a day spans a city, where that is exact to well under 1%.
 */
import { METRES_PER_DEGREE } from '@entwine/core';

/** A day's route under this many vertices is drawn as is: through every fix (what the trail tests check). */
export const KEEP_EVERY_VERTEX_UNDER = 5_000;
/** Above that, at most about this many: more than a phone screen's pixels along any route it can show. */
export const MAX_VERTICES = 4_000;

type LonLat = [number, number];

function segmentDistanceSq(p: LonLat, a: LonLat, b: LonLat): number {
  let [x, y] = a;
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) [x, y] = b;
    else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** The indices Douglas–Peucker keeps at `toleranceM` (first and last always). */
function keptIndices(xy: LonLat[], toleranceM: number): number[] {
  const n = xy.length;
  if (n <= 2) return xy.map((_, i) => i);
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tolSq = toleranceM * toleranceM;
  const stack: [number, number][] = [[0, n - 1]];
  for (let span = stack.pop(); span; span = stack.pop()) {
    const [first, last] = span;
    let maxSq = tolSq;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistanceSq(xy[i] as LonLat, xy[first] as LonLat, xy[last] as LonLat);
      if (d > maxSq) {
        maxSq = d;
        index = i;
      }
    }
    if (index > 0) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/**
 * A route's [lon, lat] positions with no more than about `MAX_VERTICES` of them: all of them when there are
 * fewer than `KEEP_EVERY_VERTEX_UNDER`; else Douglas–Peucker at the smallest tolerance (doubling from 1 m)
 * that brings it under the cap.
 */
export function simplifyRoute(coords: LonLat[]): LonLat[] {
  if (coords.length < KEEP_EVERY_VERTEX_UNDER) return coords;
  const lat0 = coords[0]?.[1] ?? 0;
  const kx = METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  const xy = coords.map(([lon, lat]): LonLat => [lon * kx, lat * METRES_PER_DEGREE]);
  for (let tol = 1; ; tol *= 2) {
    const kept = keptIndices(xy, tol);
    if (kept.length <= MAX_VERTICES) return kept.map((i) => coords[i] as LonLat);
  }
}
