// The CLI's places (issue 14): `entwine places add NAME --lat --lon --radius`, `entwine places [--json]`,
// `entwine places share|unshare PARTNER PLACE…`, `entwine places remove PLACE` — each a fresh process on the
// home, so what one command writes the next reads; bad input is refused in words that say what to fix.
// (Arrive and leave themselves, with their dwell, are `e2e/places-arrive-leave.test.ts`.)
import { describe, expect, it } from 'vitest';
import { bondedPair, cli } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('cli-places');

describe('entwine places', () => {
  it('adds, lists, shares, un-shares and removes a place, and refuses what is not one', async () => {
    const pair = await bondedPair(suite.relay.url);
    const { a, homeA } = pair;
    expect(await a('places')).toContain('No places yet');
    expect(await a('places', 'add', 'Home', '--lat', '47.37', '--lon', '8.54', '--radius', '100')).toContain('Added Home (100 m)');
    // Bob's places shield is hidden (the bond shared location only): sharing says he hears nothing yet.
    expect(await a('places', 'share', 'Bob', 'home')).toContain('hears nothing while your places shield for them is hidden');
    await a('shield', 'Bob', 'places', 'exact');
    expect(await a('places', 'share', 'Bob', 'Home')).toContain('Bob now hears when you arrive at or leave Home');
    const [home] = JSON.parse(await a('places', '--json'));
    expect(home).toMatchObject({ name: 'Home', lat: 47.37, lon: 8.54, radius: 100, sharedWith: ['Bob'] });
    expect(await a('places')).toMatch(/Home {2}47\.37000 8\.54000 {2}100 m {2}heard of by Bob/);
    expect(await a('places', 'unshare', 'Bob', 'Home')).toContain('Bob no longer hears of Home');
    expect(JSON.parse(await a('places', '--json'))[0].sharedWith).toEqual([]);

    const refused = async (args: string[], words: string) => {
      const r = await cli([...args, '--home', homeA, '--server', suite.relay.url]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toContain(words);
    };
    await refused(['places', 'add', 'Tiny', '--lat', '47', '--lon', '8', '--radius', '10'], '--radius is a number from 50 to 10000');
    await refused(['places', 'add', 'Pole', '--lat', '95', '--lon', '8', '--radius', '100'], '--lat is a number from -90 to 90');
    await refused(['places', 'add', 'home', '--lat', '47', '--lon', '8', '--radius', '100'], 'you already have a place named "home"');
    await refused(['places', 'share', 'Zed', 'Home'], 'you have no bond with "Zed"');
    await refused(['places', 'share', 'Bob', 'Work'], 'you have no place named "Work" (yours: Home)');
    await refused(['places', 'frob'], 'places takes no "frob"');

    await a('places', 'share', 'Bob', 'Home');
    expect(await a('places', 'remove', 'Home')).toContain('Removed Home');
    expect(JSON.parse(await a('places', '--json'))).toEqual([]);
  }, 120_000);
});
