import type { TrailDay, TrailFix } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { replayAt, rowAt, staysOf, timelineRows } from './trail-timeline.ts';

const T0 = 20_000 * 86_400_000 + 8 * 3_600_000;
const M_PER_DEG = 111_320;
/** 30 min at A, a 1.2 km walk east over 15 min, 30 min at B: a fix every 30 s, wobbling a few metres. */
function dayFixes(): TrailFix[] {
  const fixes: TrailFix[] = [];
  let ts = T0;
  const at = (eastM: number, i: number) => ({
    lat: 47 + (3 * Math.sin(i)) / M_PER_DEG,
    lon: 8 + (eastM + 3 * Math.cos(i)) / (M_PER_DEG * Math.cos((47 * Math.PI) / 180)),
  });
  for (let i = 0; i < 60; i++, ts += 30_000) fixes.push({ ts, acc: 10, ...at(0, i) });
  for (let i = 1; i <= 30; i++, ts += 30_000) fixes.push({ ts, acc: 10, ...at(40 * i, i) });
  for (let i = 0; i < 60; i++, ts += 30_000) fixes.push({ ts, acc: 10, ...at(1_200, i) });
  return fixes;
}

describe('trail timeline', () => {
  const day: TrailDay = { day: 20_000, level: 'exact', fixes: dayFixes() };

  it('derives one’s own stays from the exact fixes when the chunk carries none', () => {
    const got = staysOf(day, true);
    expect(got.source).toBe('derived');
    expect(got.stays).toHaveLength(2);
    expect(got.trips.some((t) => t.mode === 'walk')).toBe(true);
  });

  it('never derives a partner’s stays', () => {
    expect(staysOf(day, false)).toEqual({ stays: [], trips: [], source: 'none' });
  });

  it('uses the sender’s stays when the chunk carries them', () => {
    const sent: TrailDay = { ...day, stays: [{ start: T0, end: T0 + 60_000, confidence: 1, lat: 47, lon: 8, radiusM: 50 }], trips: [] };
    expect(staysOf(sent, false).source).toBe('sender');
  });

  it('lists stays and trips in time order; the row at a moment; the marker between two fixes', () => {
    const rows = timelineRows(day, staysOf(day, true));
    expect(rows.map((r) => r.kind)).toEqual(['stay', 'trip', 'stay']);
    expect(rowAt(rows, T0 + 10 * 60_000)?.key).toBe(rows[0]?.key);
    expect(rowAt(rows, T0 + 37 * 60_000)?.kind).toBe('trip');
    const [a, b] = day.level === 'exact' ? day.fixes : [];
    const mid = replayAt({ level: 'exact', fixes: day.level === 'exact' ? day.fixes : [] }, T0 + 15_000);
    expect(mid?.lat).toBeCloseTo(((a?.lat ?? 0) + (b?.lat ?? 0)) / 2, 9);
  });

  it('at an area level: a sender’s stay is its cell (bounds of the cell, no radius), a trip has no route to fly to', () => {
    const area: TrailDay = {
      day: 20_000,
      level: 'neighbourhood',
      visits: [{ cell: { row: 5_000, col: 600 }, enter: T0, leave: T0 + 3_600_000 }],
      stays: [{ cell: { row: 5_000, col: 600 }, start: T0, end: T0 + 1_800_000, confidence: 0.9 }],
      trips: [{ start: T0 + 1_800_000, end: T0 + 3_600_000, mode: 'cycle' }],
    };
    const rows = timelineRows(area, staysOf(area, false));
    expect(rows.map((r) => r.kind)).toEqual(['stay', 'trip']);
    const [stay, trip] = rows;
    expect(stay?.kind === 'stay' && stay.radiusM).toBe(undefined);
    expect(stay?.kind === 'stay' && stay.level).toBe('neighbourhood');
    expect(trip?.bounds).toBeUndefined();
    const at = replayAt({ level: 'neighbourhood', visits: 'visits' in area ? area.visits : [] }, T0 + 60_000);
    expect(at && 'cell' in at ? at.cell : undefined).toEqual({ row: 5_000, col: 600 });
  });
});
