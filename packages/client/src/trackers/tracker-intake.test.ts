// What a payload's items become in the vault: fixes as they are, an OwnTracks transition as a fix at its place
// and time, an iOS visit as two fixes (arrival, departure) the stay detector bridges into a stay; nothing else.
import { describe, expect, it } from 'vitest';
import { fixesOf } from './tracker-intake.ts';

describe('fixesOf', () => {
  it('turns fixes, transitions with a position and visits into fixes; regions, ignored and refused into none', () => {
    const fixes = fixesOf([
      { kind: 'fix', fix: { ts: 1000, lat: 1, lon: 2, speed: 3, battery: { level: 0.5 } } },
      { kind: 'transition', event: 'enter', place: 'home', ts: 2000, lat: 3, lon: 4 },
      { kind: 'transition', event: 'leave', place: 'home', ts: 2500 },
      { kind: 'visit', lat: 5, lon: 6, acc: 30, arrival: 3000, departure: 9000 },
      { kind: 'visit', lat: 7, lon: 8, arrival: 10_000 },
      { kind: 'region', name: 'Home', lat: 1, lon: 1, radiusM: 100 },
      { kind: 'ignored', what: 'lwt' },
      { kind: 'rejected', reason: 'null-island', index: 3, detail: '0,0' },
    ]);
    expect(fixes).toEqual([
      { ts: 1000, lat: 1, lon: 2, speed: 3 },
      { ts: 2000, lat: 3, lon: 4 },
      { ts: 3000, lat: 5, lon: 6, acc: 30 },
      { ts: 9000, lat: 5, lon: 6, acc: 30 },
      { ts: 10_000, lat: 7, lon: 8 },
    ]);
  });
});
