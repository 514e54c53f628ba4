/**
 * The detector on real exports (Dawarich's GPX samples, AGPL-3.0, provenance in
 * packages/core/test/fixtures/dawarich/README.md). The expectations were read off the files by hand (times,
 * and distances between consecutive points computed apart from this code):
 * - multiple segments: three recordings of 84 s, 70 s and 77 s, each partly still but none still for the
 *   5-minute dwell, so no stay; one trip from the first fix to the last, 5 083.5 m as the sum of its
 *   43 points' great-circle segments (the 2 950 m and 1 889 m jumps across the silences included);
 * - multiple tracks (it starts with a blank line before `<?xml`, which the GPX reader skips): 34 points in two
 *   tracks, 10:19:55–11:39:40; the still runs (10:45:07–10:46:06, 11:39:00–11:39:40) last about a minute, and the
 *   silences (24 min, 38 min, 11 min) end 0.8–2.3 km from where they began, so nothing is bridged: no stay, one trip;
 * - single segment: ten points whose times span 313 ms: no stay can come of it, and whatever trip does lasts
 *   under a second;
 * - OwnTracks 2024-03: the file's own `inregions: ["home"]` and its `leave` at 18:26 say the person was home
 *   from 09:03, but its coordinates are hand-rounded, 0.001° (≈ 130 m) apart on every line with `acc` 10 m,
 *   so no two fixes are co-located and a detector that made a stay of them would be making stays of fixes
 *   130 m apart: no stay, one trip over the whole file;
 * - OwnTracks 2023-02: ten fixes 38 s long within 5 m: under the dwell, so no stay.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FixParser, fixKey, trailFixOf } from '../import/fix-source.ts';
import { gpxFixParser } from '../import/gpx-stream.ts';
import { owntracksRecParser } from '../import/owntracks-rec.ts';
import { detectDay, initialStayState, settleStays } from './detect-day.ts';

function detectFile(name: string, parser: FixParser = gpxFixParser()) {
  const text = readFileSync(new URL(`../../test/fixtures/dawarich/${name}`, import.meta.url), 'utf8');
  // As the import does: a fix read twice (same time and place) is kept once.
  const seen = new Set<string>();
  const fixes = [...parser.feed(text), ...parser.end()].filter((f) => !seen.has(fixKey(f)) && seen.add(fixKey(f))).map(trailFixOf);
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

  it('OsmAnd, two tracks after a blank line before <?xml: no stay (the longest still run is 65 s), one trip over the file', () => {
    const { fixes, stays, trips } = detectFile('gpx_track_multiple_tracks.gpx');
    expect(fixes).toHaveLength(34);
    expect(stays).toEqual([]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ start: Date.parse('2024-04-21T10:19:55Z'), end: Date.parse('2024-04-21T11:39:40Z'), points: 34 });
  });

  it('Garmin Connect with its times squeezed into 313 ms: no stay, and no trip longer than a second', () => {
    const { stays, trips } = detectFile('gpx_track_single_segment.gpx');
    expect(stays).toEqual([]);
    expect(trips.length).toBeLessThanOrEqual(1);
    for (const t of trips) expect(t.durationMs).toBeLessThan(1_000);
  });
});

describe('stays and trips on Dawarich OwnTracks .rec samples', () => {
  it('2024-03: no stay, as its coordinates step ≈ 130 m on every line; one trip 09:03–18:42 over 7 fixes', () => {
    const { fixes, stays, trips } = detectFile('owntracks/2024-03.rec', owntracksRecParser());
    // 9 location lines, one an exact repeat; of the 8 left, a second fix at 18:40:11 elsewhere is not later
    // than the last kept one and is dropped by the detector's gate.
    expect(fixes).toHaveLength(8);
    expect(stays).toEqual([]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatchObject({ start: 1709283789_000, end: 1709318577_000, points: 7, mode: 'still' });
    // 7 steps of 0.001° in lat and lon at 52.2° N: 7 × 130.5 m.
    expect(trips[0]?.distanceM).toBeGreaterThan(7 * 130);
    expect(trips[0]?.distanceM).toBeLessThan(7 * 131);
  });

  it('2023-02 (space-padded): 38 s standing still is no stay (under the 5-minute dwell), and what is left is still', () => {
    const { fixes, stays, trips } = detectFile('owntracks/2023-02_old.rec', owntracksRecParser());
    expect(fixes).toHaveLength(9);
    expect(stays).toEqual([]);
    for (const t of trips) expect(t.mode).toBe('still');
  });
});
