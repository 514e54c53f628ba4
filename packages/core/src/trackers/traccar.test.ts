/**
 * Traccar / OsmAnd: the query form with speed in knots, `location=lat,lon`, the four time forms (s, ms above
 * 2³¹, ISO, `yyyy-MM-dd HH:mm:ss`), the required `id`; the Traccar Client 9+ JSON form (m/s, battery 0–1,
 * -1 unknown), one location or an array; rejections and refusals. Request shapes from the research notes §2.9.
 */
import { describe, expect, it } from 'vitest';
import { throwsInvalid } from './test-support/throws-invalid.ts';
import { readTraccarJson, readTraccarQuery } from './traccar.ts';

const query = (q: string) => Object.fromEntries(new URLSearchParams(q));

describe('readTraccarQuery (OsmAnd protocol)', () => {
  it('reads the decoder-test request; speed 10 knots is 5.14444 m/s', () => {
    const items = readTraccarQuery(
      query('id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=10&bearing=0.0&altitude=12&hdop=0.0&accuracy=6&batt=87&charge=true'),
    );
    expect(items).toHaveLength(1);
    const [item] = items;
    if (item?.kind !== 'fix') throw new Error(`expected a fix, got ${item?.kind}`);
    expect(item.device).toBe('123456');
    expect(item.fix.speed).toBeCloseTo(5.14444, 5);
    expect({ ...item.fix, speed: 0 }).toEqual({
      ts: 1377177267_000,
      lat: 60,
      lon: 30,
      speed: 0,
      bearing: 0,
      alt: 12,
      acc: 6,
      battery: { level: 0.87, charging: true },
    });
  });

  it('reads an ISO timestamp and deviceid; accuracy 0 and absent fields are unknown', () => {
    expect(
      readTraccarQuery(
        query('deviceid=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0&accuracy=0'),
      ),
    ).toEqual([
      { kind: 'fix', device: '902064', fix: { ts: Date.UTC(2016, 0, 27, 18, 55, 47), lat: 42.06288, lon: -88.23412, alt: 224, speed: 0 } },
    ]);
  });

  it('reads yyyy-MM-dd HH:mm:ss as UTC, ms above 2^31, seconds at 2^31, and location=lat,lon with heading', () => {
    const ts = (timestamp: string) => {
      const [item] = readTraccarQuery({ id: 'x', lat: '1', lon: '2', timestamp });
      return item?.kind === 'fix' ? item.fix.ts : item;
    };
    expect(ts('2024-06-15 10:30:05')).toBe(Date.UTC(2024, 5, 15, 10, 30, 5));
    expect(ts('1718447405123')).toBe(1718447405123);
    expect(ts(String(2 ** 31))).toBe(2 ** 31 * 1000);
    expect(ts(String(2 ** 31 + 1))).toBe(2 ** 31 + 1);
    expect(readTraccarQuery({ id: 'x', location: '52.5,13.4', timestamp: '1700000000', heading: '180', batt: '-1' })).toEqual([
      { kind: 'fix', device: 'x', fix: { ts: 1700000000_000, lat: 52.5, lon: 13.4, bearing: 180 } },
    ]);
  });

  it('rejects 0,0, a bad location, a missing or garbled time; negative speed is unknown', () => {
    expect(readTraccarQuery({ id: 'x', lat: '0', lon: '0', timestamp: '10' })[0]).toMatchObject({
      kind: 'rejected',
      reason: 'null-island',
      index: 0,
    });
    expect(readTraccarQuery({ id: 'x', location: '52.5', timestamp: '10' })[0]).toMatchObject({
      kind: 'rejected',
      reason: 'bad-coordinates',
    });
    expect(readTraccarQuery({ id: 'x', lat: '52.5', lon: '181', timestamp: '10' })[0]).toMatchObject({
      kind: 'rejected',
      reason: 'bad-coordinates',
    });
    expect(readTraccarQuery({ id: 'x', lat: '52.5', lon: '13' })[0]).toMatchObject({ kind: 'rejected', reason: 'bad-time' });
    expect(readTraccarQuery({ id: 'x', lat: '52.5', lon: '13', timestamp: '2024-13-01 10:00:00' })[0]).toMatchObject({
      kind: 'rejected',
      reason: 'bad-time',
    });
    expect(readTraccarQuery({ id: 'x', lat: '52.5', lon: '13', timestamp: '10', speed: '-3' })).toEqual([
      { kind: 'fix', device: 'x', fix: { ts: 10_000, lat: 52.5, lon: 13 } },
    ]);
  });

  it('throws without id or deviceid (or with an empty one)', () => {
    throwsInvalid(() => readTraccarQuery({ lat: '1', lon: '2', timestamp: '10' }), /traccar: expected an "id" \(or "deviceid"\) parameter/);
    throwsInvalid(() => readTraccarQuery({ id: ' ', lat: '1', lon: '2', timestamp: '10' }), /"id"/);
    throwsInvalid(() => readTraccarQuery(null as unknown as Record<string, string>), /got null/);
  });
});

