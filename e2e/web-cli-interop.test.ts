// Acceptance 3 (issue 4): a CLI user and a web user bond — the CLI invites, the web user opens the link,
// onboards and asks, the CLI says yes — both show the same SAS and safety number, and each sees the other:
// the CLI's `share` lands on the web map, the browser's position reaches the CLI's `watch`.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/cli.ts';
import { cliAliceWebBob } from './support/cli-web-bond.ts';
import { sasOn, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const BOB_AT = { latitude: 48.85661, longitude: 2.35222, accuracy: 12 };

const web = webSuite({ tag: 'web-cli' });

describe('web app and CLI: one bond across both clients', () => {
  it('bonds a CLI user with a web user, who then see each other', async () => {
    const { home, alice, bob, log } = await cliAliceWebBob(web, {
      homeTag: 'web-cli-alice',
      bobShares: { location: 'exact' },
      context: { geolocation: BOB_AT },
    });
    let watch: ReturnType<typeof spawnCli> | undefined;
    try {
      const { bonds } = JSON.parse(await alice('bonds', '--json'));
      expect(bonds).toHaveLength(1);
      expect(bonds[0].status).toBe('active');
      expect(bonds[0].name).toBe('Bob');
      expect(await sasOn(bob)).toBe(bonds[0].sas);
      expect(await bob.getByTestId('safety-number').textContent()).toBe(bonds[0].safetyNumber);

      // The CLI shares a position: it lands on Bob's map.
      expect(await alice('share', '--lat', '45.76404', '--lon', '4.83566', '--acc', '30')).toContain('Shared with 1 bond');
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', 45.76404, 4.83566);

      // Bob turns his location on: the CLI's watch prints his fix. (`watch` keeps the home's state in memory,
      // so it starts only once the other commands on that home are done.)
      watch = spawnCli(['watch', '--json', '--home', home, '--server', web.url]);
      await watch.waitFor((l) => l.includes('"state":"open"'));
      await bob.getByRole('button', { name: 'Use my location' }).click();
      // Bob's page publishes on every tick; until it has a fix, what it sends says so ("unknown").
      const line = await watch.waitFor(
        (l) => l.includes('"type":"location"') && l.includes('"from":"Bob"') && l.includes('"level":"exact"'),
        20_000,
      );
      const fix = JSON.parse(line);
      expect(fix.lat).toBeCloseTo(BOB_AT.latitude, 6);
      expect(fix.lon).toBeCloseTo(BOB_AT.longitude, 6);
      expect(fix.acc).toBe(BOB_AT.accuracy);
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      await watch?.stop();
      await rm(home, { recursive: true, force: true });
    }
  }, 120_000);
});
