/**
 * Overland batches: the README sample (fixtures/overland-geodata.json, AGPL-3.0, see fixtures/PROVENANCE.md),
 * units and unknowns (negative speed and course), visits with iOS's far-future departure, what is ignored,
 * a bad feature rejected beside good ones, and bodies refused whole (not a batch, over 1000 features).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OVERLAND_MAX_BATCH, readOverland } from './overland.ts';
import { throwsInvalid } from './test-support/throws-invalid.ts';

const sample: unknown = JSON.parse(readFileSync(new URL('./fixtures/overland-geodata.json', import.meta.url), 'utf8'));

const point = (coordinates: unknown[], properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
});

const throwsInvalidBody = (body: unknown, pattern: RegExp) => throwsInvalid(() => readOverland(body), pattern);

describe('readOverland', () => {
  it('reads the README sample: the point in Entwine units, the will_terminate feature ignored', () => {
    expect(readOverland(sample)).toEqual([
      {
        kind: 'fix',
        // 2015-10-01T08:00:00-0700 = 15:00 UTC; device_id "" gives no device.
        fix: {
          ts: Date.UTC(2015, 9, 1, 15),
          lat: 37.3318,
          lon: -122.030581,
          acc: 30,
          alt: 0,
          speed: 4,
          battery: { level: 0.89, charging: true },
        },
      },
      { kind: 'ignored', what: 'overland will_terminate' },
    ]);
  });

  it('negative speed and course are unknown; device_id, battery states, string numbers', () => {
    const items = readOverland({
      locations: [
        point([13.4, 52.5], {
          timestamp: '2024-07-07T17:46:39Z',
          speed: -1,
          course: -1,
          horizontal_accuracy: -1,
          device_id: 'iphone',
          battery_state: 'unplugged',
          battery_level: 0.55,
        }),
        point(['13.4', '52.5'], {
          timestamp: '2024-07-07T17:46:40+02:00',
          speed: '2.5',
          course: 90,
          battery_state: 'full',
          battery_level: 1,
        }),
        point([13.4, 52.5], { timestamp: '2024-07-07T17:46:41.250Z', battery_state: 'unknown', battery_level: 0.3 }),
      ],
    });
    expect(items).toEqual([
      {
        kind: 'fix',
        device: 'iphone',
        fix: { ts: Date.UTC(2024, 6, 7, 17, 46, 39), lat: 52.5, lon: 13.4, battery: { level: 0.55, charging: false } },
      },
      {
        kind: 'fix',
        fix: { ts: Date.UTC(2024, 6, 7, 15, 46, 40), lat: 52.5, lon: 13.4, speed: 2.5, bearing: 90, battery: { level: 1, charging: true } },
      },
      { kind: 'fix', fix: { ts: Date.UTC(2024, 6, 7, 17, 46, 41, 250), lat: 52.5, lon: 13.4, battery: { level: 0.3 } } },
    ]);
  });

  it('reads visits; a departure after the year 3000 (or missing) is unknown', () => {
    const visit = (departure_date?: string) =>
      point([-122.03, 37.33], {
        action: 'visit',
        arrival_date: '2024-07-07T08:00:00Z',
        ...(departure_date ? { departure_date } : {}),
        horizontal_accuracy: 20,
        device_id: 'iphone',
      });
    expect(readOverland({ locations: [visit('2024-07-07T09:30:00Z'), visit('4001-01-01T00:00:00Z'), visit()] })).toEqual([
      {
        kind: 'visit',
        lat: 37.33,
        lon: -122.03,
        acc: 20,
        arrival: Date.UTC(2024, 6, 7, 8),
        departure: Date.UTC(2024, 6, 7, 9, 30),
        device: 'iphone',
      },
      { kind: 'visit', lat: 37.33, lon: -122.03, acc: 20, arrival: Date.UTC(2024, 6, 7, 8), device: 'iphone' },
      { kind: 'visit', lat: 37.33, lon: -122.03, acc: 20, arrival: Date.UTC(2024, 6, 7, 8), device: 'iphone' },
    ]);
  });

  it('a visit without an arrival time is rejected as bad-time', () => {
    expect(readOverland({ locations: [point([1, 2], { action: 'visit', arrival_date: '0001-01-01T00:00:00Z' })] })).toEqual([
      { kind: 'rejected', reason: 'bad-time', index: 0, detail: 'expected a Unix or ISO 8601 time, got "0001-01-01T00:00:00Z"' },
    ]);
  });

  it('ignores trips and features without geometry; rejects 0,0, a non-object, a LineString, a missing time, keeping the good point', () => {
    const items = readOverland({
      locations: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[1, 2]] }, properties: { type: 'trip', mode: 'walking' } },
        { type: 'Feature', properties: { action: 'will_terminate', timestamp: '2024-07-07T17:46:39Z' } },
        { type: 'Feature', geometry: null, properties: {} },
        point([0, 0], { timestamp: '2024-07-07T17:46:39Z' }),
        'not a feature',
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[1, 2]] }, properties: { timestamp: '2024-07-07T17:46:39Z' } },
        point([1, 2], {}),
        point([200, 2], { timestamp: '2024-07-07T17:46:39Z' }),
        point([1, 2], { timestamp: '2024-07-07T17:46:39Z' }),
      ],
    });
    expect(items.map((i) => (i.kind === 'rejected' ? [i.reason, i.index] : i.kind === 'ignored' ? i.what : i.kind))).toEqual([
      'overland trip',
      'overland will_terminate',
      'overland feature without geometry',
      ['null-island', 3],
      ['bad-coordinates', 4],
      ['bad-coordinates', 5],
      ['bad-time', 6],
      ['bad-coordinates', 7],
      'fix',
    ]);
  });

  it(`takes ${OVERLAND_MAX_BATCH} features, refuses ${OVERLAND_MAX_BATCH + 1}`, () => {
    const f = point([1, 2], { timestamp: '2024-07-07T17:46:39Z' });
    expect(readOverland({ locations: new Array(OVERLAND_MAX_BATCH).fill(f) })).toHaveLength(1000);
    throwsInvalidBody(
      { locations: new Array(OVERLAND_MAX_BATCH + 1).fill(f) },
      /overland: expected at most 1000 locations in a batch, got 1001/,
    );
  });

  it('refuses a body that is not a batch', () => {
    throwsInvalidBody(null, /expected an object with "locations", got null/);
    throwsInvalidBody([], /got an array/);
    throwsInvalidBody('{"locations":[', /got string/);
    throwsInvalidBody({}, /"locations" to be an array of Features, got undefined/);
    throwsInvalidBody({ locations: {} }, /got object/);
  });
});
