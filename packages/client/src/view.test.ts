import { describe, expect, it } from 'vitest';
import { emptyView, foldMessage } from './view.ts';

const exact = (ts: number) => ({ kind: 'location', level: 'exact', ts, fixTs: ts - 500, lat: 1, lon: 2 }) as const;

describe('foldMessage', () => {
  it('keeps the last value while frozen and drops it when hidden', () => {
    let v = foldMessage(emptyView(), exact(1000));
    expect(v.locationState).toBe('live');
    v = foldMessage(v, { kind: 'location', level: 'frozen', ts: 2000 });
    expect(v).toMatchObject({ locationState: 'frozen', location: exact(1000), locationAt: 2000 });
    v = foldMessage(v, { kind: 'location', level: 'hidden', ts: 3000 });
    expect(v.locationState).toBe('hidden');
    expect(v.location).toBeUndefined();
    expect(foldMessage(emptyView(), { kind: 'location', level: 'frozen', ts: 1 }).locationState).toBe('unknown');
  });

  it('never rolls back to an older message (a backlog read after live delivery)', () => {
    const area = { kind: 'location', level: 'city', ts: 5000, lat: 3, lon: 4, radius: 10_000 } as const;
    const v = foldMessage(foldMessage(emptyView(), area), exact(4000));
    expect(v.location).toEqual(area);
  });

  it('marks when the shown area moved, only for a change seen live at one level', () => {
    const city = (ts: number, lat: number) => ({ kind: 'location', level: 'city', ts, lat, lon: 4, radius: 10_000 }) as const;
    let v = foldMessage(emptyView(), city(1000, 3));
    expect(v.locationMovedAt).toBeUndefined();
    v = foldMessage(v, city(2000, 3));
    expect(v.locationMovedAt).toBeUndefined();
    v = foldMessage(v, city(3000, 3.1));
    expect(v.locationMovedAt).toBe(3000);
    expect(foldMessage(v, city(4000, 3.1)).locationMovedAt).toBe(3000);
    // A change of level, a freeze or a hide in between is not a move the partner saw.
    expect(foldMessage(v, { kind: 'location', level: 'street', ts: 4000, lat: 3, lon: 4, radius: 100 }).locationMovedAt).toBeUndefined();
    const thawed = foldMessage(foldMessage(v, { kind: 'location', level: 'frozen', ts: 4000 }), city(5000, 3.2));
    expect(thawed.locationMovedAt).toBeUndefined();
    expect(foldMessage(v, exact(4000)).locationMovedAt).toBeUndefined();
  });

  it('folds presence the same way', () => {
    let v = foldMessage(emptyView(), { kind: 'presence', level: 'exact', ts: 10, battery: '50-75' });
    v = foldMessage(v, { kind: 'presence', level: 'frozen', ts: 20 });
    expect(v).toMatchObject({ presenceState: 'frozen', presence: { battery: '50-75', ts: 10 } });
    v = foldMessage(v, { kind: 'presence', level: 'hidden', ts: 30 });
    expect(v.presence).toBeUndefined();
  });
});
