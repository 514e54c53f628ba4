// Acceptance 1 (issue 4): two people in two browser contexts bond through the web app — Alice onboards and
// invites; Bob opens the link, onboards and asks; Alice accepts — and both pages show the same SAS. Alice's
// browser position reaches Bob's map as a rendered MapLibre feature at that position, and moves when she
// moves. Also: the sharing panel shows what Bob sees ("as Bob sees you", from the very plaintexts sent), the
// indicator says with whom Alice shares, and a reloaded page still shows the partner's last position.
// (Shield levels other than exact: web-shields.test.ts.)
// Screenshots of the main screens go to e2e/screenshots/ (acceptance 7).
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import {
  acceptRequest,
  askToBond,
  makeInvite,
  mapIdle,
  onboard,
  renderedPartners,
  sasOn,
  screenshot,
  waitBondStatus,
  waitForPartnerAt,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const START = { latitude: 47.37692, longitude: 8.54173, accuracy: 35 };
const MOVED = { latitude: 47.37905, longitude: 8.54452, accuracy: 20 };

const web = webSuite({ tag: 'web-bond' });

describe('web app: bond two people and see each other on the live map', () => {
  it('bonds Alice and Bob with the same SAS, and puts Alice on Bob’s map where her web.browser says she is', async () => {
    const aliceCtx = await web.context({ geolocation: START });
    const bobCtx = await web.context({ geolocation: { latitude: 47.5, longitude: 8.7, accuracy: 50 } });
    const alice = await aliceCtx.newPage();
    const bob = await bobCtx.newPage();
    const logs = { alice: pageLog(alice), bob: pageLog(bob) };
    try {
      await alice.goto(web.url);
      await alice.getByRole('button', { name: 'Create a new identity' }).waitFor();
      await screenshot(alice, 'onboarding-welcome');
      await onboard(alice, 'Alice', { shot: 'onboarding-phrase' });

      const link = await makeInvite(alice);
      expect(link).toMatch(new RegExp(`^${web.url}/i/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$`));
      await screenshot(alice, 'invite');

      await bob.goto(link);
      await bob.getByText('You opened an invite').waitFor();
      await onboard(bob, 'Bob');
      await bob.getByRole('heading', { name: 'Alice invites you to bond' }).waitFor();
      // Bob shares nothing by default.
      expect(await bob.getByLabel('My location', { exact: true }).inputValue()).toBe('hidden');
      expect(await bob.getByRole('checkbox', { name: 'My presence (last seen, battery)' }).isChecked()).toBe(false);
      await bob.getByText('Nothing: you can start sharing later.').waitFor();
      await screenshot(bob, 'join-choose-sharing');
      await askToBond(bob, 'Alice', {});
      await bob.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
      // The secret left the address bar once used.
      expect(new URL(bob.url()).hash).toBe('');

      await acceptRequest(alice, 'Bob', { location: 'exact' });
      const sasAlice = await sasOn(alice);
      const sasBob = await sasOn(bob);
      expect(sasAlice).toMatch(/^\d{4} \d{4} \d{4}$/);
      expect(sasBob).toBe(sasAlice);
      await waitBondStatus(alice, 'active');
      await waitBondStatus(bob, 'active');
      const safetyAlice = await alice.getByTestId('safety-number').textContent();
      expect(safetyAlice).toMatch(/^(\d{5} ){11}\d{5}$/);
      expect(await bob.getByTestId('safety-number').textContent()).toBe(safetyAlice);
      await screenshot(alice, 'bond-sas');

      // Alice shares with Bob; Bob shares nothing: each indicator says so.
      const indicatorA = alice.locator('.indicator');
      await alice.locator('.indicator[data-sharing="on"]').waitFor();
      expect(await indicatorA.textContent()).toContain('Sharing with Bob');
      expect(await bob.locator('.indicator').getAttribute('data-sharing')).toBe('off');

      // Alice turns her location on; Bob's map draws her where her browser says she is.
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', START.latitude, START.longitude);
      const marker = bob.locator('.partner-marker');
      expect(await marker.locator('.name').textContent()).toBe('Alice');
      expect(await marker.locator('.avatar').textContent()).toBe('A');
      // The label's age, after the place's name once the names have loaded ("near Lindenhof · just now").
      expect(await marker.locator('.age').textContent()).toMatch(/^(near [^·]+ · )?(just now|\d+ s ago|\d+ min ago)$/);
      expect(await bob.getByTestId('age-Alice').textContent()).toContain('±35 m');
      await screenshot(bob, 'live-map');

      // Alice moves; the dot on Bob's map moves with her, and the old spot is empty.
      await aliceCtx.setGeolocation(MOVED);
      await waitForPartnerAt(bob, 'Alice', MOVED.latitude, MOVED.longitude);
      const dots = await renderedPartners(bob);
      expect(dots.filter((d) => d.name === 'Alice')).toHaveLength(1);
      expect(dots.some((d) => Math.abs(d.lat - START.latitude) < 1e-4)).toBe(false);

      // What Bob sees of Alice, shown to Alice from the very plaintexts she sent him.
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      const card = alice.locator('[data-partner="Bob"]');
      await card.getByTestId('seen-by').getByText('47.37905, 8.54452 · ±20 m').waitFor();
      expect(await card.getByTestId('seen-by').getAttribute('data-level')).toBe('exact');
      await card.getByTestId('seen-by').scrollIntoViewIfNeeded();
      await screenshot(alice, 'sharing-panel');

      // A reopened page shows Alice's last position at once, from Bob's own encrypted store.
      await bob.reload();
      await waitForPartnerAt(bob, 'Alice', MOVED.latitude, MOVED.longitude);

      // Light and dark: Bob's map in the dark theme.
      await bob.emulateMedia({ colorScheme: 'dark' });
      await mapIdle(bob);
      await screenshot(bob, 'live-map-dark');
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
