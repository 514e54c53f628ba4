// The CLI's words for the history: day ranges and retention choices as typed, a damaged day and a coarse day as
// printed in JSON (cells with their centres, no fix), and the watch line for updates that expired unread.
import { isoToDay } from '@entwine/core';
import type { PlaceIndex } from '@entwine/places';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../context.ts';
import { firstLabel, nearestPlaceLabeller, ownPlaceLabeller, type StayLabeller, stayLines } from './stay-table.ts';
import { dayRange, entryJson, parseRetention } from './trail.ts';
import { formatEvent } from './watch.ts';

const TODAY = isoToDay('2026-12-06');

describe('entwine trail and retention arguments', () => {
  it('reads --day, --from/--to, today by default, and refuses what is not a range', () => {
    expect(dayRange({}, TODAY)).toEqual({ from: TODAY, to: TODAY });
    expect(dayRange({ day: '2026-06-01' }, TODAY)).toEqual({ from: isoToDay('2026-06-01'), to: isoToDay('2026-06-01') });
    expect(dayRange({ from: '2026-12-01' }, TODAY)).toEqual({ from: TODAY - 5, to: TODAY });
    expect(dayRange({ from: '2026-12-01', to: '2026-12-03' }, TODAY)).toEqual({ from: TODAY - 5, to: TODAY - 3 });
    expect(() => dayRange({ day: '2026-02-30' }, TODAY)).toThrow(UsageError);
    expect(() => dayRange({ day: '2026-12-01', from: '2026-12-01' }, TODAY)).toThrow(UsageError);
    expect(() => dayRange({ from: '2026-12-05', to: '2026-12-01' }, TODAY)).toThrow(/--from must not be after --to/);
    expect(() => dayRange({ from: '2020-01-01', to: '2026-12-01' }, TODAY)).toThrow(/at most 366 days/);
  });

  it('takes 1, 7, 30, 365 or forever as a retention', () => {
    expect([1, 7, 30, 365].map((d) => parseRetention(String(d)))).toEqual([1, 7, 30, 365]);
    expect(parseRetention('forever')).toBeNull();
    for (const bad of ['2', '0', 'week', undefined]) expect(() => parseRetention(bad)).toThrow(UsageError);
  });
});

describe('entwine trail --json', () => {
  it('a coarse day is cells with centres and times, no fix; a damaged day says only that', () => {
    const day = TODAY;
    const coarse = entryJson({
      day,
      senderDevice: 'd',
      revision: '5',
      trail: { day, level: 'city', visits: [{ cell: { row: 3, col: 4 }, enter: day * 86_400_000, leave: day * 86_400_000 + 15_000 }] },
    }) as { visits: { centre: unknown }[]; fixes?: unknown; day: string };
    expect(coarse.day).toBe('2026-12-06');
    expect(coarse.fixes).toBeUndefined();
    expect(coarse.visits[0]).toMatchObject({ cell: { row: 3, col: 4 }, centre: { lat: expect.any(Number), lon: expect.any(Number) } });
    expect(entryJson({ day, senderDevice: 'd', damaged: 'stale' })).toEqual({ day: '2026-12-06', senderDevice: 'd', damaged: 'stale' });
  });
});

