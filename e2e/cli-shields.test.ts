// The CLI's shields (issue 5): `entwine shield NAME FACET LEVEL [--for 2h]` changes one facet for one
// partner, `entwine shields` lists them, the partner's `watch` shows the level, and a level a facet does
// not have is refused with a clear message.
import { describe, expect, it } from 'vitest';
import { bondedPair, cli, spawnCli } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('cli-shields');

describe('entwine shield / shields', () => {
  it('sets, lists and applies a timed shield, and refuses a level a facet does not have', async () => {
    const pair = await bondedPair(suite.relay.url);
    expect(await pair.a('shield', 'Bob', 'location', 'city', '--for', '2h')).toMatch(
      /Bob now gets your location: city until .+, then exact\./,
    );
    const [row] = JSON.parse(await pair.a('shields', '--json'));
    expect(row.name).toBe('Bob');
    expect(row.levels.location).toBe('city');
    expect(row.shield.location.revertTo).toBe('exact');
    expect(row.shield.location.until - Date.now()).toBeGreaterThan(7_100_000);
    expect(row.levels.thoughts).toBe('hidden');
    const listing = await pair.a('shields');
    expect(listing).toContain('Bob');
    expect(listing).toMatch(/location +city until/);

    await pair.a('share', '--lat', '45.4642', '--lon', '9.19');
    const watch = spawnCli(['watch', '--json', '--home', pair.homeB, '--server', suite.relay.url]);
    await watch.waitFor((l) => l.includes('"type":"location"') && l.includes('"level":"city"'));
    await watch.stop();
    // Setting the shield published at the next tick, before any fix existed ("unknown"); then the share's tick.
    const located = watch.lines
      .filter((l) => l.includes('"type":"location"'))
      .map((l) => JSON.parse(l))
      .filter((m) => m.level !== 'unknown');
    expect(located.length).toBeGreaterThan(0);
    for (const m of located) {
      expect(m.level).toBe('city');
      expect(m.radius).toBe(10_000);
      expect(m.acc).toBeUndefined();
      expect(Math.abs(m.lat - 45.4642) + Math.abs(m.lon - 9.19)).toBeGreaterThan(0); // a cell centre, not the fix
    }

    const bad = await cli(['shield', 'Bob', 'thoughts', 'city', '--home', pair.homeA, '--server', suite.relay.url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('thoughts can be shared | hidden, not "city"');
    const unknown = await cli(['shield', 'Bob', 'mood', 'hidden', '--home', pair.homeA, '--server', suite.relay.url]);
    expect(unknown.stderr).toContain('unknown facet "mood"');
  }, 90_000);
});
