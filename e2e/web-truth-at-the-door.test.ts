// What a new user ran into at the door of the web app (issue 12, "Truth at the door"), each tried the way
// they tried it, on one relay and phone-sized pages:
// (a) a garbage invite link is said to be no Entwine invite at once, before a name or a phrase is asked;
// (b) a recovery phrase no one used says it made a NEW identity before going on;
// (c) with Alice named "<Zoë" and Bob named with 60 characters: Alice's initial on Bob's map is "Z" (not
//     the "<"), Bob's long name is cut with an ellipsis on Alice's chip (whole in its title) and the bond
//     screen is no wider than the phone; a thought's box is empty after Send (one more tap sends nothing)
//     and its time reads like every other time (hours and minutes); "your own emoji" refuses a word;
// (d) once their bond has ended, Carol opening the used invite link is told it was used (not "could not be read";
// not "ended" either: an old link's holder must not learn that the two parted).
import { generateRecoveryPhrase } from '@entwine/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { acceptRequest, askToBond, confirmNumbers, makeInvite, onboard, shareAll, waitBondStatus } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const ALICE = '<Zoë';
const BOB = 'Bartholomew Maximilian Featherstonehaugh-Cholmondeley-Wolfeschle';

const web = webSuite({ tag: 'web-door' });

/** A new person's page (the suite closes its context when the test ends; `close` does it sooner). */
async function freshPage(): Promise<{ page: Page; log: string[]; close: () => Promise<void> }> {
  const { context, page, log } = await web.person();
  return { page, log, close: () => context.close() };
}

describe('web app: truth at the door', () => {
  it('(a) a garbage invite link is named as such before onboarding asks anything', async () => {
    const { page, log, close } = await freshPage();
    try {
      await page.goto(`${web.url}/i/this-is-not-an-invite`);
      const said = page.getByTestId('not-an-invite');
      await said.waitFor();
      expect(await said.textContent()).toContain('This is not an invite link');
      // Nothing was asked yet: the welcome's two choices are still what the page offers.
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      expect(await page.getByLabel('Your name').count()).toBe(0);
    } catch (error) {
      throw new Error(`${error}\n${log.join('\n')}`);
    } finally {
      await close();
    }
  });

  it('(b) a phrase no one used says it made a new identity', async () => {
    const { page, log, close } = await freshPage();
    try {
      const phrase = generateRecoveryPhrase({ bytes: (n) => crypto.getRandomValues(new Uint8Array(n)) });
      await page.goto(web.url);
      await page.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
      await page.getByLabel('Recovery phrase (12 words)').fill(phrase);
      await page.getByLabel('Your name').fill('Dana');
      await page.getByRole('button', { name: 'Restore', exact: true }).click();
      await page.getByRole('heading', { name: 'No one used this phrase before: this is a new identity' }).waitFor();
      await page.getByRole('button', { name: 'Continue with the new identity' }).click();
      await page.locator('.topbar').waitFor();
    } catch (error) {
      throw new Error(`${error}\n${log.join('\n')}`);
    } finally {
      await close();
    }
  });

  it('(c, d) names, the thought box, times and emoji on a bonded pair; then the ended bond’s invite', async () => {
    const a = await freshPage();
    const b = await freshPage();
    const alice = a.page;
    const bob = b.page;
    try {
      await alice.goto(web.url);
      await onboard(alice, ALICE);
      const link = await makeInvite(alice);
      await bob.goto(link);
      await onboard(bob, BOB);
      await askToBond(bob, ALICE, shareAll());
      await acceptRequest(alice, BOB, shareAll(), 'match');
      await waitBondStatus(alice, 'active');
      await waitBondStatus(bob, 'active');
      await confirmNumbers(bob);

      // (c) The initial is Alice's first letter, not the "<" her name starts with.
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      expect(await bob.locator(`.chip[data-partner="${ALICE}"] .avatar`).textContent()).toBe('Z');

      // Bob's long name: cut with an ellipsis on Alice's chip, whole in its title.
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      const chipName = alice.locator(`.chip[data-partner="${BOB}"] .chip-name`);
      expect(await chipName.getAttribute('title')).toBe(BOB);
      const cut = await chipName.evaluate((el) => ({
        shown: el.clientWidth,
        whole: el.scrollWidth,
        view: (globalThis as unknown as { innerWidth: number }).innerWidth,
      }));
      expect(cut.whole).toBeGreaterThan(cut.shown);
      expect(cut.shown).toBeLessThan(cut.view);
      await alice.locator(`.chip[data-partner="${BOB}"]`).click();
      await alice.getByRole('heading', { name: `Bond with ${BOB}` }).waitFor();
      const page = await alice.evaluate(() => {
        const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
        return { wide: g.document.documentElement.scrollWidth, view: g.innerWidth };
      });
      expect(page.wide).toBeLessThanOrEqual(page.view);

      // The thought box is empty once Send is pressed; another tap has nothing to send.
      await alice.getByTestId('open-thoughts').click();
      const box = alice.locator('#thought-input');
      await box.fill('see you at eight');
      await alice.getByRole('button', { name: 'Send', exact: true }).click();
      expect(await box.inputValue()).toBe('');
      await alice
        .locator('.thought.from-me[data-mark="stored"], .thought.from-me[data-mark="delivered"], .thought.from-me[data-mark="read"]')
        .waitFor();
      expect(await box.inputValue()).toBe('');
      expect(await alice.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
      expect(await alice.locator('.thought.from-me').count()).toBe(1);
      // One time format: hours and minutes in the page's locale (en-GB here), no seconds.
      expect(await alice.locator('.thought.from-me time').textContent()).toMatch(/^\d\d:\d\d$/);

      // "Your own emoji" takes emoji only.
      await alice.getByRole('button', { name: 'Me', exact: true }).click();
      const picker = alice.getByTestId('feeling-picker');
      await picker.locator('.mood-grid label', { hasText: 'happy' }).click();
      await picker.getByLabel('Your own emoji (optional)').fill('sunny');
      await picker.getByRole('button', { name: 'Share this feeling' }).click();
      await picker.getByRole('alert').filter({ hasText: 'Only emoji here' }).waitFor();
      await picker.getByLabel('Your own emoji (optional)').fill('🌧️');
      await picker.getByRole('button', { name: 'Share this feeling' }).click();
      await alice.getByTestId('my-feeling').filter({ hasText: '🌧️' }).waitFor();
      expect(await picker.getByRole('alert').count()).toBe(0);

      // (d) Alice ends the bond; then someone else opens the used link.
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.locator(`.chip[data-partner="${BOB}"]`).click();
      await alice.getByRole('button', { name: `End bond with ${BOB}` }).click();
      await alice.getByRole('dialog').getByRole('button', { name: 'End bond' }).click();
      await waitBondStatus(alice, 'ended');
      await bob.locator('.notice', { hasText: 'ended the bond with you.' }).waitFor();
      // Carol, given the same (used) link, is told what happened to it.
      const c = await freshPage();
      try {
        await c.page.goto(link);
        await onboard(c.page, 'Carol');
        const failure = c.page.locator('.failure');
        await failure.waitFor();
        expect(await failure.textContent()).toContain('This invite was already used');
        expect(await failure.textContent()).not.toContain('could not be read');
      } finally {
        await c.close();
      }
    } catch (error) {
      throw new Error(`${error}\n${a.log.join('\n')}\n${b.log.join('\n')}`);
    } finally {
      await a.close();
      await b.close();
    }
  }, 180_000);
});
