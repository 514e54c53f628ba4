// The CLI's words for the history: day ranges and retention choices as typed, a damaged day and a coarse day as
// printed in JSON (cells with their centres, no fix), and the watch line for updates that expired unread.
import { isoToDay } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../context.ts';
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

describe('entwine watch', () => {
  it('says how many updates expired before this device read them', () => {
    expect(formatEvent({ type: 'missed', bondId: 'b', from: 'Alice', count: 3, total: 5 })).toBe(
      '3 updates from Alice expired before this device read them (5 in all)',
    );
  });
});
