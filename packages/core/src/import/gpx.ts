/**
 * GPX 1.0/1.1 track points (`<trkpt>`, and `<rtept>` for routes) → fixes in document order.
 * A small tolerant scanner rather than a DOM: core runs where there is no DOMParser, and a GPX file's
 * track points are flat elements. Points without a valid lat/lon are skipped and counted, not guessed.
 */
export interface GpxFix {
  lat: number;
  lon: number;
  /** Milliseconds since the epoch, when the point has a `<time>`. */
  time?: number;
  ele?: number;
}

const POINT = /<(trkpt|rtept)\b([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(attrs)?.[1];
const child = (body: string, name: string) => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(body)?.[1];

export function parseGpx(text: string): { fixes: GpxFix[]; skipped: number } {
  const fixes: GpxFix[] = [];
  let skipped = 0;
  for (const m of text.matchAll(POINT)) {
    const attrs = m[2] ?? '';
    const body = m[4] ?? '';
    const lat = Number(attr(attrs, 'lat'));
    const lon = Number(attr(attrs, 'lon'));
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || attr(attrs, 'lat') === undefined) {
      skipped++;
      continue;
    }
    const fix: GpxFix = { lat, lon };
    const time = child(body, 'time');
    if (time) {
      const t = Date.parse(time);
      if (Number.isFinite(t)) fix.time = t;
    }
    const ele = child(body, 'ele');
    if (ele !== undefined && Number.isFinite(Number(ele))) fix.ele = Number(ele);
    fixes.push(fix);
  }
  return { fixes, skipped };
}
