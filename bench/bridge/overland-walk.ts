/**
 * Overland batches for the bridge bench: one person walking, one point a second, the batches continuing one
 * another (batch k ends one second before batch k+1 begins). The properties are those the iOS app sends with
 * "tracking stats" on (research notes §2.8), so a point is about the size the app's are (~600 bytes); the
 * walk ends one second before `endMs`, so its last point is the person's newest position.
 * Seeded: the same arguments give the same bytes.
 */

export interface OverlandPoint {
  lat: number;
  lon: number;
  ts: number;
}

export interface OverlandBatches {
  /** Each batch's JSON body, ready to post. */
  bodies: string[];
  /** The walk's last point (the newest position the partner should end up with). */
  last: OverlandPoint;
  /** Bytes of all bodies together. */
  bytes: number;
}

/** mulberry32: a small seeded generator; the walk needs repeatability, not quality. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

export function overlandBatches(opts: { batches: number; perBatch: number; endMs: number; seed?: number }): OverlandBatches {
  const random = seeded(opts.seed ?? 0x0be7a);
  const total = opts.batches * opts.perBatch;
  const startS = Math.floor(opts.endMs / 1000) - total;
  // Zürich Hauptbahnhof, heading east; the heading wanders a few degrees a second, as a walk in streets does.
  let lat = 47.378_2;
  let lon = 8.540_2;
  let heading = 90;
  let battery = 0.97;
  let altitude = 408;
  const mPerDegLat = 111_320;
  const mPerDegLon = mPerDegLat * Math.cos((lat * Math.PI) / 180);
  const bodies: string[] = [];
  let bytes = 0;
  let last: OverlandPoint = { lat, lon, ts: startS * 1000 };
  for (let b = 0; b < opts.batches; b++) {
    const locations: unknown[] = [];
    for (let i = 0; i < opts.perBatch; i++) {
      const t = startS + b * opts.perBatch + i;
      heading = (heading + (random() - 0.5) * 12 + 360) % 360;
      const speed = round(1.2 + random() * 0.5, 2);
      lat += (speed * Math.cos((heading * Math.PI) / 180)) / mPerDegLat;
      lon += (speed * Math.sin((heading * Math.PI) / 180)) / mPerDegLon;
      altitude += (random() - 0.5) * 0.4;
      battery = Math.max(0.05, battery - 0.000_002);
      const point = { lat: round(lat, 6), lon: round(lon, 6), ts: t * 1000 };
      last = point;
      locations.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
        properties: {
          timestamp: new Date(point.ts).toISOString().replace('.000Z', 'Z'),
          altitude: round(altitude, 1),
          speed,
          speed_accuracy: 0.5,
          course: round(heading, 1),
          course_accuracy: 10,
          horizontal_accuracy: round(4 + random() * 8, 1),
          vertical_accuracy: round(3 + random() * 4, 1),
          motion: ['walking'],
          pauses: false,
          activity: 'fitness',
          desired_accuracy: 10,
          deferred: 0,
          significant_change: 'disabled',
          locations_in_payload: opts.perBatch,
          battery_state: 'unplugged',
          battery_level: round(battery, 2),
          device_id: '',
          wifi: '',
        },
      });
    }
    const body = JSON.stringify({ locations });
    bodies.push(body);
    bytes += Buffer.byteLength(body);
  }
  return { bodies, last, bytes };
}
