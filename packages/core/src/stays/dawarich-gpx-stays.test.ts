/**
 * The detector on real exports (Dawarich's GPX samples, AGPL-3.0, provenance in
 * packages/core/test/fixtures/dawarich/README.md). The expectations were read off the files by hand (times,
 * and distances between consecutive points computed apart from this code):
 * - multiple segments: three recordings of 84 s, 70 s and 77 s, each partly still but none still for the
 *   5-minute dwell, so no stay; one trip from the first fix to the last, 5 083.5 m as the sum of its
 *   43 points' great-circle segments (the 2 950 m and 1 889 m jumps across the silences included);
 * - single segment: ten points whose times span 313 ms: no stay can come of it, and whatever trip does lasts
 *   under a second.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trailFixOf } from '../import/fix-source.ts';
import { gpxFixParser } from '../import/gpx-stream.ts';
import { detectDay, initialStayState, settleStays } from './detect-day.ts';

function detectFile(name: string) {
  const parser = gpxFixParser();
  const text = readFileSync(new URL(`../../test/fixtures/dawarich/${name}`, import.meta.url), 'utf8');
  const fixes = [...parser.feed(text), ...parser.end()].map(trailFixOf);
  const r = detectDay(initialStayState(), fixes);
  const rest = settleStays(r.state);
  return { fixes, stays: [...r.stays, ...rest.stays], trips: [...r.trips, ...rest.trips] };
}

describe('stays and trips on Dawarich GPX samples', () => {
  it('OsmAnd, three short recordings: no stay (none still for 5 min), one trip over the whole file', () => {
    const { fixes, stays, trips } = detectFile('gpx_track_multiple_segments.gpx');
    expect(fixes).toHaveLength(43);
    expect(stays).toEqual([]);
    expect(trips).toHaveLength(1);
    const trip = trips[0];
    expect(trip?.start).toBe(Date.parse('2024-04-21T09:07:31Z'));
    expect(trip?.end).toBe(Date.parse('2024-04-21T10:46:24Z'));
    expect(trip?.points).toBe(43);
    expect(trip?.distanceM).toBeCloseTo(5083.5, 0);
  });

  it('Garmin Connect with its times squeezed into 313 ms: no stay, and no trip longer than a second', () => {
    const { stays, trips } = detectFile('gpx_track_single_segment.gpx');
    expect(stays).toEqual([]);
    expect(trips.length).toBeLessThanOrEqual(1);
    for (const t of trips) expect(t.durationMs).toBeLessThan(1_000);
  });
});