describe('readTraccarJson (Traccar Client 9+)', () => {
  const body = {
    location: {
      timestamp: '2025-06-15T13:45:12.862Z',
      coords: { latitude: 37.4219983, longitude: -122.084, accuracy: 5, speed: 3.5, heading: -1, altitude: 5 },
      is_moving: false,
      odometer: 0,
      event: 'motionchange',
      battery: { level: 0.42, is_charging: false },
      activity: { type: 'still' },
      extras: {},
    },
    device_id: '48241179',
  };

  it('reads the documented body: speed m/s, heading -1 unknown, battery 0–1', () => {
    expect(readTraccarJson(body)).toEqual([
      {
        kind: 'fix',
        device: '48241179',
        fix: {
          ts: Date.UTC(2025, 5, 15, 13, 45, 12, 862),
          lat: 37.4219983,
          lon: -122.084,
          acc: 5,
          speed: 3.5,
          alt: 5,
          battery: { level: 0.42, charging: false },
        },
      },
    ]);
  });

  it('reads an array of locations, rejecting the bad ones by index; speed -1 and battery -1 are unknown', () => {
    const ok = {
      timestamp: '2025-06-15T13:45:12Z',
      coords: { latitude: '37.5', longitude: '-122.1', speed: -1 },
      battery: { level: -1, is_charging: true },
    };
    const items = readTraccarJson({
      device_id: 7,
      location: [
        ok,
        { timestamp: '2025-06-15T13:45:13Z', coords: { latitude: 0, longitude: 0 } },
        { timestamp: 'soon', coords: { latitude: 1, longitude: 2 } },
        'x',
        { timestamp: 1 },
      ],
    });
    expect(items).toEqual([
      { kind: 'fix', device: '7', fix: { ts: Date.UTC(2025, 5, 15, 13, 45, 12), lat: 37.5, lon: -122.1 } },
      { kind: 'rejected', reason: 'null-island', index: 1, detail: 'lat 0, lon 0: what a phone sends without a fix' },
      { kind: 'rejected', reason: 'bad-time', index: 2, detail: 'expected a Unix or ISO 8601 time, got "soon"' },
      { kind: 'rejected', reason: 'bad-coordinates', index: 3, detail: 'expected a location object, got string' },
      {
        kind: 'rejected',
        reason: 'bad-coordinates',
        index: 4,
        detail: 'expected lat in ±90 and lon in ±180, got lat nothing, lon nothing',
      },
    ]);
  });

  it('throws on a body that is not one: null, a string, no location, location a number', () => {
    throwsInvalid(() => readTraccarJson(null), /traccar: expected an object with "location", got null/);
    throwsInvalid(() => readTraccarJson('{"location":'), /got string/);
    throwsInvalid(() => readTraccarJson({ device_id: 'x' }), /"location" to be an object or an array of them, got undefined/);
    throwsInvalid(() => readTraccarJson({ location: 5 }), /got number/);
  });
});
