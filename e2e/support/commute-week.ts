/**
 * A synthetic recorded history for trail tests: whole UTC days with one fix every `everyMs`, a person who
 * sleeps at home, drives about 10 km to work and back in a quarter of an hour (crossing street, neighbourhood
 * and often city cells, each too fast for any level's dwell to commit it, whatever the grid's offset) and
 * stays put in between, with GPS noise, written as GPX. Reproducible from its seed. Coordinates
 * are written to 1e-8° (finer than the trail keeps, so its 1e-7° quantisation is exercised) and every time
 * is 137 ms past a whole second, so no fix time falls on a publish tick (a multiple of the tick).
 */
import { DAY_MS, dayStartMs } from '@entwine/core';
import { seededRandom } from './seeded-random.ts';

export interface TrackPoint {
  ts: number;
  lat: number;
  lon: number;
  /** Metres. */
  ele: number;
  /** On the way between home and work (not staying at either). */
  driving: boolean;
}

const HOME = { lat: 47.3769, lon: 8.5417 };
const WORK = { lat: 47.4569, lon: 8.6017 };
const M_PER_DEG = 111_320;
const H = 3_600_000;
/** When the drive to work starts and how long a drive takes; the drive home starts at OUT. */
const IN = 7.5 * H;
const RIDE = 0.25 * H;
const OUT = 17 * H;
const OFF_MS = 137;

/** Where the person is `t` ms into a day, before noise (0 at home, 1 at work). */
function along(t: number): number {
  if (t < IN || t >= OUT + RIDE) return 0;
  if (t < IN + RIDE) return (t - IN) / RIDE;
  if (t < OUT) return 1;
  return 1 - (t - OUT) / RIDE;
}

export function commuteWeek(opts: { firstDay: number; days: number; everyMs: number; seed: number }): TrackPoint[] {
  const rnd = seededRandom(opts.seed);
  // Box-Muller: GPS noise with σ = 4 m.
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd.float())) * Math.cos(2 * Math.PI * rnd.float());
  const points: TrackPoint[] = [];
  for (let day = opts.firstDay; day < opts.firstDay + opts.days; day++) {
    const start = dayStartMs(day);
    for (let t = OFF_MS; t < DAY_MS; t += opts.everyMs) {
      const f = along(t);
      const cos = Math.cos((HOME.lat * Math.PI) / 180);
      points.push({
        ts: start + t,
        lat: HOME.lat + f * (WORK.lat - HOME.lat) + (4 * gauss()) / M_PER_DEG,
        lon: HOME.lon + f * (WORK.lon - HOME.lon) + (4 * gauss()) / (M_PER_DEG * cos),
        ele: Math.round((408 + 30 * f + gauss()) * 10) / 10,
        driving: f > 0 && f < 1,
      });
    }
  }
  return points;
}

export function gpxOf(points: readonly TrackPoint[]): string {
  const lines = points.map(
    (p) =>
      `<trkpt lat="${p.lat.toFixed(8)}" lon="${p.lon.toFixed(8)}"><ele>${p.ele}</ele><time>${new Date(p.ts).toISOString()}</time></trkpt>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="entwine-test" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>',
    ...lines,
    '</trkseg></trk></gpx>',
    '',
  ].join('\n');
}
