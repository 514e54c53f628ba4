/**
 * GPSLogger: the Custom URL parameters Entwine recommends, the app's default URL and other common names,
 * placeholders left unfilled, device identifiers (%AID, %SER) never read; and the CSV log with Dawarich's
 * sample (fixtures/gpslogger.csv, AGPL-3.0, see fixtures/PROVENANCE.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GPSLOGGER_QUERY, readGpsLogger, readGpsLoggerCsv } from './gpslogger.ts';
import { throwsInvalid } from './test-support/throws-invalid.ts';

const sampleCsv = readFileSync(new URL('./fixtures/gpslogger.csv', import.meta.url), 'utf8');

/** GPSLOGGER_QUERY as a parameter map with these placeholders substituted, the others left as they are. */
const substituted = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    GPSLOGGER_QUERY.split('&').map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      return [key, value.replace(/^%([A-Z_]+)$/, (p, name: string) => values[name] ?? p)];
    }),
  );

describe('readGpsLogger (Custom URL)', () => {
  it('reads the recommended parameters in Entwine units', () => {
    const params = substituted({
      LAT: '52.52982251',
      LON: '13.34260172',
      TIMESTAMP: '1398179872',
      ACC: '17.0',
      ALT: '192.0',
      SPD: '2.5',
      DIR: '34.1',
      BATT: '58.0',
      ISCHARGING: 'false',
    });
    expect(readGpsLogger(params)).toEqual([
      {
        kind: 'fix',
        fix: {
          ts: 1398179872_000,
          lat: 52.52982251,
          lon: 13.34260172,
          acc: 17,
          alt: 192,
          speed: 2.5,
          bearing: 34.1,
          battery: { level: 0.58, charging: false },
        },
      },
    ]);
  });

  it("reads the app's default URL (longitude=, time=%TIME ISO, s=%SPD)", () => {
    expect(readGpsLogger({ lat: '52.5', longitude: '13.4', time: '2014-04-22T15:17:52Z', s: '1.5' })).toEqual([
      { kind: 'fix', fix: { ts: Date.UTC(2014, 3, 22, 15, 17, 52), lat: 52.5, lon: 13.4, speed: 1.5 } },
    ]);
  });

  it('keys are case-insensitive; latitude/lng/timestamp/accuracy/altitude/bearing/battery/ischarging; spd_kph in km/h', () => {
    const items = readGpsLogger({
      Latitude: '-33.9',
      LNG: '151.2',
      TimeStamp: '2024-06-15T10:30:00+10:00',
      Accuracy: '8',
      Altitude: '-2',
      Bearing: '359',
      Battery: '100',
      IsCharging: 'TRUE',
      spd_kph: '36',
    });
    expect(items).toEqual([
      {
        kind: 'fix',
        fix: {
          ts: Date.UTC(2024, 5, 15, 0, 30),
          lat: -33.9,
          lon: 151.2,
          acc: 8,
          alt: -2,
          bearing: 359,
          speed: 10,
          battery: { level: 1, charging: true },
        },
      },
    ]);
  });

  it('never puts %AID or %SER into device, and has no device at all', () => {
    const [item] = readGpsLogger({ lat: '1', lon: '2', time: '10', aid: 'a1b2c3d4e5f60718', ser: 'R58M123ABC', u: 'me' });
    expect(item).toEqual({ kind: 'fix', fix: { ts: 10_000, lat: 1, lon: 2 } });
    expect(JSON.stringify(item)).not.toMatch(/a1b2c3|R58M/);
  });

  it('a placeholder left unfilled is unknown: for an optional field the point is kept, for lat/lon rejected', () => {
    expect(substituted({ LAT: '1' })).toMatchObject({ lat: '1', lon: '%LON', acc: '%ACC', charging: '%ISCHARGING' });
    expect(readGpsLogger(substituted({ LAT: '1', LON: '2', TIMESTAMP: '10' }))).toEqual([
      { kind: 'fix', fix: { ts: 10_000, lat: 1, lon: 2 } },
    ]);
    expect(readGpsLogger(substituted({ LON: '2', TIMESTAMP: '10' }))).toEqual([
      { kind: 'rejected', reason: 'bad-coordinates', index: 0, detail: 'expected lat in ±90 and lon in ±180, got lat nothing, lon "2"' },
    ]);
    expect(readGpsLogger(substituted({ LAT: '1', LON: '2' }))[0]).toMatchObject({ kind: 'rejected', reason: 'bad-time' });
  });

  it('rejects 0,0 and out-of-range values; leaves out negative speed and accuracy; a time in ms is read as ms', () => {
    expect(readGpsLogger({ lat: '0', lon: '0.0', time: '10' })[0]).toMatchObject({ kind: 'rejected', reason: 'null-island' });
    expect(readGpsLogger({ lat: '90.1', lon: '2', time: '10' })[0]).toMatchObject({ kind: 'rejected', reason: 'bad-coordinates' });
    expect(readGpsLogger({ lat: '1,5', lon: '2', time: '10' })[0]).toMatchObject({ kind: 'rejected', reason: 'bad-coordinates' });
    expect(readGpsLogger({ lat: '1', lon: '2', time: '1718447400123', spd: '-1', acc: '-1' })).toEqual([
      { kind: 'fix', fix: { ts: 1718447400123, lat: 1, lon: 2 } },
    ]);
  });

  it('throws when there are no lat/lon parameters at all (a misconfigured URL), or no map', () => {
    throwsInvalid(() => readGpsLogger({}), /gpslogger: expected lat and lon parameters .*got none/);
    throwsInvalid(() => readGpsLogger({ latitude: '1', time: '10' }), /got latitude, time/);
    throwsInvalid(() => readGpsLogger(null as unknown as Record<string, string>), /got null/);
  });
});

