/**
 * The browser's position source: `navigator.geolocation.watchPosition`, started only when the person asks
 * for it. A fix keeps only what the location schema can carry (NaN or missing heading/speed are dropped).
 */
export interface Fix {
  lat: number;
  lon: number;
  acc?: number;
  alt?: number;
  speed?: number;
  bearing?: number;
  ts: number;
}

export function fixFrom(position: GeolocationPosition): Fix {
  const c = position.coords;
  const fix: Fix = { lat: c.latitude, lon: c.longitude, ts: Math.round(position.timestamp) };
  if (Number.isFinite(c.accuracy) && c.accuracy >= 0) fix.acc = c.accuracy;
  if (c.altitude !== null && Number.isFinite(c.altitude)) fix.alt = c.altitude;
  if (c.speed !== null && Number.isFinite(c.speed) && c.speed >= 0) fix.speed = c.speed;
  if (c.heading !== null && Number.isFinite(c.heading) && c.heading >= 0 && c.heading <= 360) fix.bearing = c.heading;
  return fix;
}

/** Starts watching; returns the function that stops it. */
export function watchPosition(onFix: (fix: Fix) => void, onError: (error: GeolocationPositionError) => void): () => void {
  const id = navigator.geolocation.watchPosition(
    (p) => onFix(fixFrom(p)),
    (e) => onError(e),
    { enableHighAccuracy: true, maximumAge: 10_000, timeout: 60_000 },
  );
  return () => navigator.geolocation.clearWatch(id);
}

export const geolocationAvailable = (): boolean => typeof navigator !== 'undefined' && 'geolocation' in navigator;
