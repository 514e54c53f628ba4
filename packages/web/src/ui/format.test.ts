import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime } from './format.ts';

// 19:14:23 UTC: in Tokyo it is 04:14 the next morning.
const AT = Date.UTC(2026, 11, 6, 19, 14, 23);

describe('one time format across the app', () => {
  it('shows hours and minutes in the locale’s own clock, never seconds', () => {
    expect(formatTime(AT, { locale: 'en-GB', timeZone: 'UTC' })).toBe('19:14');
    expect(formatTime(AT, { locale: 'en-US', timeZone: 'UTC' })).toBe('07:14 PM');
  });
  it('shows a partner’s local time in the same shape as this person’s', () => {
    expect(formatTime(AT, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('04:14');
    expect(formatTime(AT, { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toBe('04:14 AM');
  });
  it('gives a date with the same clock', () => {
    expect(formatDateTime(AT, 'en-GB')).toMatch(/\d\d:\d\d$/);
    expect(formatDateTime(AT, 'en-GB')).not.toMatch(/:\d\d:\d\d/);
  });
});
