/**
 * GPX as a stream: the same fixes whatever size the pieces are fed in, each handed on as soon as its point
 * closes; the file's own times (UTC when no zone is named) and its speed, course and hdop where present;
 * rejected points counted by reason; malformed, cut-short or foreign files stop at the first fault, whose
 * offset, line and column are reported, keeping every point before it; a field that never ends is a fault,
 * not a buffer that grows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixKey, type ImportedFix, trailFixOf } from './fix-source.ts';
import { importFormatFor } from './formats.ts';
import { parseGpx } from './gpx.ts';
import { gpxFixParser, MAX_FIELD_CHARS, parseIsoTime } from './gpx-stream.ts';

const WALK = readFileSync(join(import.meta.dirname, '../../../../e2e/fixtures/walk.gpx'), 'utf8');
const gpx = (points: string) =>
  `<?xml version="1.0"?>\n<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>${points}</trkseg></trk></gpx>`;
const pt = (lat: string, lon: string, body = '<time>2026-06-01T08:00:00Z</time>') => `<trkpt lat="${lat}" lon="${lon}">${body}</trkpt>`;

/** Feeds `text` in pieces of `size` characters; returns every fix, what each feed returned, and the report. */
function read(text: string, size = text.length) {
  const parser = gpxFixParser();
  const perFeed: number[] = [];
  const fixes: ImportedFix[] = [];
  for (let i = 0; i < text.length; i += size) {
    const got = parser.feed(text.slice(i, i + size));
    perFeed.push(got.length);
    fixes.push(...got);
  }
  fixes.push(...parser.end());
  return { fixes, perFeed, report: parser.report() };
}

