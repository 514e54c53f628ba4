// Issue 4, PWA and keyboard: the app is installable (Chromium reports no installability errors for its
// manifest and service worker), opens with no network from the service worker's cache of the app shell, and
// a person can create an identity and reach the other screens with the keyboard alone, by labelled controls.
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { launchPersistent, pageLog } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { readPhrase, reloadUnderServiceWorker } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-pwa' });

/** Presses Tab until the focused element's text (or label) is `name`; fails after `max` presses. */
async function tabTo(page: Page, name: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      "(() => { const e = document.activeElement; if (!e) return ''; const l = e.id ? document.querySelector('label[for=\"' + e.id + '\"]') : null; return (l ? l.textContent : e.textContent || e.getAttribute('aria-label') || '').trim(); })()",
    );
    if (focused === name) return;
  }
  throw new Error(`no control named "${name}" within ${max} tabs`);
}

describe('web app: installable, offline shell, keyboard', () => {
  it('is installable and opens from its cache with no network', async () => {
    // A profile on disk: Chromium never offers to install from an incognito (throwaway) context.
    const profile = await tempDir('pwa-profile');
    const context = await launchPersistent(profile);
    const page = context.pages()[0] ?? (await context.newPage());
    const log = pageLog(page);
    try {
      await page.goto(web.url);
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      const manifest = await page.request.get(`${web.url}/manifest.webmanifest`);
      expect(manifest.headers()['content-type']).toContain('application/manifest+json');
      expect((await manifest.json()).display).toBe('standalone');
      // The service worker is active and controls the page once it has cached the shell.
      await reloadUnderServiceWorker(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
      expect(installabilityErrors).toEqual([]);

      await context.setOffline(true);
      await page.reload();
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  }, 60_000);

  it('can be used with the keyboard alone', async () => {
    const context = await web.context();
    const page = await context.newPage();
    try {
      await page.goto(web.url);
      await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
      await tabTo(page, 'Create a new identity');
      await page.keyboard.press('Enter');
      await tabTo(page, 'Your name');
      await page.keyboard.type('Keya');
      await page.keyboard.press('Enter');
      await page.locator('ol.phrase li').first().waitFor();
      const words = await readPhrase(page);
      await tabTo(page, 'I have written it down');
      await page.keyboard.press('Enter');
      for (const label of await page.locator('label[for^="word-"]').allTextContents()) {
        await tabTo(page, label);
        await page.keyboard.type(words[Number(label.replace(/\D+/g, '')) - 1] as string);
      }
      await page.keyboard.press('Enter');
      await page.locator('.topbar').waitFor();
      await tabTo(page, 'Invite');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Invite someone' }).waitFor();
      await tabTo(page, 'Make an invite link');
      await page.keyboard.press('Enter');
      expect(await page.getByLabel('Invite link').inputValue()).toMatch(/\/i\/[A-Za-z0-9_-]+#/);
    } finally {
      await context.close();
    }
  }, 60_000);
});
