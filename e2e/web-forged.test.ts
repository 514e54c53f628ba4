// Acceptance 4 (issue 4): a relay that alters one envelope in transit (test hook) makes Bob's page show it
// as forged or damaged — on the map and in the bond screen — and never as a position; the genuine
// envelopes around it are still shown. The sender is an in-process device (the real client, Node adapters),
// publishing one tick per fix; the relay alters the location envelope of the second tick.
import { decodeEnvelope } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { newDevice } from './support/devices.ts';
import { joinDeviceInvite, renderedPartners, until, waitForPartnerAt } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const FIXES = [
  { lat: 46.1, lon: 7.1 },
  { lat: 46.101, lon: 7.101 }, // its tick's location envelope is the one the relay alters
  { lat: 46.102, lon: 7.102 },
];

/** Alice's device; the hook alters only what it sends (Bob's page publishes on its own tick too). */
let aliceDevice = '';
/** Set just before the tick whose first envelope (its location) is to be altered. */
let alterNext = false;
/** That envelope, as `epochId/seq`: altered whenever it is delivered, live or from a backlog. */
let target: string | undefined;
let altered = 0;

const web = webSuite({
  tag: 'web-forged',
  testHooks: {
    onDeliver(envelope) {
      const header = decodeEnvelope(envelope);
      if (header.senderDevice !== aliceDevice) return envelope;
      const id = `${header.epochId}/${header.seq}`;
      if (alterNext && target === undefined) {
        target = id;
        alterNext = false;
      }
      if (id !== target) return envelope;
      altered++;
      const copy = envelope.slice();
      copy[100] = (copy[100] as number) ^ 0x01; // one bit of the ciphertext
      return copy;
    },
  },
});

describe('web app: an envelope altered by the relay', () => {
  it('is shown as forged on the map and in the bond screen, not as a position', async () => {
    const alice = await newDevice(web.url, 'Alice');
    aliceDevice = alice.device.deviceId;
    const bobCtx = await web.context();
    const bob = await bobCtx.newPage();
    const log = pageLog(bob);
    try {
      // Trail exact too: Bob's page then lists her earlier positions (the genuine ones only).
      await joinDeviceInvite(bob, alice.device, 'Bob', { location: 'exact', trail: 'exact' });
      for (const [i, fix] of FIXES.entries()) {
        await alice.device.recordFix({ ...fix, acc: 10 });
        alterNext = i === 1;
        expect((await alice.device.publishTick()).bonds).toBe(1);
      }
      await waitForPartnerAt(bob, 'Alice', FIXES[2]!.lat, FIXES[2]!.lon);
      expect(target).toBeDefined();
      expect(altered).toBeGreaterThanOrEqual(1);

      // On the map: the alert, the partner marked, and the dot only ever at a genuine position.
      const alert = bob.locator('.map-alerts .forged-alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Forged or damaged envelope in your bond with Alice');
      expect(await alert.textContent()).toContain('not shown as a position');
      const dots = await renderedPartners(bob);
      expect(dots.filter((d) => d.name === 'Alice')).toHaveLength(1);
      expect(dots[0]?.forged).toBe(true);
      expect(await bob.locator('.partner-marker.forged').count()).toBe(1);

      // In the bond screen: the tally, the activity and her trail, in order, with the altered fix nowhere.
      await bob.locator('.partner-chips').getByRole('button', { name: /Alice/ }).click();
      const tally = bob.locator('.bond .forged-alert');
      await tally.waitFor();
      expect(await tally.textContent()).toContain('1 forged or damaged envelope in this bond');
      const activity = (await bob.locator('ol.activity li').allTextContents()).reverse(); // oldest first
      const kinds = await bob.locator('ol.activity li').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')).reverse());
      expect(kinds).toEqual(['active', 'forged']);
      expect(activity[1]).toContain('Forged or damaged envelope');
      const trail = bob.locator('[data-testid="keeps-of"] ol.trail li');
      await until('her trail on Bob’s page', async () => ((await trail.count()) === 2 ? true : undefined), 15_000);
      const positions = await trail.allTextContents(); // newest first
      expect(positions[0]).toContain('46.10200, 7.10200');
      expect(positions[1]).toContain('46.10000, 7.10000');
      expect([...activity, ...positions].join('\n')).not.toContain('46.10100');
      expect(await bob.locator('body').textContent()).not.toContain('46.10100');
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } finally {
      alice.device.close();
      await bobCtx.close();
    }
  }, 120_000);
});
