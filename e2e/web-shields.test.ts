// Shields in the web app (issue 5): Alice shares her exact location and presence with Bob, then moves his
// shield down step by step from her sharing panel.
// - city: Bob's map draws an AREA of the cell's radius (a fill feature) and no pin for Alice; Alice's
//   "as Bob sees you" preview shows exactly what Bob's page shows — the same words, centre and radius;
// - frozen: Bob's page says "frozen" and keeps the last area, greyed, with its age;
// - hidden: Bob's page says "hidden" and the map shows no position for Alice at all;
// - a timed shield says when it ends and what it goes back to.
// Screenshots: shield-city-bob, shield-card-bob, shield-preview-alice, shield-frozen-bob, shield-hidden-bob,
// shield-timed-alice.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import {
  mapIdle,
  metresBetween,
  renderedAreas,
  renderedPartners,
  type ShownView,
  screenshot,
  setShield,
  shownView,
  until,
  waitForPartnerAt,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const HERE = { latitude: 47.37692, longitude: 8.54173, accuracy: 35 };

const web = webSuite({ tag: 'web-shields' });

/** A view with its attributes in one order (React may add them in a different order on each page). */
function normal(v: ShownView): string {
  const data = Object.fromEntries(Object.entries(v.data).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ data, text: v.text, times: v.times });
}

/**
 * Alice's preview of what Bob sees, and Bob's own card of Alice, sampled side by side. Both move on every
 * tick and Bob's lags by the relay's delivery time, so the two are compared at the same tick (the same
 * `ts` values): there they must be identical — attributes, words, centre, radius, instants.
 */
async function previewMatchesPartner(alice: Page, bob: Page, state: string): Promise<ShownView> {
  const preview = alice.locator('[data-partner="Bob"] [data-testid="seen-by"]');
  const partner = bob.locator('[data-testid="view-of"]');
  const fromAlice = new Map<string, { view: ShownView; json: string }>();
  const fromBob = new Map<string, string>();
  try {
    return await until(`Alice's preview to match Bob's page (${state})`, async () => {
      const [a, b] = await Promise.all([shownView(preview), shownView(partner)]);
      const tick = (v: ShownView) => JSON.stringify([v.data['data-location-ts'], v.times]);
      if (a.data['data-location-state'] === state) fromAlice.set(tick(a), { view: a, json: normal(a) });
      if (b.data['data-location-state'] === state) fromBob.set(tick(b), normal(b));
      for (const [tick, seen] of fromAlice) if (fromBob.get(tick) === seen.json) return seen.view;
      return undefined;
    });
  } catch (error) {
    const last = <T>(m: Map<string, T>) => [...m.values()].slice(-3);
    throw new Error(
      `${String(error)}\nAlice's preview: ${JSON.stringify(last(fromAlice).map((x) => x.json))}\nBob's page: ${JSON.stringify(last(fromBob))}`,
    );
  }
}

