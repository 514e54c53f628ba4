/**
 * Issue 10 acceptance 1 (web, Chromium): a leaked invite link answered as "Bob". Alice's request screen
 * shows the safety number and the SAS before her yes, and neither is the real Bob's. She says yes without
 * confirming them: while her page publishes tick after tick (counted at Carol's, a checked bond that
 * runs beside it), the relay holds no envelope and no key from her for the fake Bob's bond. "Skip (not
 * verified)" makes her bond screen say *Not verified* and only then does what she chose flow. The invitee
 * gets the same step: Bob's page, once Dave said yes, shows the numbers and sends nothing until "The
 * numbers match".
 */
import type { DeviceState } from '@entwine/client';
import { emptyView } from '@entwine/client';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { newDevice } from './support/devices.ts';
import { heldFrom } from './support/raw-client.ts';
import {
  acceptRequest,
  askToBond,
  chooseShare,
  confirmNumbers,
  makeInvite,
  onboard,
  openPartner,
  openRequest,
  sasOn,
  until,
  waitBondStatus,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const HERE = { latitude: 47.3769, longitude: 8.5417, accuracy: 10 };
const SAS = /^\d{4} \d{4} \d{4}$/;

const web = webSuite({ tag: 'web-leaked-link' });

const stateOf = (store: { value: string | undefined }) => JSON.parse(store.value ?? '{}') as DeviceState;

describe('web app: a leaked invite link answered as "Bob"', () => {
  it('shows the numbers before the yes, sends nothing until they are checked, and says "Not verified" when skipped', async () => {
    const ctx = await web.context({ geolocation: HERE });
    const alice = await ctx.newPage();
    const log = pageLog(alice);
    const carol = await newDevice(web.url, 'Carol');
    const realBob = await newDevice(web.url, 'Bob');
    const fake = await newDevice(web.url, 'Bob');
    try {
      await alice.goto(web.url);
      await onboard(alice, 'Alice');

      // A checked bond beside it: Carol counts Alice's ticks.
      const carolLink = await makeInvite(alice);
      await carol.device.acceptInvite(carolLink, {});
      await acceptRequest(alice, 'Carol', { location: 'exact' }, 'match');
      await alice.getByRole('heading', { name: 'Bond with Carol' }).waitFor();
      await carol.device.sync(); // Carol's device picks up the yes and confirms: the bond becomes active
      await waitBondStatus(alice, 'active', 60_000);
      let carolGot = 0;
      carol.device.on((e) => {
        if (e.type === 'location' && e.message.level === 'exact') carolGot++;
      });

      // The leak: the real Bob opens the link (his screen shows his safety number), the fake Bob answers.
      const link = await makeInvite(alice);
      const real = await realBob.device.previewInvite(link);
      await fake.device.acceptInvite(link, {});
      await openRequest(alice, 'Bob');
      const requestSas = await sasOn(alice);
      const requestSafety = ((await alice.getByTestId('safety-number').textContent()) ?? '').trim();
      expect(requestSas).toMatch(SAS);
      expect(requestSafety).not.toBe(real.safetyNumber);
      await expect(alice.getByRole('button', { name: 'The numbers match' }).isVisible()).resolves.toBe(true);
      await expect(alice.getByRole('button', { name: 'Skip (not verified)' }).isVisible()).resolves.toBe(true);

      // Yes without confirming: the bond screen holds it.
      await chooseShare(alice, { location: 'exact', presence: true, feelings: true });
      await alice.getByRole('button', { name: 'Accept Bob, compare later' }).click();
      await alice.getByRole('heading', { name: 'Bond with Bob' }).waitFor();
      await alice.locator('.verification[data-verification="unchecked"]').waitFor();
      await fake.device.sync();
      const fakeBond = await fake.device.verifyBond('Alice', 'match'); // the impostor claims a match on his side
      expect(fakeBond.sas).toBe(requestSas);
      await waitBondStatus(alice, 'active', 60_000);
      const bondId = fakeBond.bondId;

      // Alice's page runs with her position on: Carol gets tick after tick, the fake Bob nothing.
      await alice.getByRole('button', { name: 'Map', exact: true }).click();
      await alice.getByRole('button', { name: 'Use my location' }).click();
      const before = carolGot;
      await until(
        'four of Alice’s ticks at Carol’s',
        async () => {
          await carol.device.pull();
          return carolGot >= before + 4 ? true : undefined;
        },
        60_000,
      );
      const aliceDevice = stateOf(fake.store).bonds[bondId]?.peer.devices[0]?.deviceId as string;
      expect(await heldFrom(web.url, stateOf(fake.store), bondId, aliceDevice)).toEqual({ envelopes: 0, keys: 0 });
      await fake.device.pull();
      expect(fake.device.viewOf('Alice')).toEqual(emptyView());
      expect(await alice.locator('.indicator').textContent()).not.toContain('Bob');

      // Skip: the bond screen says Not verified, and what she chose flows (the control).
      await alice.locator('.partner-chips').getByRole('button', { name: /Bob/ }).click();
      await alice.getByRole('heading', { name: 'Bond with Bob' }).waitFor();
      await alice.locator('.numbers-check').getByRole('button', { name: 'Skip (not verified)' }).click();
      await alice.locator('.verification[data-verification="skipped"]').waitFor();
      expect(await alice.locator('.verification').textContent()).toContain('Not verified');
      await until('the fake Bob to get Alice’s location', async () => {
        await fake.device.pull();
        return fake.device.viewOf('Alice').location?.level === 'exact' ? true : undefined;
      });
    } catch (error) {
      throw new Error(`${String(error)}\npage log:\n${log.join('\n')}`);
    } finally {
      carol.device.close();
      fake.device.close();
      await ctx.close();
    }
  }, 300_000);

  it('the invitee’s page shows the numbers once the yes arrives and sends nothing until "The numbers match"', async () => {
    const ctx = await web.context({ geolocation: HERE });
    const bob = await ctx.newPage();
    const log = pageLog(bob);
    const dave = await newDevice(web.url, 'Dave');
    const erin = await newDevice(web.url, 'Erin');
    try {
      // Bob opens Dave's link and asks, sharing his location.
      const { link } = await dave.device.invite();
      await bob.goto(link);
      await onboard(bob, 'Bob');
      await askToBond(bob, 'Dave', { location: 'exact' });
      await bob.getByRole('heading', { name: 'Waiting for Dave' }).waitFor();
      const [request] = await until('Dave’s request', async () => {
        const r = await dave.device.requests();
        return r.length > 0 ? r : undefined;
      });
      // The safety number on Bob's waiting screen is the one on Dave's request.
      expect(((await bob.getByTestId('safety-number').textContent()) ?? '').trim()).toBe(request?.safetyNumber);

      // A checked bond beside it, made from Bob's side: Erin counts his ticks.
      const erinLink = await makeInvite(bob);
      await erin.device.acceptInvite(erinLink, {});
      await acceptRequest(bob, 'Erin', { location: 'exact' }, 'match');
      await bob.getByRole('heading', { name: 'Bond with Erin' }).waitFor();
      await erin.device.sync();
      await waitBondStatus(bob, 'active', 60_000);
      let erinGot = 0;
      erin.device.on((e) => {
        if (e.type === 'location' && e.message.level === 'exact') erinGot++;
      });

      // Dave's yes: Bob's page shows the numbers on the new bond and holds it.
      await dave.device.confirm('Bob', {}, 'match');
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await bob.locator('.partner-chips [data-partner="Dave"]').waitFor({ timeout: 60_000 });
      await openPartner(bob, 'Dave');
      await waitBondStatus(bob, 'active', 60_000);
      expect(await sasOn(bob)).toBe(request?.sas);
      await bob.locator('.verification[data-verification="unchecked"]').waitFor();
      await dave.device.sync();
      const bondId = dave.device.bonds()[0]?.bondId as string;

      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      await bob.getByRole('button', { name: 'Use my location' }).click();
      const before = erinGot;
      await until(
        'four of Bob’s ticks at Erin’s',
        async () => {
          await erin.device.pull();
          return erinGot >= before + 4 ? true : undefined;
        },
        60_000,
      ).catch((e) => {
        throw new Error(
          `${String(e)} erin events: ${JSON.stringify(erin.events.map((x) => [x.type, 'message' in x ? (x.message as { level?: string }).level : '']))} bonds: ${JSON.stringify(erin.device.bonds().map((b) => [b.status, b.verification]))}`,
        );
      });
      const bobDevice = stateOf(dave.store).bonds[bondId]?.peer.devices[0]?.deviceId;
      expect(await heldFrom(web.url, stateOf(dave.store), bondId, bobDevice as string)).toEqual({ envelopes: 0, keys: 0 });

      // The numbers match: Bob's location reaches Dave.
      await openPartner(bob, 'Dave');
      await confirmNumbers(bob);
      await dave.device.connect();
      await until(
        'Dave to get Bob’s location',
        async () => (dave.device.viewOf('Bob').location?.level === 'exact' ? true : undefined),
        30_000,
      );
    } catch (error) {
      await bob.screenshot({ path: '/tmp/consent-invitee-failure.png' }).catch(() => undefined);
      await bob
        .locator('.partner-chips')
        .getByRole('button', { name: /Erin/ })
        .click()
        .catch(() => undefined);
      await bob.screenshot({ path: '/tmp/consent-invitee-erin.png', fullPage: true }).catch(() => undefined);
      throw new Error(`${String(error)}\npage log:\n${log.join('\n')}`);
    } finally {
      dave.device.close();
      erin.device.close();
      await ctx.close();
    }
  }, 300_000);
});
