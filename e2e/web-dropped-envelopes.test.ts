// Issue 10, the web side of e2e/dropped-envelopes.test.ts: a relay re-serves an envelope the page already
// read (at or below its read position) and garbage; the bond screen lists both under "envelopes from the relay not
// shown", by reason — they are counted and said, not dropped in silence and not shown as positions: with
// Alice's trail exact, Bob's page keeps her one genuine position, and neither the replay nor the garbage adds one.
import { decodeEnvelope } from '@entwine/core';
import type { TestHooks } from '@entwine/server';
import { describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { newDevice } from './support/devices.ts';
import { askToBond, onboard, openPartner, until, waitBondStatus } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const hooks: TestHooks = {};
const web = webSuite({ tag: 'web-dropped', testHooks: hooks });

describe('web app: envelopes the relay hands over that are not shown', () => {
  it('lists a replay below the read position and garbage on the bond screen', async () => {
    const alice = await newDevice(web.url, 'Alice');
    const context = await web.context();
    const bob = await context.newPage();
    const log = pageLog(bob);
    try {
      const { link } = await alice.device.invite();
      await bob.goto(link);
      await onboard(bob, 'Bob');
      await askToBond(bob, 'Alice');
      await bob.getByRole('heading', { name: 'Waiting for Alice' }).waitFor();
      // The numbers match (a bond is held at nothing until its person says so), and trail exact: Bob's page then
      // keeps her earlier positions, where a replay or garbage taken for a position would show.
      await alice.device.confirm('Bob', { location: 'exact', trail: 'exact' }, 'match');
      await waitBondStatus(bob, 'active');
      await until('Alice to see the bond active', async () => {
        await alice.device.sync();
        return alice.device.bonds()[0]?.status === 'active' ? true : undefined;
      });
      const bondId = (alice.device.bonds()[0] as { bondId: string }).bondId;

      // A genuine position reaches Bob's page live. The relay deletes what Bob's page read, so the test keeps a
      // copy of Alice's envelope as it is delivered.
      const aliceDevice = JSON.parse(alice.store.value as string).device.deviceId as string;
      let copy: Uint8Array | undefined;
      hooks.onDeliver = (envelope) => {
        const env = decodeEnvelope(envelope);
        if (env.bondId === bondId && env.senderDevice === aliceDevice) copy ??= envelope;
        return envelope;
      };
      await alice.device.recordFix({ lat: 47.3769, lon: 8.5417, acc: 6 });
      await alice.device.publishTick();
      await alice.device.drainOutbox();
      await openPartner(bob, 'Alice');
      await bob.locator('[data-testid="view-of"][data-location-state="live"]').waitFor({ timeout: 30_000 });
      const trail = bob.locator('[data-testid="keeps-of"] ol.trail li');
      await trail.first().waitFor();
      expect(await trail.count()).toBe(1);
      const old = await until('a copy of the tick', async () => copy);
      hooks.onDeliver = undefined;

      // Bob's page reloads and catches up: the relay serves the old envelope again at his read position (at or
      // below it: already read here), and garbage, once.
      let played = false;
      hooks.onBacklogPage = (id, after, page) => {
        if (id !== bondId || played || after === 0n) return page;
        played = true;
        return [
          { cursor: after, envelope: old },
          { cursor: after, envelope: new Uint8Array(200).fill(0xee) },
        ];
      };
      await bob.reload();
      await until('the relay to play its trick', async () => (played ? true : undefined), 20_000);
      await openPartner(bob, 'Alice');
      const notShown = bob.getByTestId('not-shown');
      await notShown.waitFor();
      await notShown.locator('summary').click();
      const replay = notShown.locator('li[data-reason="replay-below-cursor"]');
      const garbage = notShown.locator('li[data-reason="malformed"]');
      expect(await replay.getAttribute('data-count')).toBe('1');
      expect(await garbage.getAttribute('data-count')).toBe('1');
      expect(await replay.textContent()).toContain('already read here, handed over again');
      expect(await garbage.textContent()).toContain('could not be read as an Entwine message');
      // The garbage is also the forged-or-damaged alert; neither is a position: her trail on Bob's page is still
      // the one genuine position, and the activity list carries none.
      await bob.locator('.forged-alert').first().waitFor();
      await trail.first().waitFor();
      expect(await trail.evaluateAll((els) => els.map((e) => [e.getAttribute('data-lat'), e.getAttribute('data-lon')]))).toEqual([
        ['47.3769', '8.5417'],
      ]);
      expect(await bob.locator('ol.activity li[data-kind="position"]').count()).toBe(0);
    } catch (error) {
      throw new Error(`${String(error)}\npage log:\n${log.join('\n')}`);
    } finally {
      hooks.onBacklogPage = undefined;
      hooks.onDeliver = undefined;
      await context.close();
      alice.device.close();
    }
  }, 120_000);
});
