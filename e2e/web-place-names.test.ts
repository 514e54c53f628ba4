// Offline place names in the web app (issue 11): Bob's page names where Alice is from the coordinates and
// level she sent, with the dataset his own browser loaded from the relay — never from a geocoder.
// - exact in Berlin-Mitte: the neighbourhood and the city, on the card, the chip and the map's label;
// - city level: only the city ("somewhere in Berlin"), no neighbourhood anywhere on Bob's page;
// - exact again, in Lyon: "near … Lyon, France", and nothing says "Paris" (the time zone's city, which
//   the card used to show as if it were a place).
// Every request Bob's browser makes stays on the relay's origin; the dataset is one static file.
// Screenshots: place-name-card (exact), place-name-city-area (the coarse area on the map, with its name).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import { openPartner, renderedAreas, screenshot, setShield, until, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const LYON = { latitude: 45.76404, longitude: 4.83566, accuracy: 20 };
const BERLIN_MITTE = { latitude: 52.52, longitude: 13.40495, accuracy: 15 };

const web = webSuite({ tag: 'web-place-names' });

async function cardPlace(bob: Page): Promise<{ locality?: string; neighbourhood?: string; text: string }> {
  const place = bob.locator('[data-testid="view-of"] .place-name');
  await place.waitFor({ timeout: 20_000 });
  return {
    locality: (await place.getAttribute('data-locality')) ?? undefined,
    neighbourhood: (await place.getAttribute('data-neighbourhood')) ?? undefined,
    text: (await place.textContent()) ?? '',
  };
}

describe('web app: offline place names', () => {
  it('names Alice’s town and neighbourhood on Bob’s card at exact, and only the city at city level', async () => {
    const aliceCtx = await web.context({ geolocation: BERLIN_MITTE });
    const bobCtx = await web.context();
    const alice = await aliceCtx.newPage();
    const bob = await bobCtx.newPage();
    const logs = { alice: pageLog(alice), bob: pageLog(bob) };
    // Every request of Bob's browser, its service worker's included: none may leave the relay's origin, and
    // the dataset is one plain GET of a static file, with nothing of a position in it.
    const offOrigin: string[] = [];
    const datasetRequests: string[] = [];
    bobCtx.on('request', (r) => {
      const url = r.url();
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      if (new URL(url).origin !== new URL(web.url).origin) offOrigin.push(url);
      if (url.includes('/assets/places-')) datasetRequests.push(`${r.method()} ${new URL(url).pathname}${new URL(url).search}`);
    });
    try {
      await bondPagesQuickly(alice, bob, { url: web.url, aliceShares: { location: 'exact', presence: true }, bobShares: {} });
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', BERLIN_MITTE.latitude, BERLIN_MITTE.longitude);

      // Exact in Berlin-Mitte: the neighbourhood and the city, on the chip, the map's label and the card.
      await bob
        .getByTestId('age-Alice')
        .getByText(/^near Mitte, Berlin · /)
        .waitFor({ timeout: 20_000 });
      await until('the map label to name Mitte', async () =>
        /^near Mitte · /.test((await bob.locator('.partner-marker .age').textContent()) ?? '') ? true : undefined,
      );
      await openPartner(bob, 'Alice');
      const card = bob.getByTestId('view-of');
      expect(await cardPlace(bob)).toEqual({ locality: 'Berlin', neighbourhood: 'Mitte', text: 'near Mitte, Berlin, Germany' });
      expect(await card.locator('.view-coordinates').textContent()).toBe('52.52000, 13.40495 · ±15 m');
      expect(await card.locator('.view-local-time').textContent()).toMatch(/^\d\d:\d\d · UTC\+\d+ · \S+ (day|twilight|night)$/);
      await card.scrollIntoViewIfNeeded();
      await screenshot(bob, 'place-name-card');

      // City level: Bob's page names the city and nothing finer, anywhere.
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      await setShield(alice, 'Bob', 'location', 'city');
      await bob.locator('[data-testid="view-of"][data-level="city"]').waitFor({ timeout: 20_000 });
      expect(await cardPlace(bob)).toEqual({ locality: 'Berlin', neighbourhood: undefined, text: 'somewhere in Berlin, Germany' });
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await bob
        .getByTestId('age-Alice')
        .getByText(/^somewhere in Berlin · city area · within 10 km · /)
        .waitFor();
      await bob.getByRole('button', { name: 'Fit all' }).click();
      await until('a city area for Alice on Bob’s map', async () =>
        (await renderedAreas(bob)).some((a) => a.name === 'Alice' && a.level === 'city') ? true : undefined,
      );
      await until('the area label to name Berlin', async () =>
        /^in Berlin · city area · /.test((await bob.locator('.partner-marker.area .age').textContent()) ?? '') ? true : undefined,
      );
      await screenshot(bob, 'place-name-city-area');
      expect(await bob.locator('body').textContent()).not.toContain('Mitte');

      // Exact again, in Lyon: Lyon — not the time zone's Paris, which the card used to show as if a place.
      await setShield(alice, 'Bob', 'location', 'exact');
      await aliceCtx.setGeolocation(LYON);
      await openPartner(bob, 'Alice');
      await bob.locator('[data-testid="view-of"] .place-name[data-locality="Lyon"]').waitFor({ timeout: 20_000 });
      expect((await cardPlace(bob)).text).toMatch(/^near (.+, )?Lyon, France$/);
      expect(await card.textContent()).not.toContain('Paris');
      expect(await card.locator('.view-coordinates').textContent()).toBe('45.76404, 4.83566 · ±20 m');

      expect(offOrigin).toEqual([]);
      expect(datasetRequests.length).toBeGreaterThan(0);
      for (const r of datasetRequests) expect(r).toMatch(/^GET \/assets\/places-[\w-]+\.bin$/);
    } catch (error) {
      throw new Error(`${String(error)}\nAlice: ${logs.alice.join('\n')}\nBob: ${logs.bob.join('\n')}`);
    } finally {
      await aliceCtx.close();
      await bobCtx.close();
    }
  }, 120_000);
});
