// Issue 4, robustness: one browser runs the device in one tab at a time (a Web Lock), so two tabs never save
// over each other's state. A second tab says so and can take over; the first then stops and says why.
import { describe, expect, it } from 'vitest';
import { onboard } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-one-tab' });

describe('web app: one tab at a time', () => {
  it('lets a second tab take over, and stops the first', async () => {
    const context = await web.context();
    try {
      const first = await context.newPage();
      await first.goto(web.url);
      await onboard(first, 'Tabby');
      const second = await context.newPage();
      await second.goto(web.url);
      await second.getByRole('heading', { name: 'Entwine is open in another tab' }).waitFor();
      expect(await second.locator('.topbar').count()).toBe(0);
      await second.getByRole('button', { name: 'Use it here instead' }).click();
      await second.locator('.topbar').waitFor();
      await first.getByRole('heading', { name: 'Entwine moved to another tab' }).waitFor();
      expect(await first.locator('.topbar').count()).toBe(0);
      // The second tab runs the same device.
      await second.getByRole('button', { name: 'Me', exact: true }).click();
      await second.getByRole('heading', { name: 'Tabby' }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);
});
