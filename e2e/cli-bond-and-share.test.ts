// Acceptance 1 (issue 3): two CLI identities bond through invite → accept → confirm; both print the same
// SAS and safety number; A replays a GPX track and B's `watch` prints A's fixes in order. Fixes go out on
// the publish tick (the newest one at each tick), so B sees an in-order selection ending at the last point.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGpx } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { bondedPair, spawnCli } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('bond-share');

describe('CLI bond and live share', () => {
  it('bonds two identities with matching SAS and safety numbers, and delivers a GPX replay in order', async () => {
    const pair = await bondedPair(suite.relay.url);
    const [bondA] = pair.bondsA.bonds;
    const [bondB] = pair.bondsB.bonds;
    expect(bondA.status).toBe('active');
    expect(bondB.status).toBe('active');
    expect(bondA.sas).toMatch(/^\d{4} \d{4} \d{4}$/);
    expect(bondA.sas).toBe(bondB.sas);
    expect(bondA.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(bondA.safetyNumber).toBe(bondB.safetyNumber);
    expect(bondA.name).toBe('Bob');
    expect(bondB.name).toBe('Alice');

    // The human-readable listing prints the same SAS on both sides too.
    expect(await pair.a('bonds')).toContain(bondA.sas);
    expect(await pair.b('bonds')).toContain(bondA.sas);

    const watch = spawnCli(['watch', '--json', '--home', pair.homeB, '--server', suite.relay.url]);
    try {
      await watch.waitFor((l) => l.includes('"state":"open"'));
      const gpx = join(import.meta.dirname, 'fixtures/walk.gpx');
      await pair.a('share', '--gpx', gpx, '--speed', '50');
      const track = parseGpx(await readFile(gpx, 'utf8')).fixes;
      const last = track[track.length - 1]!;
      const isLast = (l: string) => {
        const e = JSON.parse(l);
        return e.type === 'location' && e.lat === last.lat && e.lon === last.lon;
      };
      await watch.waitFor(isLast);
      const got = watch.lines.filter((l) => l.includes('"type":"location"')).map((l) => JSON.parse(l));
      expect(got.every((g) => g.from === 'Alice' && g.level === 'exact')).toBe(true);
      // Every fix B got is a point of the track, in track order (a tick repeats the newest fix as is).
      const index = got.map((g) => track.findIndex((f) => f.lat === g.lat && f.lon === g.lon));
      expect(index.every((i) => i >= 0)).toBe(true);
      expect([...index].sort((x, y) => x - y)).toEqual(index);
      expect(new Set(index).size).toBeGreaterThan(3);
      const times = got.map((g) => g.ts);
      expect([...times].sort((x, y) => x - y)).toEqual(times);
    } finally {
      await watch.stop();
    }
  }, 90_000);
});
