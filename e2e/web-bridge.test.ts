// Issue 15, acceptance 1, on the web map: Alice runs `entwine bridge` (the CLI's device) and her tracker apps
// post to it; Bob, in the web app, sees each position on his map at the level Alice's shield gives him — a pin
// where OwnTracks and Overland put her while it is exact, and, once she sets it to city, an area (no pin) that
// holds the point an app posted, its centre not the point.
// Then the other way, with no bridge at all: Bob sets OwnTracks up in the web app (Me → Devices & apps), the
// phone posts sealed to his drop on the relay, his open page collects it, and Alice's `watch` sees him there;
// the page shows when the app last reported, and gives the same configuration as a QR code and a `.otrc` file.

import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptOwnTracks, owntracksKey } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/cli.ts';
import { cliAliceWebBob } from './support/cli-web-bond.ts';
import { until } from './support/until.ts';
import { metresBetween, renderedAreas, renderedPartners, screenshot, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-bridge' });

describe('tracker apps → the web app', () => {
  it("shows Alice's apps' positions on Bob's map at her shield level", async () => {
    const { home, alice, bob, log } = await cliAliceWebBob(web, { homeTag: 'bridge-alice', bobShares: { location: 'exact' } });
    let bridge: ReturnType<typeof spawnCli> | undefined;
    let watch: ReturnType<typeof spawnCli> | undefined;
    try {
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

      // Bob's phone, through the relay: OwnTracks set up in his web app.
      watch = spawnCli(['watch', '--json', '--home', home, '--server', web.url]);
      await watch.waitFor((l) => l.includes('"state":"open"'), 30_000);
      await bob.getByRole('button', { name: 'Me', exact: true }).click();
      const apps = bob.getByTestId('apps-control');
      await apps.getByRole('button', { name: 'Set up OwnTracks' }).click();
      await bob.locator('[data-testid="apps-control"][data-set-up="true"]').waitFor();
      const dropUrl = (await bob.getByTestId('owntracks-url').textContent()) ?? '';
      const password = (await bob.getByTestId('owntracks-password').textContent()) ?? '';
      const passphrase = (await bob.getByTestId('owntracks-key').textContent()) ?? '';
      expect(dropUrl).toMatch(new RegExp(`^${web.url.replace(/\/+$/, '')}/v1/drops/[A-Za-z0-9_-]{22}$`));
      expect(passphrase).toHaveLength(32);
      await expect.poll(() => bob.getByTestId('owntracks-last').textContent()).toBe('not yet');
      // The .otrc file the page offers is the app's own configuration, with the same values.
      const [download] = await Promise.all([bob.waitForEvent('download'), bob.getByTestId('owntracks-otrc').click()]);
      const saved = join(home, 'downloaded.otrc'); // the browser is a shared server: its file comes over the wire
      await download.saveAs(saved);
      const otrc = { name: download.suggestedFilename(), config: JSON.parse(await readFile(saved, 'utf8')) as unknown };
      expect(otrc).toEqual({
        name: 'entwine-owntracks.otrc',
        config: { _type: 'configuration', mode: 3, url: dropUrl, auth: true, username: 'entwine', password, encryptionKey: passphrase },
      });
      expect(await apps.getByRole('img', { name: /OwnTracks configuration/ }).isVisible()).toBe(true);

      const where = { lat: 48.208_49, lon: 16.372_08 };
      const sealed = encryptOwnTracks(
        { _type: 'location', ...where, tst: sec() - 3, acc: 6, tid: 'BO' },
        owntracksKey(passphrase),
        randomBytes(24),
      );
      const phone = await fetch(dropUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`entwine:${password}`).toString('base64')}` },
        body: JSON.stringify(sealed),
      });
      expect({ status: phone.status, body: await phone.json() }).toEqual({ status: 200, body: [] });
      // Bob's page collects it within a tick or two and shares it: Alice sees him exactly there.
      await watch.waitFor((l) => {
        const e = JSON.parse(l) as { type?: string; from?: string; lat?: number; lon?: number };
        return e.type === 'location' && e.from === 'Bob' && e.lat === where.lat && e.lon === where.lon;
      }, 60_000);
      await expect.poll(() => bob.getByTestId('owntracks-last').textContent(), { timeout: 30_000 }).toMatch(/\(1 point\)$/);
      await bob.locator('#devices-and-apps').evaluate((h) => h.scrollIntoView({ block: 'start' }));
      await screenshot(bob, 'devices-and-apps');

      // New password and key, once confirmed: the address stays, the old password is refused at once.
      await apps.getByRole('button', { name: 'New password and key' }).click();
      await apps.getByRole('button', { name: 'Make new ones' }).click();
      // It first collects what waits (behind the page's own collection of the tick), then tells the relay.
      await expect
        .poll(
          async () =>
            (await apps.getByRole('alert').count()) > 0
              ? await apps.getByRole('alert').textContent()
              : bob.getByTestId('owntracks-password').textContent(),
          {
            timeout: 30_000,
          },
        )
        .not.toBe(password);
      expect(await apps.getByRole('alert').count()).toBe(0);
      expect(await bob.getByTestId('owntracks-url').textContent()).toBe(dropUrl);
      expect(await bob.getByTestId('owntracks-key').textContent()).not.toBe(passphrase);
      const stale = await fetch(dropUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`entwine:${password}`).toString('base64')}` },
        body: JSON.stringify(sealed),
      });
      expect(stale.status).toBe(401);
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      await watch?.stop();
      await bridge?.stop();
      await rm(home, { recursive: true, force: true });
    }
  }, 180_000);
});
