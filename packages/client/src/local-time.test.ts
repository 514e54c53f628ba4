import { describe, expect, it } from 'vitest';
import { localTimeAt } from './local-time.ts';

describe('localTimeAt', () => {
  it('finds the zone, the local time with DST, and day or night, offline', () => {
    expect(localTimeAt(35.68, 139.69, Date.UTC(2026, 11, 1, 3, 0))).toEqual({
      timeZone: 'Asia/Tokyo',
      time: '12:00',
      offsetMinutes: 540,
      daylight: 'day',
    });
    expect(localTimeAt(47.37, 8.54, Date.UTC(2026, 6, 1, 21, 0))).toMatchObject({
      timeZone: 'Europe/Zurich',
      time: '23:00',
      offsetMinutes: 120,
      daylight: 'night',
    });
    expect(localTimeAt(47.37, 8.54, Date.UTC(2026, 11, 1, 12, 0))).toMatchObject({ offsetMinutes: 60, daylight: 'day' });
    // Sunset in Zurich on 1 July is about 19:26 UTC: ten minutes later the sun is just below the horizon.
    expect(localTimeAt(47.37, 8.54, Date.UTC(2026, 6, 1, 19, 36))?.daylight).toBe('twilight');
    expect(localTimeAt(-33.87, 151.21, Date.UTC(2026, 0, 1, 0, 0))).toMatchObject({ timeZone: 'Australia/Sydney', offsetMinutes: 660 });
  });

  it('gives nothing rather than a guess for an invalid place', () => {
    expect(localTimeAt(91, 0, 0)).toBeUndefined();
  });
});
