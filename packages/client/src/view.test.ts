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

describe('what a view keeps beyond the live values', () => {
  const keep = (ts: number, trail: 'exact' | 'city' | 'frozen' | 'hidden', moments: 'exact' | 'city' | 'hidden' = 'exact') =>
    ({ kind: 'presence', level: 'hidden', ts, keep: { trail, moments } }) as const;
  const at = (ts: number, lat: number) => ({ kind: 'location', level: 'exact', ts, fixTs: ts, lat, lon: 2 }) as const;
  const city = (ts: number) => ({ kind: 'location', level: 'city', ts, lat: 3, lon: 4, radius: 10_000 }) as const;
  const photo = (
    id: string,
    place: { level: 'exact'; lat: number; lon: number } | { level: 'city'; lat: number; lon: number; radius: number },
  ) => ({ kind: 'moment', ts: 1, id, place, mime: 'image/png', size: 1, chunks: 1, sha256: 'x'.repeat(43) }) as const;

  it('keeps no trail while the trail level is unknown or hidden, and past positions while it allows them', () => {
    let v = foldMessage(emptyView(), at(1000, 1));
    expect(v.trail).toBeUndefined(); // no level known yet: nothing kept beyond the live value
    v = foldMessage(v, keep(1000, 'exact')); // the position of the same tick joins the raised trail
    v = foldMessage(foldMessage(v, at(2000, 2)), at(3000, 3));
    expect(v.trail?.map((l) => l.lat)).toEqual([3, 2, 1]);
    v = foldMessage(v, keep(3000, 'hidden'));
    expect(v.trail).toBeUndefined(); // a lowering withdraws what was kept
    v = foldMessage(v, at(4000, 4));
    expect(v.trail).toBeUndefined();
    expect(v.location).toMatchObject({ lat: 4 }); // the live value is the location facet's, not the trail's
  });

  it('keeps only positions as coarse as an area trail level, and nothing new while frozen', () => {
    let v = foldMessage(emptyView(), keep(0, 'exact'));
    v = foldMessage(foldMessage(v, at(1000, 1)), city(2000));
    v = foldMessage(v, keep(2000, 'city'));
    expect(v.trail?.map((l) => l.level)).toEqual(['city']);
    v = foldMessage(v, keep(3000, 'frozen'));
    v = foldMessage(v, { ...city(4000), lat: 5 });
    expect(v.trail?.map((l) => l.lat)).toEqual([3]);
  });

  it('draws photo pins only while the moments level allows them', () => {
    let v = foldMessage(emptyView(), photo('AAAAAAAAAAA', { level: 'exact', lat: 1, lon: 2 }));
    v = foldMessage(v, photo('BBBBBBBBBBB', { level: 'city', lat: 3, lon: 4, radius: 10_000 }));
    expect(v.pins?.map((p) => p.id)).toEqual(['BBBBBBBBBBB', 'AAAAAAAAAAA']);
    v = foldMessage(v, keep(10, 'hidden', 'city'));
    expect(v.pins?.map((p) => p.id)).toEqual(['BBBBBBBBBBB']);
    v = foldMessage(v, keep(20, 'hidden', 'hidden'));
    expect(v.pins).toBeUndefined();
  });
});