describe('entwine trail: stays and trips', () => {
  const start = TODAY * 86_400_000;
  const H = 3_600_000;
  const exactDay = {
    day: TODAY,
    level: 'exact' as const,
    fixes: [],
    stays: [
      { start: start - 4 * H, end: start + 7 * H + 60_000, confidence: 0.93, lat: 47.3769, lon: 8.5417, radiusM: 50 },
      { start: start + 8 * H, end: start + 17 * H, confidence: 0.8, lat: 47.4115, lon: 8.5441, radiusM: 60 },
    ],
    trips: [{ start: start + 7 * H + 60_000, end: start + 8 * H, mode: 'cycle' as const, distanceM: 4210 }],
  };
  // A stand-in for the dataset: a name by latitude (the real one is exercised end to end, e2e/cli-trail).
  const names = {
    nameAt: (lat: number) => ({ locality: 'Zürich', neighbourhood: lat > 47.4 ? 'Oerlikon' : undefined, country: 'CH', far: false }),
  } as unknown as PlaceIndex;

  it('prints a table of stays (from–to, duration, confidence, nearest named place) and trips (mode, distance at exact)', () => {
    expect(stayLines(exactDay, nearestPlaceLabeller(names))).toEqual([
      '  2 stays:',
      '    from          to      duration     confidence  place',
      '    12-05 20:00Z  07:01Z  11 h 01 min  0.93        near Zürich, CH (nearest named place)',
      '    08:00Z        17:00Z  9 h 00 min   0.80        near Oerlikon, Zürich, CH (nearest named place)',
      '  1 trip:',
      '    from    to      duration  mode   distance',
      '    07:01Z  08:00Z  59 min    cycle  4.2 km',
    ]);
  });

  it('own place names plug in ahead of the dataset through the labeller seam', () => {
    const own: StayLabeller = ({ stay }) => ('lat' in stay && stay.lat < 47.4 ? { text: 'Home', source: 'own-place' } : undefined);
    const lines = stayLines(exactDay, firstLabel(own, nearestPlaceLabeller(names)));
    expect(lines[2]).toMatch(/ Home$/);
    expect(lines[3]).toMatch(/near Oerlikon, Zürich, CH \(nearest named place\)$/);
  });

  it('names an exact stay by the person’s own place holding its centre, and never a cell stay', () => {
    // Home's circle (80 m) holds the first stay's centre; the second stay is 3.9 km away.
    const places = [{ id: 'p1', name: 'Home', lat: 47.3772, lon: 8.5419, radius: 80 }];
    const label = firstLabel(ownPlaceLabeller(places), nearestPlaceLabeller(names));
    const lines = stayLines(exactDay, label);
    expect(lines[2]).toMatch(/ Home$/);
    expect(lines[3]).toMatch(/\(nearest named place\)$/);
    const cellStay = { start, end: start + H, confidence: 0.5, cell: { row: 3, col: 4 } };
    expect(
      ownPlaceLabeller([{ ...places[0], radius: 10_000_000 } as (typeof places)[0]])({ level: 'city', stay: cellStay }),
    ).toBeUndefined();
  });

  it('a coarse day: cell stays named at the cell’s centre, trips without distance; a day without derivation says so', () => {
    const cell = { row: 3, col: 4 };
    const coarse = {
      day: TODAY,
      level: 'city' as const,
      visits: [{ cell, enter: start, leave: start + 9 * H }],
      stays: [{ start, end: start + 8 * H, confidence: 0.5, cell }],
      trips: [{ start: start + 8 * H, end: start + 9 * H, mode: 'walk' as const }],
    };
    const asked: string[] = [];
    const spy = {
      nameAt: (lat: number, lon: number, level: string) => {
        asked.push(`${lat.toFixed(2)} ${lon.toFixed(2)} ${level}`);
        return { locality: 'Zürich', country: 'CH', far: false };
      },
    } as unknown as PlaceIndex;
    const lines = stayLines(coarse, nearestPlaceLabeller(spy));
    expect(lines[2]).toMatch(/somewhere in Zürich, CH \(nearest named place\)$/);
    expect(lines.at(-1)).toMatch(/^ {4}08:00Z {2}09:00Z {2}1 h 00 min {2}walk$/);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/ city$/);
    const json = entryJson({ day: TODAY, senderDevice: 'd', revision: '1', trail: coarse }, nearestPlaceLabeller(spy)) as {
      stays: { place: unknown; cell: unknown }[];
      trips: unknown[];
    };
    expect(json.stays[0]).toMatchObject({ cell, place: { text: 'somewhere in Zürich, CH', source: 'nearest' } });
    expect(json.trips).toEqual(coarse.trips);
    const { stays: _s, trips: _t, ...bare } = coarse;
    expect(stayLines(bare, nearestPlaceLabeller(spy))).toEqual(['  (no stays or trips: the sender did not derive them for this day)']);
    expect(entryJson({ day: TODAY, senderDevice: 'd', revision: '1', trail: bare })).not.toHaveProperty('stays');
  });
});

describe('entwine watch', () => {
  it('says how many updates expired before this device read them', () => {
    expect(formatEvent({ type: 'missed', bondId: 'b', from: 'Alice', count: 3, total: 5 })).toBe(
      '3 updates from Alice expired before this device read them (5 in all)',
    );
  });
});
