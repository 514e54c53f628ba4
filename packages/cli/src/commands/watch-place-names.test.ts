/**
 * `entwine watch` adds a position's place once names are loaded, at the level the position was sent: a
 * neighbourhood for a point, only the town for a city area; without names the line is as before.
 */
import type { DeviceEvent } from '@entwine/client';
import { PlaceIndex } from '@entwine/places';
import { describe, expect, it } from 'vitest';
import { formatEvent } from './watch.ts';

const NAMES = PlaceIndex.of([
  { name: 'Zürich', country: 'CH', kind: 'locality', population: 341730, lat: 47.36667, lon: 8.55 },
  { name: 'Oerlikon', country: 'CH', kind: 'neighbourhood', population: 17922, lat: 47.40966, lon: 8.54441 },
]);

const TS = Date.UTC(2026, 11, 5, 12);

function location(message: Record<string, unknown>): DeviceEvent {
  return {
    type: 'location',
    bondId: 'b',
    from: 'Alice',
    senderDevice: 'd',
    message: { kind: 'location', ts: TS, ...message },
  } as unknown as DeviceEvent;
}

describe('entwine watch with place names', () => {
  it('names the neighbourhood and town of an exact fix', () => {
    const e = location({ level: 'exact', fixTs: TS, lat: 47.41, lon: 8.545, acc: 12 });
    expect(formatEvent(e, NAMES)).toBe('2026-12-05T12:00:00.000Z  Alice  47.410000 8.545000 ±12m  near Oerlikon, Zürich, CH');
    expect(formatEvent(e)).toBe('2026-12-05T12:00:00.000Z  Alice  47.410000 8.545000 ±12m');
  });

  it('names only the town of a city area', () => {
    const e = location({ level: 'city', lat: 47.41, lon: 8.545, radius: 10_000 });
    expect(formatEvent(e, NAMES)).toBe(
      '2026-12-05T12:00:00.000Z  Alice  somewhere within 10 km of 47.41000 8.54500 (city)  somewhere in Zürich, CH',
    );
  });
});
