import { describe, expect, it } from 'vitest';
import { MIN_TICK_MS, tickOverride } from './tick-override.ts';

describe('tick override (tests only)', () => {
  it('is absent unless asked for', () => {
    expect(tickOverride('', null)).toBeUndefined();
    expect(tickOverride('?other=1', '')).toBeUndefined();
  });
  it('takes ?tick= first, then localStorage', () => {
    expect(tickOverride('?tick=300', '2000')).toBe(300);
    expect(tickOverride('', '2000')).toBe(2000);
  });
  it('clamps to at least 100 ms and ignores what is not a positive number', () => {
    expect(tickOverride('?tick=5', null)).toBe(MIN_TICK_MS);
    expect(tickOverride('?tick=abc', null)).toBeUndefined();
    expect(tickOverride('', '-1')).toBeUndefined();
    expect(tickOverride('', 'Infinity')).toBeUndefined();
  });
});
