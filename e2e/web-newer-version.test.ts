// Acceptance 4 (issue 12), the web app: a correctly signed envelope of a kind this version does not know
// is shown as needing a newer version of Entwine — on the map and in the bond screen — never as forged;
// the same envelope with one bit flipped is still forged; and when the relay does not serve this app's
// protocol version (a test hook plays an older client), the page says "Update Entwine".
import { describe, expect, it } from 'vitest';
import { newDevice } from './support/devices.ts';
import { postNewerKind } from './support/newer-kind.ts';
import { joinDeviceInvite, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

/** When set, the relay reads every hello as protocol version 0: older than it serves. */
let playOldClient = false;

const web = webSuite({ tag: 'web-newer-version', testHooks: { onHello: (protocol) => (playOldClient ? 0 : protocol) } });

describe('web app: what a newer version sends, and a relay that needs a newer app', () => {
  it('shows a genuine unknown kind as needing a newer version, a forged one as forged, and "Update Entwine" on 4003', async () => {
    const alice = await newDevice(web.url, 'Alice');
    const { page: bob, log } = await web.person();
    try {
      await joinDeviceInvite(bob, alice.device, 'Bob', { location: 'exact' });
      await alice.device.recordFix({ lat: 46.2, lon: 7.2, acc: 10 });
      expect((await alice.device.publishTick()).bonds).toBe(1);
      await waitForPartnerAt(bob, 'Alice', 46.2, 7.2);

      // What a newer Alice would send, genuine and forged, straight to the relay under her real epoch.
      await postNewerKind(web.url, JSON.parse(alice.store.value as string));
      const newer = bob.locator('.map-alerts [data-testid="newer-version"]');
      await newer.waitFor();
      expect(await newer.textContent()).toContain('Needs a newer version of Entwine');
      expect(await newer.textContent()).toContain('not forged: update Entwine');
      const forged = bob.locator('.map-alerts .forged-alert');
      await forged.waitFor();
      expect(await forged.textContent()).toContain('Forged or damaged envelope in your bond with Alice (1,');

      // In the bond screen: one of each, in the order they came, and Alice's position still shown.
      await bob.locator('.partner-chips').getByRole('button', { name: /Alice/ }).click();
      await bob.locator('.bond [data-testid="newer-version"]').waitFor();
      expect(await bob.locator('.bond [data-testid="newer-version"]').textContent()).toContain(
        '1 message from Alice needs a newer version of Entwine',
      );
      expect(await bob.locator('.bond .forged-alert').textContent()).toContain('1 forged or damaged envelope in this bond');
      const kinds = await bob.locator('ol.activity li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).reverse());
      expect(kinds).toEqual(['active', 'newer-version', 'forged']);

      // The relay stops serving this app's protocol version: after a reload the page says to update.
      playOldClient = true;
      await bob.reload();
      const banner = bob.getByTestId('update-needed');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Update Entwine');
      expect(await banner.textContent()).toContain('This version of Entwine is too old for this relay: update Entwine');
      expect(await bob.locator('.connection .text').textContent()).toBe('Update Entwine');
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      playOldClient = false;
      alice.device.close();
    }
  }, 150_000);
});
