// Issue 10, acceptance 10: what a partner's app keeps follows the shields it was sent under. Alice shares her
// exact location and a photo pinned exactly with Bob; with her trail hidden (the default) Bob's page lists none
// of her past positions, not even as "activity"; with her trail raised to exact it lists them. Then Alice lowers
// location to city and hidden, and moments and trail to hidden: Bob's map draws neither the photo's pin nor any
// position of hers, his lists and his copy of the photo keep no place, and no coordinate of hers is on any of his
// screens. At every step Alice's "as Bob sees you" lists exactly what Bob's page lists (positions and photo pins).
// Screenshots: keeps-photo-pinned-bob, keeps-withdrawn-bob, keeps-preview-alice.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import { REPO } from './support/cli.ts';
import {
  openPartner,
  renderedAreas,
  renderedMoments,
  renderedPartners,
  screenshot,
  setShield,
  shareAll,
  until,
  waitForPartnerAt,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const HERE = { latitude: 47.37692, longitude: 8.54173, accuracy: 20 };
const THERE = { latitude: 47.38411, longitude: 8.53155, accuracy: 20 };
const PHOTO = join(REPO, 'packages/core/test/fixtures/media/baseline-gps.jpg');
/** How Alice's coordinates read on a screen (`formatCoordinates` shows five decimals). */
const HER_COORDS = [HERE, THERE].flatMap((p) => [p.latitude.toFixed(5), p.longitude.toFixed(5)]);

const web = webSuite({ tag: 'web-keeps' });

/** What a `PartnerKeeps` block lists: its levels, and each trail entry's and photo pin's raw values. */
interface Kept {
  levels: Record<string, string>;
  trail: Record<string, string>[];
  pins: Record<string, string>[];
}

interface DataNode {
  attributes: ArrayLike<{ name: string; value: string }>;
  querySelectorAll(selector: string): ArrayLike<DataNode>;
}

async function keptOn(block: Locator): Promise<Kept> {
  return block.evaluate((node) => {
    const el = node as unknown as DataNode;
    const data = (n: DataNode) =>
      Object.fromEntries(
        Array.from(n.attributes)
          .filter((a) => a.name.startsWith('data-') && a.name !== 'data-testid')
          .map((a) => [a.name, a.value])
          .sort(([a], [b]) => (a as string).localeCompare(b as string)),
      ) as Record<string, string>;
    return {
      levels: data(el),
      trail: Array.from(el.querySelectorAll('ol.trail li')).map(data),
      pins: Array.from(el.querySelectorAll('ul.pins li')).map(data),
    };
  });
}

/** Waits until Alice's preview of what Bob's app keeps equals what Bob's page lists, and returns it. */
async function previewMatches(alice: Page, bob: Page, what: string, accept: (k: Kept) => boolean): Promise<Kept> {
  const preview = alice.locator('[data-partner="Bob"] [data-testid="kept-by"]');
  const partner = bob.getByTestId('keeps-of');
  let last: [Kept, Kept] | undefined;
  try {
    return await until(
      `Alice's preview to match Bob's page (${what})`,
      async () => {
        const [a, b] = await Promise.all([keptOn(preview), keptOn(partner)]);
        last = [a, b];
        return JSON.stringify(a) === JSON.stringify(b) && accept(b) ? b : undefined;
      },
      20_000,
    );
  } catch (error) {
    throw new Error(`${String(error)}\nAlice's preview: ${JSON.stringify(last?.[0])}\nBob's page: ${JSON.stringify(last?.[1])}`);
  }
}

describe('web app: what a partner keeps follows the shields', () => {
  it('withdraws past positions and photo pins from Bob’s page when Alice lowers trail, location and moments', async () => {
    const aliceCtx = await web.context({ geolocation: HERE });
    const bobCtx = await web.context();
    const alice = await aliceCtx.newPage();
    const bob = await bobCtx.newPage();
    const logs = { alice: pageLog(alice), bob: pageLog(bob) };
    try {
      await bondPagesQuickly(alice, bob, { url: web.url, aliceShares: shareAll('exact', 'exact'), bobShares: {} });
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', HERE.latitude, HERE.longitude);

      // Trail hidden (what a new bond starts with): Bob's page lists no earlier position, and the activity
      // list carries none either — only the live position on Alice's card.
      await openPartner(bob, 'Alice');
      await bob.locator('[data-testid="keeps-of"][data-trail-level="hidden"]').waitFor();
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      const hiddenTrail = await previewMatches(alice, bob, 'trail hidden', (k) => k.levels['data-trail-level'] === 'hidden');
      expect(hiddenTrail.trail).toEqual([]);
      expect(await bob.locator('.activity .coords').count()).toBe(0);

      // Trail exact: Bob's app keeps where she has been, and Alice's preview lists the same entries.
      await setShield(alice, 'Bob', 'trail', 'exact');
      await previewMatches(alice, bob, 'trail exact, one place', (k) => k.trail.length === 1);
      await aliceCtx.setGeolocation(THERE);
      const withTrail = await previewMatches(alice, bob, 'trail exact, two places', (k) => k.trail.length >= 2);
      expect(withTrail.trail.every((t) => t['data-level'] === 'exact')).toBe(true);
      expect(withTrail.trail[0]).toMatchObject({ 'data-lat': String(THERE.latitude), 'data-lon': String(THERE.longitude) });
      expect(withTrail.trail.some((t) => t['data-lat'] === String(HERE.latitude))).toBe(true);

      // A photo pinned exactly: a point on Bob's map, a pin on his page and in Alice's preview.
      await openPartner(alice, 'Bob');
      await alice.getByTestId('open-moments').click();
      await alice.getByTestId('moment-file').setInputFiles(PHOTO);
      await alice.locator('.moment-preview img').waitFor();
      await alice.getByLabel('Caption (optional)').fill('the bench');
      await alice.getByRole('button', { name: 'Share with Bob' }).click();
      await alice.locator('.moments li[data-from="me"]').waitFor();
      await bob.locator('.notice[data-kind="moment"]').first().waitFor();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      const pinned = await until('the photo’s pin on Bob’s map', async () =>
        (await renderedMoments(bob)).find((m) => m.name === 'Alice' && m.level === 'exact'),
      );
      expect(pinned.geometry).toBe('Point');
      expect(pinned.lat).toBe(THERE.latitude);
      expect(await bob.locator('.moment-marker').count()).toBe(1);
      await screenshot(bob, 'keeps-photo-pinned-bob');
      await openPartner(bob, 'Alice');
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      const withPin = await previewMatches(alice, bob, 'photo pinned', (k) => k.pins.length === 1);
      expect(withPin.pins[0]).toMatchObject({ 'data-moment-id': pinned.id, 'data-level': 'exact', 'data-lat': String(THERE.latitude) });

      // Alice lowers everything that places her, as in the report: location city, then hidden; moments and trail hidden.
      await setShield(alice, 'Bob', 'location', 'city');
      await setShield(alice, 'Bob', 'location', 'hidden');
      await setShield(alice, 'Bob', 'moments', 'hidden');
      await setShield(alice, 'Bob', 'trail', 'hidden');
      const withdrawn = await previewMatches(
        alice,
        bob,
        'all withdrawn',
        (k) => k.levels['data-trail-level'] === 'hidden' && k.levels['data-moments-level'] === 'hidden',
      );
      expect(withdrawn.trail).toEqual([]);
      expect(withdrawn.pins).toEqual([]);
      await bob.locator('[data-testid="view-of"][data-location-state="hidden"]').waitFor();
      // Bob's bond page: no coordinate of hers anywhere — card, lists, activity.
      const bondText = (await bob.locator('main').textContent()) ?? '';
      for (const c of HER_COORDS) expect(bondText).not.toContain(c);
      expect(await bob.locator('.activity .coords').count()).toBe(0);

      // Bob's map draws no pin of the photo and no position of hers.
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await until('the photo’s pin to leave Bob’s map', async () =>
        (await bob.locator('.moment-marker').count()) === 0 && (await renderedMoments(bob)).length === 0 ? true : undefined,
      );
      expect(await renderedPartners(bob)).toEqual([]);
      expect(await renderedAreas(bob)).toEqual([]);
      expect(await bob.locator('.partner-marker').count()).toBe(0);
      await screenshot(bob, 'keeps-withdrawn-bob');

      // The photo itself stays in Bob's list, with no place: his device deleted it, not just hid it.
      await openPartner(bob, 'Alice');
      await bob.getByTestId('open-moments').click();
      const item = bob.locator('.moments li[data-from="peer"]');
      await item.waitFor();
      expect(await item.getAttribute('data-place-level')).toBe('none');
      const momentsText = (await bob.locator('main').textContent()) ?? '';
      for (const c of HER_COORDS) expect(momentsText).not.toContain(c);

      await alice.locator('[data-partner="Bob"] [data-testid="kept-by"]').scrollIntoViewIfNeeded();
      await screenshot(alice, 'keeps-preview-alice');
      expect(logs.alice.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
      expect(logs.bob.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      throw new Error(`${String(error)}\n--- alice ---\n${logs.alice.join('\n')}\n--- bob ---\n${logs.bob.join('\n')}`);
    } finally {
      await aliceCtx.close();
      await bobCtx.close();
    }
  }, 150_000);
});