describe('web app: shields per partner and facet', () => {
  it('coarsens, freezes and hides Alice for Bob, and Alice’s preview shows exactly what Bob sees', async () => {
    const aliceCtx = await web.context({ geolocation: HERE });
    const bobCtx = await web.context();
    const alice = await aliceCtx.newPage();
    const bob = await bobCtx.newPage();
    const logs = { alice: pageLog(alice), bob: pageLog(bob) };
    try {
      await bondPagesQuickly(alice, bob, { url: web.url, aliceShares: { location: 'exact', presence: true }, bobShares: {} });
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();

      // Exact: a pin where Alice's browser says she is, and her presence on her card.
      await waitForPartnerAt(bob, 'Alice', HERE.latitude, HERE.longitude);
      expect(await renderedAreas(bob)).toEqual([]);
      // Online once her page's presence arrived (a loaded machine can hold her first ticks back a while).
      const presence = bob.getByTestId('presence-Alice');
      await presence.filter({ hasText: /^online/ }).waitFor();

      // City: Alice lowers Bob's location shield on her sharing panel.
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      const t0 = Date.now();
      await setShield(alice, 'Bob', 'location', 'city');
      const area = await until('an area for Alice on Bob’s map', async () => {
        const a = (await renderedAreas(bob)).find((x) => x.name === 'Alice');
        return a?.level === 'city' ? a : undefined;
      });
      const cityMs = Date.now() - t0;
      expect(area.geometry).toBe('Polygon');
      expect(area.radius).toBe(10_000);
      expect(area.frozen).toBe(false);
      // An area, not a pin: no dot for Alice, and no avatar marker (only a label on the area's edge).
      await until('Alice’s pin to leave Bob’s map', async () =>
        (await renderedPartners(bob)).some((d) => d.name === 'Alice') ? undefined : true,
      );
      expect(await bob.locator('.partner-marker.pin').count()).toBe(0);
      expect(await bob.locator('.partner-marker.area .name').textContent()).toBe('Alice');
      // The centre is a cell centre near her, not her position.
      const off = metresBetween(area, { lat: HERE.latitude, lon: HERE.longitude });
      expect(off).toBeGreaterThan(1);
      expect(off).toBeLessThan(area.radius);
      const chip = bob.getByTestId('age-Alice');
      // After the city's name once the names have loaded: "somewhere in Zürich · city area · …".
      await chip.getByText(/^(somewhere in [^·]+ · )?city area · within 10 km · /).waitFor();
      expect(await bob.locator('body').textContent()).not.toContain(HERE.latitude.toFixed(5));
      await bob.getByRole('button', { name: 'Fit all' }).click();
      await mapIdle(bob);
      await screenshot(bob, 'shield-city-bob');

      // Alice's preview is exactly Bob's card of her: same words, same centre, same radius.
      await bob.locator('.partner-chips').getByRole('button', { name: /Alice/ }).click();
      const city = await previewMatchesPartner(alice, bob, 'live');
      expect(city.data['data-level']).toBe('city');
      expect(Number(city.data['data-lat'])).toBe(area.lat);
      expect(Number(city.data['data-lon'])).toBe(area.lon);
      expect(Number(city.data['data-radius'])).toBe(area.radius);
      expect(city.text).toContain(`City area · within 10 km of ${area.lat.toFixed(5)}, ${area.lon.toFixed(5)}`);
      // Shared (not hidden): "online", or "last seen" when a loaded machine held her ticks back past the window.
      expect(city.text).toMatch(/Presence (online|last seen)/);
      await bob.locator('[data-testid="view-of"]').scrollIntoViewIfNeeded();
      await screenshot(bob, 'shield-card-bob');
      await alice.locator('[data-partner="Bob"] [data-testid="seen-by"]').scrollIntoViewIfNeeded();
      await screenshot(alice, 'shield-preview-alice');

      // Frozen: nothing new; Bob keeps the last area, greyed, with its age and the word "frozen".
      await setShield(alice, 'Bob', 'location', 'frozen');
      const frozen = await previewMatchesPartner(alice, bob, 'frozen');
      expect(frozen.text).toContain('Location frozen · last shared');
      expect(frozen.data['data-lat']).toBe(city.data['data-lat']);
      expect(frozen.data['data-radius']).toBe(city.data['data-radius']);
      const frozenArea = await until('the frozen area on Bob’s map', async () =>
        (await renderedAreas(bob)).find((x) => x.name === 'Alice' && x.frozen),
      );
      expect(frozenArea.lat).toBe(area.lat);
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await chip.getByText(/^frozen · last shared /).waitFor();
      expect(await bob.locator('.partner-marker.area.frozen .age').textContent()).toMatch(/^frozen · /);
      await screenshot(bob, 'shield-frozen-bob');

      // Hidden: Bob's page says so and shows no position for Alice.
      await setShield(alice, 'Bob', 'location', 'hidden');
      await chip.getByText('hidden', { exact: true }).waitFor();
      await until('Alice to leave Bob’s map', async () => ((await renderedAreas(bob)).length === 0 ? true : undefined));
      expect(await renderedPartners(bob)).toEqual([]);
      expect(await bob.locator('.partner-marker').count()).toBe(0);
      await screenshot(bob, 'shield-hidden-bob');
      await bob.locator('.partner-chips').getByRole('button', { name: /Alice/ }).click();
      const hidden = await previewMatchesPartner(alice, bob, 'hidden');
      expect(hidden.text).toMatch(/^Location hidden Presence (online|last seen)/);
      expect(hidden.data['data-lat']).toBeUndefined();
      // Presence is still shared: Alice's indicator still names Bob.
      expect(await alice.locator('.indicator').textContent()).toContain('Sharing with Bob');

      // A timed shield says when it ends and what it goes back to.
      await setShield(alice, 'Bob', 'location', 'street', 'For 2 hours');
      const now = alice.locator('[data-partner="Bob"]').getByTestId('shield-now-location');
      expect(await now.textContent()).toMatch(/^Street until \d\d:\d\d(:\d\d)?, then back to hidden \(1 h 59 min left\)$/);
      await alice.locator('[data-partner="Bob"]').getByRole('button', { name: 'Lift now (back to hidden)' }).waitFor();
      await previewMatchesPartner(alice, bob, 'live');
      await screenshot(alice, 'shield-timed-alice');

      // One tap hides everything from everyone.
      await alice.getByRole('button', { name: 'Stop sharing with everyone' }).click();
      await alice.locator('.indicator[data-sharing="off"]').waitFor();
      const none = await previewMatchesPartner(alice, bob, 'hidden');
      expect(none.text).toBe('Location hidden Presence hidden');

      console.log(`city area on Bob's map ${cityMs} ms after Alice applied it`);
      expect(logs.alice.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
      expect(logs.bob.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      throw new Error(`${String(error)}\n--- alice ---\n${logs.alice.join('\n')}\n--- bob ---\n${logs.bob.join('\n')}`);
    } finally {
      await aliceCtx.close();
      await bobCtx.close();
    }
  }, 120_000);
});