describe('GPX stream', () => {
  it('reads the fixture walk the same in pieces of 1, 7, 100 characters and whole', () => {
    const whole = read(WALK);
    expect(whole.fixes).toHaveLength(12);
    expect(whole.fixes[0]).toEqual({ time: Date.UTC(2026, 5, 1, 8), lat: 47.37, lon: 8.54, ele: 408 });
    expect(whole.report).toEqual({ format: 'gpx', read: 12, kept: 12, rejected: { 'bad-coordinates': 0, 'no-time': 0, 'bad-time': 0 } });
    for (const size of [1, 7, 100]) expect(read(WALK, size).fixes, `pieces of ${size}`).toEqual(whole.fixes);
  });

  it('reads 200 000 points fed piece by piece, never holding more than a piece’s worth of fixes', () => {
    const parser = gpxFixParser();
    const t0 = Date.UTC(2026, 5, 1);
    let kept = 0;
    let most = 0;
    const take = (fixes: ImportedFix[]) => {
      kept += fixes.length;
      most = Math.max(most, fixes.length);
    };
    take(parser.feed('<?xml version="1.0"?><gpx version="1.1"><trk><trkseg>'));
    for (let i = 0; i < 200_000; i += 500) {
      let piece = '';
      for (let j = i; j < i + 500; j++)
        piece += `<trkpt lat="${(47 + j * 1e-6).toFixed(7)}" lon="8.5"><ele>400</ele><time>${new Date(t0 + j * 1000).toISOString()}</time></trkpt>\n`;
      take(parser.feed(piece));
    }
    take(parser.feed('</trkseg></trk></gpx>'));
    take(parser.end());
    expect(kept).toBe(200_000);
    expect(most).toBeLessThanOrEqual(501);
    expect(parser.report()).toEqual({
      format: 'gpx',
      read: 200_000,
      kept: 200_000,
      rejected: { 'bad-coordinates': 0, 'no-time': 0, 'bad-time': 0 },
    });
  });

  it('hands each point on as soon as it closes, not at the end', () => {
    const { perFeed } = read(WALK, 200);
    expect(perFeed.filter((n) => n > 0).length).toBeGreaterThan(3);
  });

  it('reads speed, course and hdop as GPX 1.0 children and inside extensions, and leaves out a value out of range', () => {
    const text = gpx(
      pt('1', '2', '<ele>-12.5</ele><time>2026-06-01T08:00:00Z</time><speed>3.5</speed><course>271</course><hdop>0.9</hdop>') +
        pt(
          '1',
          '2',
          '<time>2026-06-01T08:00:01Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:speed>1.25</gpxtpx:speed><gpxtpx:course>10</gpxtpx:course></gpxtpx:TrackPointExtension></extensions>',
        ) +
        pt('1', '2', '<time>2026-06-01T08:00:02Z</time><course>400</course><ele>0x10</ele>'),
    );
    const t = Date.UTC(2026, 5, 1, 8);
    expect(read(text).fixes).toEqual([
      { time: t, lat: 1, lon: 2, ele: -12.5, speed: 3.5, course: 271, hdop: 0.9 },
      { time: t + 1000, lat: 1, lon: 2, speed: 1.25, course: 10 },
      { time: t + 2000, lat: 1, lon: 2 },
    ]);
    expect(trailFixOf(read(text).fixes[0] as ImportedFix)).toEqual({ ts: t, lat: 1, lon: 2, alt: -12.5, speed: 3.5, bearing: 271 });
  });

  it('counts rejected points by reason and keeps the rest', () => {
    const text = gpx(
      pt('1', '2') +
        pt('', '2') +
        pt('91', '2') +
        pt('0x10', '2') +
        '<trkpt lon="2"><time>2026-06-01T08:00:00Z</time></trkpt>' +
        pt('1', '2', '') +
        pt('1', '2', '<time>yesterday</time>') +
        pt('1', '2', '<time>2026-02-30T08:00:00Z</time>') +
        '<rtept lat="3" lon="4"><time>2026-06-01T09:00:00+02:00</time></rtept>',
    );
    const { fixes, report } = read(text);
    expect(fixes.map((f) => [f.lat, f.time])).toEqual([
      [1, Date.UTC(2026, 5, 1, 8)],
      [3, Date.UTC(2026, 5, 1, 7)],
    ]);
    expect(report).toEqual({ format: 'gpx', read: 9, kept: 2, rejected: { 'bad-coordinates': 4, 'no-time': 1, 'bad-time': 2 } });
  });

  it('reads times as ISO 8601, UTC without a zone, to the ms', () => {
    expect(parseIsoTime('2026-06-01T08:00:00Z')).toBe(Date.UTC(2026, 5, 1, 8));
    expect(parseIsoTime(' 2026-06-01T08:00:00 ')).toBe(Date.UTC(2026, 5, 1, 8));
    expect(parseIsoTime('2026-06-01T08:00:00.123456Z')).toBe(Date.UTC(2026, 5, 1, 8, 0, 0, 123));
    expect(parseIsoTime('2026-06-01T08:00:00-0130')).toBe(Date.UTC(2026, 5, 1, 9, 30));
    for (const bad of [
      '2026-06-01',
      '2026-13-01T00:00:00Z',
      '2026-06-01T24:00:00Z',
      '1969-12-31T23:59:59Z',
      'Mon, 01 Jun 2026 08:00:00 GMT',
    ])
      expect(parseIsoTime(bad), bad).toBeUndefined();
  });

  it('stops at malformed XML, reporting where, keeping the points before it and nothing after', () => {
    const before = gpx(pt('1', '2') + pt('3', '4')).split('</trkseg>')[0] as string;
    const text = `${before}<trkpt lat="5" lon="6"><time>2026-06-01T08:00:00Z</time></trkpt oops>${pt('7', '8')}</trkseg></trk></gpx>`;
    for (const size of [text.length, 5]) {
      const { fixes, report } = read(text, size);
      expect(fixes.map((f) => f.lat)).toEqual([1, 3]);
      const at = text.indexOf('oops');
      expect(report.fault?.offset).toBeGreaterThanOrEqual(at);
      expect(report.fault?.offset).toBeLessThanOrEqual(at + 2);
      expect(report.fault?.line).toBe(2);
      expect(report.fault?.message).toMatch(/\w$/); // no full stop of its own: the CLI's sentence ends it
      expect(report.kept).toBe(2);
    }
  });

  it('reads a file with blank lines before its XML declaration, and still places a fault in the file as written', () => {
    const lead = '\n  \n';
    const good = `${lead}${gpx(pt('1', '2') + pt('3', '4'))}`;
    for (const size of [good.length, 1, 3]) expect(read(good, size).fixes.map((f) => f.lat)).toEqual([1, 3]);
    const bad = `${lead}<?xml version="1.0"?>\n<gpx><trk><trkseg><trkpt lat="5" lon="6"></trkpt oops></trkseg></trk></gpx>`;
    for (const size of [bad.length, 2]) {
      const { report } = read(bad, size);
      const at = bad.indexOf('oops');
      expect(report.fault?.offset).toBeGreaterThanOrEqual(at);
      expect(report.fault?.offset).toBeLessThanOrEqual(at + 2);
      expect(report.fault?.line).toBe(4);
    }
  });

  it.each([64, 1, Number.POSITIVE_INFINITY])(
    'a file cut short (fed %s at a time) keeps every point that closed and reports the end as the fault',
    (size) => {
      const cut = WALK.slice(0, WALK.indexOf('08:00:35Z'));
      const { fixes, report } = read(cut, Math.min(size, cut.length));
      expect(fixes).toHaveLength(7);
      expect(report.fault?.offset).toBe(cut.length);
      expect(report.fault?.message).toMatch(/unclosed tag|unexpected end/);
    },
  );

  it('refuses a file whose root is not <gpx>, and a field that never ends', () => {
    expect(read('<kml><trkpt lat="1" lon="2"/></kml>').report.fault?.message).toBe('expected a <gpx> root element, got <kml>');
    const endless = `<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>${'9'.repeat(4 * MAX_FIELD_CHARS)}`;
    for (const size of [100, endless.length]) {
      const { report } = read(endless, size);
      expect(report.fault?.message).toBe(`expected a <time> of at most ${MAX_FIELD_CHARS} characters, got more`);
      expect(report.fault?.offset).toBe(
        Math.min(endless.length, Math.ceil((endless.indexOf('<time>') + 6 + MAX_FIELD_CHARS) / size) * size),
      );
    }
    // A long field that does end is read as a bad value, not a fault.
    const long = gpx(pt('1', '2', `<time>${'9'.repeat(MAX_FIELD_CHARS - 10)}</time>`));
    expect(read(long, 10).report).toMatchObject({ read: 1, kept: 0, rejected: { 'bad-time': 1 } });
    expect(read(long, 10).report.fault).toBeUndefined();
  });
});

