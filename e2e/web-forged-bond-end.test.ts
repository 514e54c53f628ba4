// Acceptance 4 (issue 10), web: a relay whose bonds list says Bob's bond with Alice ended, without Alice's
// signed end, is shown on Bob's page as a relay fault — a warning notice and an alert on the bond screen —
// and the bond stays active with what Bob sees of Alice; it never reads as "Alice ended the bond".

import type { TestHooks } from '@entwine/server';
import { describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import { openPartner, waitBondStatus, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const HERE = { latitude: 48.13743, longitude: 11.57549, accuracy: 10 };
const hooks: TestHooks = {};
const web = webSuite({ tag: 'web-forged-end', testHooks: hooks });

describe('web app: an end the relay cannot prove', () => {
  it('shows a relay fault and keeps the bond', async () => {
    const aliceCtx = await web.context({ geolocation: HERE });
    const bobCtx = await web.context();
    try {
      const alice = await aliceCtx.newPage();
      const bob = await bobCtx.newPage();
      const logs = [pageLog(alice), pageLog(bob)];
      await bondPagesQuickly(alice, bob, { url: web.url, aliceShares: { location: 'exact' }, bobShares: {} });
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', HERE.latitude, HERE.longitude);

      // The relay now lists the bond as ended, with no signed end; Bob's page reads the list when it connects.
      hooks.onBondList = (_user, bonds) => bonds.map((b) => ({ ...b, state: 'ended' as const }));
      await bob.reload();
      await bob.locator('.notice', { hasText: 'The relay said your bond with Alice ended' }).waitFor();
      await openPartner(bob, 'Alice');
      await bob.getByTestId('relay-fault').waitFor();
      expect(await bob.getByTestId('relay-fault').textContent()).toContain('It was not ended and is kept');
      await waitBondStatus(bob, 'active');
      expect(await bob.locator('.status').textContent()).not.toContain('Ended');
      delete hooks.onBondList;
      // Still bonded: Alice's position still arrives.
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await waitForPartnerAt(bob, 'Alice', HERE.latitude, HERE.longitude);
      expect(logs.flat().filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      delete hooks.onBondList;
      await aliceCtx.close();
      await bobCtx.close();
    }
  }, 180_000);
});
