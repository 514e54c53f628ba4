// Acceptance 5 (issue 4): restoring from the recovery phrase in a fresh browser context brings the same
// identity back — the same identity id, and the same safety number with a partner who bonds with it again.
// A phrase that is not one is refused with an explanation, and creates nothing.
import { identityFromPhrase, nobleEd25519 } from '@entwine/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { newDevice } from './support/devices.ts';
import { askToBond, onboard, screenshot, until, waitBondStatus } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-restore' });

async function identityIdOn(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Me', exact: true }).click();
  return ((await page.getByTestId('identity-id').textContent()) ?? '').replace(/\s+/g, '');
}

/** A partner (in-process device) invites the page's identity and both say yes; returns the page's safety number. */
async function bondWithPartner(page: Page, partner: Awaited<ReturnType<typeof newDevice>>): Promise<string> {
  const { link } = await partner.device.invite();
  await page.goto(link);
  await askToBond(page, 'Carol', {});
  await page.getByRole('heading', { name: 'Waiting for Carol' }).waitFor();
  await until('Alice’s request to reach Carol’s device', async () => ((await partner.device.requests()).length > 0 ? true : undefined));
  await partner.device.confirm('Alice');
  await waitBondStatus(page, 'active');
  return (await page.getByTestId('safety-number').textContent()) ?? '';
}

describe('web app: restore from the recovery phrase', () => {
  it('brings the same identity back in a fresh context', async () => {
    const first = await web.context();
    const page1 = await first.newPage();
    const carol = await newDevice(web.url, 'Carol');
    const logs = [pageLog(page1)];
    let phrase: string[];
    let id1: string;
    let safety1: string;
    try {
      await page1.goto(web.url);
      phrase = await onboard(page1, 'Alice');
      id1 = await identityIdOn(page1);
      // The id on screen is the identity the phrase derives (checked independently, in Node).
      expect(id1).toBe(identityFromPhrase(nobleEd25519, phrase.join(' ')).userId);
      safety1 = await bondWithPartner(page1, carol);
    } finally {
      await first.close();
    }

    const fresh = await web.context();
    const page2 = await fresh.newPage();
    logs.push(pageLog(page2));
    try {
      await page2.goto(web.url);
      await page2.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
      await page2.getByLabel('Your name').fill('Alice');
      // A phrase with a word that is not on the list is refused, and nothing is created.
      await page2.getByLabel('Recovery phrase (12 words)').fill([...phrase.slice(0, 11), 'notaword'].join(' '));
      await page2.getByRole('button', { name: 'Restore' }).click();
      await page2.getByText('That is not a valid recovery phrase').waitFor();
      await page2.getByLabel('Recovery phrase (12 words)').fill(`  ${phrase.join('  ').toUpperCase()} `);
      await screenshot(page2, 'restore');
      await page2.getByRole('button', { name: 'Restore' }).click();
      await page2.locator('.topbar').waitFor();
      const id2 = await identityIdOn(page2);
      expect(id2).toBe(id1);
      // A partner who bonds with the restored identity sees the same safety number as before.
      const safety2 = await bondWithPartner(page2, carol);
      expect(safety2).toMatch(/^(\d{5} ){11}\d{5}$/);
      expect(safety2).toBe(safety1);
      expect(logs.flat().filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      carol.device.close();
      await fresh.close();
    }
  }, 120_000);
});
