import { METRES_PER_DEGREE } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { placeNameAt } from './place-name-at.ts';

const north = (m: number) => 47.37 + m / METRES_PER_DEGREE;
const home = { name: 'Home', lat: 47.37, lon: 8.54, radius: 100 };
const quarter = { name: 'Quarter', lat: 47.37, lon: 8.54, radius: 2000 };

describe('placeNameAt', () => {
  it('names the place whose circle holds the point, else nothing', () => {
    expect(placeNameAt([home], north(90), 8.54)).toBe('Home');
    expect(placeNameAt([home], north(110), 8.54)).toBeUndefined();
    expect(placeNameAt([], 47.37, 8.54)).toBeUndefined();
  });

  it('prefers the smallest of overlapping places, whatever their order', () => {
    expect(placeNameAt([quarter, home], north(50), 8.54)).toBe('Home');
    expect(placeNameAt([home, quarter], north(50), 8.54)).toBe('Home');
    expect(placeNameAt([home, quarter], north(500), 8.54)).toBe('Quarter');
  });

  it('breaks a tie of equal radii by name', () => {
    const b = { ...home, name: 'B' };
    const a = { ...home, name: 'A' };
    expect(placeNameAt([b, a], 47.37, 8.54)).toBe('A');
  });
});
