/**
 * The one model of the Earth every package measures with: a sphere on which a degree of latitude (and of
 * longitude at the equator) is 111 320 m. The keyed-offset grid cuts its cells in these degrees, so a
 * distance measured on any other sphere (the map's circles, motion, tests) would disagree with the grid
 * by a fraction of a percent — enough to put a point the grid calls "inside" a cell just outside its circle.
 */

/** Metres per degree of latitude (and of longitude at the equator). */
export const METRES_PER_DEGREE = 111_320;
const RAD = Math.PI / 180;
/** The sphere on which a degree is METRES_PER_DEGREE. */
export const EARTH_RADIUS_M = METRES_PER_DEGREE / RAD;

export interface LatLon {
  lat: number;
  lon: number;
}

/** Metres per degree of longitude at `lat` (0 at the poles). */
export function metresPerDegreeLon(lat: number): number {
  return METRES_PER_DEGREE * Math.cos(lat * RAD);
}

/** Great-circle metres between two points (haversine). */
export function distanceM(a: LatLon, b: LatLon): number {
  const s =
    Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lon - a.lon) * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The point `metres` from `from` along the great circle leaving it at `bearingDeg` (clockwise from north). */
export function destination(from: LatLon, bearingDeg: number, metres: number): LatLon {
  const d = metres / EARTH_RADIUS_M;
  const phi1 = from.lat * RAD;
  const lambda1 = from.lon * RAD;
  const theta = bearingDeg * RAD;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(theta));
  const lambda2 = lambda1 + Math.atan2(Math.sin(theta) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  return { lat: phi2 / RAD, lon: lambda2 / RAD };
}

/** The point `north` and `east` metres away on a local flat map (for short distances: fixes, tests). */
export function offsetM(from: LatLon, north: number, east: number): LatLon {
  return { lat: from.lat + north / METRES_PER_DEGREE, lon: from.lon + east / metresPerDegreeLon(from.lat) };
}
