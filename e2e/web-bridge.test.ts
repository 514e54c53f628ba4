// Issue 15, acceptance 1, on the web map: Alice runs `entwine bridge` (the CLI's device) and her tracker apps
// post to it; Bob, in the web app, sees each position on his map at the level Alice's shield gives him — a pin
// where OwnTracks and Overland put her while it is exact, and, once she sets it to city, an area (no pin) that
// holds the point an app posted, its centre not the point.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { ok, spawnCli, tempDir } from './support/cli.ts';
import { until } from './support/until.ts';
import {
  askToBond,
  confirmNumbers,
  metresBetween,
  onboard,
  renderedAreas,
  renderedPartners,
  waitBondStatus,
  waitForPartnerAt,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-bridge' });

describe('entwine bridge → the web map', () => {
  it("shows Alice's apps' positions on Bob's map at her shield level", async () => {
    const home = await tempDir('bridge-alice');
    const alice = (...args: string[]) => ok([...args, '--home', home, '--server', web.url]);
    await alice('init', '--name', 'Alice');
    const link = (await alice('invite')).split('\n')[0] as string;
    const bobCtx = await web.context();
    const bob = await bobCtx.newPage();
    const log = pageLog(bob);
    let bridge: ReturnType<typeof spawnCli> | undefined;
    try {
      await bob.goto(link);
      await onboard(bob, 'Bob');
      await askToBond(bob, 'Alice', {});
      await bob.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
      await alice('confirm', 'Bob', '--share', 'location', '--numbers-match');
      await waitBondStatus(bob, 'active');
      await confirmNumbers(bob);
      await bob.getByRole('button', { name: 'Map', exact: true }).click();

      const owntracks = JSON.parse(await alice('bridge', 'setup', 'owntracks', '--json')) as { password: string };
      const overland = JSON.parse(await alice('bridge', 'setup', 'overland', '--json')) as { url: string };
      bridge = spawnCli(['bridge', '--listen', '127.0.0.1:0', '--home', home, '--server', web.url]);
      const base = /on (http:\/\/[0-9.]+:[0-9]+)/.exec(await bridge.waitFor((l) => l.startsWith('Bridge listening on ')))?.[1] as string;
      const sec = () => Math.floor(Date.now() / 1000);

      // OwnTracks (HTTP): a pin on Bob's map, exactly there.
      const posted = await fetch(`${base}/owntracks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Basic ${Buffer.from(`me:${owntracks.password}`).toString('base64')}`,
        },
        body: JSON.stringify({ _type: 'location', lat: 45.764_04, lon: 4.835_66, tst: sec() - 5, acc: 10, tid: 'AL' }),
      });
      expect(posted.status).toBe(200);
      await waitForPartnerAt(bob, 'Alice', 45.764_04, 4.835_66);

      // Overland: she moves on; the pin follows.
      const batch = (lat: number, lon: number) => ({
        locations: [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [lon, lat] },
            properties: { timestamp: new Date().toISOString(), horizontal_accuracy: 8, speed: 1.2 },
          },
        ],
      });
      const post = (body: unknown) =>
        fetch(overland.url.replace('http://127.0.0.1:8789', base), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect(await (await post(batch(45.767_5, 4.834_2))).json()).toEqual({ result: 'ok' });
      await waitForPartnerAt(bob, 'Alice', 45.767_5, 4.834_2);

      // Alice lowers Bob to city: the next position is an area on his map, with no pin.
      await alice('shield', 'Bob', 'location', 'city');
      const point = { lat: 45.760_1, lon: 4.838_9 };
      expect((await post(batch(point.lat, point.lon))).status).toBe(200);
      const area = await until(
        'Alice as a city area on Bob’s map',
        async () => {
          const areas = (await renderedAreas(bob)).filter((a) => a.name === 'Alice' && a.level === 'city');
          return areas[0];
        },
        30_000,
      );
      expect(await renderedPartners(bob)).toEqual([]);
      expect(metresBetween(area, point)).toBeLessThan(area.radius);
      expect(metresBetween(area, point)).toBeGreaterThan(1); // the area's centre, not her point
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      await bridge?.stop();
      await bobCtx.close();
      await rm(home, { recursive: true, force: true });
    }
  }, 180_000);
});
