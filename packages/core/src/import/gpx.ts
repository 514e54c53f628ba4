/**
 * GPX 1.0/1.1 track points (`<trkpt>`, and `<rtept>` for routes) → fixes in document order, for a replay
 * (`entwine share --gpx`), where a point without a time is still a place to pass through. Built on the
 * streaming reader (`gpx-stream.ts`); imports use `gpxFixParser`, which needs each point's time. Points
 * without a valid lat/lon are skipped and counted, not guessed; reading stops at the first XML fault,
 * keeping the points before it (`fault` says where).
 */
import type { ImportFault } from './fix-source.ts';
import { gpxPointReader, parseIsoTime } from './gpx-stream.ts';

export interface GpxFix {
  lat: number;
  lon: number;
  /** Milliseconds since the epoch, when the point has a `<time>`. */
  time?: number;
  ele?: number;
}

export function parseGpx(text: string): { fixes: GpxFix[]; skipped: number; fault?: ImportFault } {
  const fixes: GpxFix[] = [];
  let skipped = 0;
  const reader = gpxPointReader(
    (p) => {
      const fix: GpxFix = { lat: p.lat, lon: p.lon };
      const time = p.time === undefined ? undefined : parseIsoTime(p.time);
      if (time !== undefined) fix.time = time;
      if (p.ele !== undefined) fix.ele = p.ele;
      fixes.push(fix);
    },
    () => skipped++,
  );
  reader.write(text);
  reader.close();
  const fault = reader.fault();
  return fault ? { fixes, skipped, fault } : { fixes, skipped };
}