describe('readGpsLoggerCsv', () => {
  it("reads Dawarich's GPSLogger CSV sample", () => {
    const items = readGpsLoggerCsv(sampleCsv);
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      kind: 'fix',
      fix: {
        ts: Date.UTC(2024, 5, 15, 10, 30),
        lat: 52.52,
        lon: 13.405,
        alt: 34,
        acc: 8,
        bearing: 90,
        speed: 1.5,
        battery: { level: 0.85 },
      },
    });
    expect(items.map((i) => (i.kind === 'fix' ? i.fix.ts : 0))).toEqual([
      Date.UTC(2024, 5, 15, 10, 30),
      Date.UTC(2024, 5, 15, 10, 31),
      Date.UTC(2024, 5, 15, 10, 32),
    ]);
  });

  it('finds columns by name (BOM, CRLF, reordered, quoted fields, newer columns), and rejects bad rows by data-row index', () => {
    const text = [
      '\uFEFFlat,lon,time,annotation,battery,battery_charging',
      '52.5,13.4,2024-06-15T10:30:00Z,"a, b",50,true',
      '',
      '0,0,2024-06-15T10:31:00Z,,50,true',
      '52.5,13.4,,,50,true',
      '52.5,,2024-06-15T10:33:00Z',
      '52.6,13.5,1718447640',
    ].join('\r\n');
    const items = readGpsLoggerCsv(text);
    expect(items.map((i) => (i.kind === 'rejected' ? [i.reason, i.index] : i.kind))).toEqual([
      'fix',
      ['null-island', 1],
      ['bad-time', 2],
      ['bad-coordinates', 3],
      'fix',
    ]);
    expect(items[0]).toEqual({
      kind: 'fix',
      fix: { ts: Date.UTC(2024, 5, 15, 10, 30), lat: 52.5, lon: 13.4, battery: { level: 0.5, charging: true } },
    });
    expect(items[4]).toEqual({ kind: 'fix', fix: { ts: 1718447640_000, lat: 52.6, lon: 13.5 } });
  });

  it('throws when the header has no time, lat and lon columns', () => {
    throwsInvalid(() => readGpsLoggerCsv(''), /expected a CSV header with time, lat and lon, got ""/);
    throwsInvalid(() => readGpsLoggerCsv('date;latitude;longitude\n1;2;3'), /got "date;latitude;longitude"/);
    throwsInvalid(() => readGpsLoggerCsv('2024-06-15T10:30:00Z,52.5,13.4'), /header/);
  });
});