describe('parseGpx (replays)', () => {
  it('reads the fixture walk with times and elevations, and keeps points without a time', () => {
    const { fixes, skipped } = parseGpx(WALK);
    expect(fixes).toHaveLength(12);
    expect(fixes[11]).toEqual({ lat: 47.37165, lon: 8.54231, ele: 419, time: Date.UTC(2026, 5, 1, 8, 0, 55) });
    expect(skipped).toBe(0);
    expect(parseGpx(gpx(pt('1', '2', '') + pt('x', '2')))).toEqual({ fixes: [{ lat: 1, lon: 2 }], skipped: 1 });
  });
});

describe('import formats and fix keys', () => {
  it('chooses a format by the file name’s ending, in any case', () => {
    expect(importFormatFor('Morning Walk.GPX')?.name).toBe('gpx');
    expect(importFormatFor('track.kml')).toBeUndefined();
  });

  it('keys a fix by its time to the ms and its place to 1e-7°, whether it is imported or recorded', () => {
    const a = { time: 1000, lat: 47.3769123, lon: 8.5417 };
    expect(fixKey(a)).toBe(fixKey({ ts: 1000, lat: 47.37691231, lon: 8.54170001 }));
    expect(fixKey(a)).not.toBe(fixKey({ ...a, time: 1001 }));
    expect(fixKey(a)).not.toBe(fixKey({ ...a, lat: 47.3769124 }));
  });
});
