// What the map draws of a partner at each location state: a pin only at exact, an area (a circle of the
// cell's radius) at street/neighbourhood/city, the last value flagged frozen, and nothing when hidden.
import type { PartnerView } from '@entwine/client';
import { distanceM } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { partnerAccuracy, partnerAreas, partnerPoints } from './partner-features.ts';

const exact: PartnerView = {
  location: { kind: 'location', level: 'exact', ts: 1_000, fixTs: 900, lat: 47.37692, lon: 8.54173, acc: 35 },
  locationState: 'live',
  locationAt: 1_000,
  presenceState: 'unknown',
};
const city: PartnerView = {
  location: { kind: 'location', level: 'city', ts: 15_000, lat: 47.38591, lon: 8.49244, radius: 10_000 },
  locationState: 'live',
  locationAt: 15_000,
  presenceState: 'unknown',
};
const one = (view: PartnerView) => [{ bondId: 'b1', name: 'Alice', view }];
const noForged = new Set<string>();

/** Great-circle metres on the sphere every package measures with, to check the drawn ring's radius. */
function metres(a: number[], b: number[]): number {
  const [lon1 = 0, lat1 = 0] = a;
  const [lon2 = 0, lat2 = 0] = b;
  return distanceM({ lat: lat1, lon: lon1 }, { lat: lat2, lon: lon2 });
}

describe('partner features', () => {
  it('draws exact as a point with its accuracy circle, and no area', () => {
    expect(partnerPoints(one(exact), noForged).features).toHaveLength(1);
    expect(partnerAccuracy(one(exact)).features).toHaveLength(1);
    expect(partnerAreas(one(exact)).features).toHaveLength(0);
  });

  it('draws an area level as a circle of its radius around the centre, never as a point', () => {
    expect(partnerPoints(one(city), noForged).features).toHaveLength(0);
    expect(partnerAccuracy(one(city)).features).toHaveLength(0);
    const [area] = partnerAreas(one(city)).features;
    expect(area?.properties).toMatchObject({ name: 'Alice', level: 'city', radius: 10_000, lat: 47.38591, lon: 8.49244, frozen: false });
    for (const corner of area?.geometry.coordinates[0] ?? []) {
      expect(metres([8.49244, 47.38591], corner)).toBeCloseTo(10_000, -1);
    }
  });

  it('keeps the last value while frozen, flagged, and drops everything when hidden', () => {
    const frozen: PartnerView = { ...city, locationState: 'frozen', locationAt: 30_000 };
    expect(partnerAreas(one(frozen)).features[0]?.properties?.frozen).toBe(true);
    const frozenExact: PartnerView = { ...exact, locationState: 'frozen' };
    expect(partnerPoints(one(frozenExact), noForged).features[0]?.properties?.frozen).toBe(true);
    const hidden: PartnerView = { locationState: 'hidden', locationAt: 45_000, presenceState: 'unknown' };
    for (const view of [hidden, { ...hidden, locationState: 'unknown' } as PartnerView]) {
      expect(partnerPoints(one(view), noForged).features).toHaveLength(0);
      expect(partnerAreas(one(view)).features).toHaveLength(0);
    }
  });
});
