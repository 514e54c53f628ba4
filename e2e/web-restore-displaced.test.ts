// Issue 10, acceptance 11: a restore never strands a device silently. Alice (first browser) shares with Carol
// (second browser); Alice restores her phrase in a third browser. The restore screen says what will happen to
// the other device before she confirms. Within one reconnect the first browser says that the identity moved to
// another device, its sharing bar goes off, and it stops signing in again; Carol's page shows that Alice's device
// changed (with the same safety number), and what Carol sends next is sealed to Alice's new device, not the old.
// Screenshots: restore-consequence, restore-displaced-old, restore-device-changed-carol.
import { join } from 'node:path';
import { identityFromPhrase, keyDistSchema, nobleEd25519, peekBlob, ROUTES, type SignedBlob } from '@entwine/core';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import { openPartner, screenshot, until } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const web = webSuite({ tag: 'web-restore-displaced' });

/** Reads the relay's own tables (read-only, a fresh handle each time): devices, removed devices, key distributions. */
function readRelay<T>(read: (db: Database.Database) => T): T {
  const db = new Database(join(web.relay.dataDir, 'entwine.db'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const column = (rows: unknown[], name: string) => rows.map((r) => (r as Record<string, string>)[name] as string);

const tables = {
  devicesOf: (userId: string) =>
    readRelay((db) => column(db.prepare('SELECT device_id FROM devices WHERE user_id = ?').all(userId), 'device_id')),
  removedOf: (userId: string) =>
    readRelay((db) => column(db.prepare('SELECT device_id FROM removed_devices WHERE user_id = ?').all(userId), 'device_id')),
  senders: () => readRelay((db) => column(db.prepare('SELECT DISTINCT sender_device FROM key_dists').all(), 'sender_device')),
  /** Every key distribution a device sent: when it was made and the devices it was sealed to. */
  keyDistsFrom: (deviceId: string) =>
    readRelay((db) =>
      column(db.prepare('SELECT blob FROM key_dists WHERE sender_device = ?').all(deviceId), 'blob')
        .map((blob) => peekBlob(JSON.parse(blob) as SignedBlob, keyDistSchema))
        .flatMap((d) => (d ? [{ createdAt: d.createdAt, to: d.sealed.map((s) => s.device) }] : [])),
    ),
};

const CHALLENGE_PATH = ROUTES.challenge;

/** Counts the sign-in challenges a page asks for (a displaced device that loops keeps asking). */
function countChallenges(page: Page): () => number {
  let n = 0;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === CHALLENGE_PATH) n++;
  });
  return () => n;
}

describe('web app: a restore elsewhere never strands the old device silently', () => {
  it('tells the old web.browser its identity moved, turns its bar off, and shows Carol the device change', async () => {
    const oldCtx = await web.context({ geolocation: { latitude: 47.37692, longitude: 8.54173, accuracy: 20 } });
    const carolCtx = await web.context();
    const newCtx = await web.context();
    const old = await oldCtx.newPage();
    const carol = await carolCtx.newPage();
    const fresh = await newCtx.newPage();
    const logs = { old: pageLog(old), carol: pageLog(carol), fresh: pageLog(fresh) };
    const challenges = countChallenges(old);
    try {
      const { aliceWords } = await bondPagesQuickly(old, carol, {
        url: web.url,
        bobName: 'Carol',
        aliceShares: { location: 'exact', presence: true, glances: true },
        bobShares: { glances: true },
      });
      const aliceId = identityFromPhrase(nobleEd25519, aliceWords.join(' ')).userId;
      await old.locator('.indicator[data-sharing="on"]', { hasText: 'Sharing with Carol' }).waitFor();
      await openPartner(carol, 'Alice');
      const safetyBefore = await carol.getByTestId('safety-number').textContent();
      const [oldDevice] = tables.devicesOf(aliceId);
      expect(oldDevice).toBeDefined();

      // The restore screen says what happens to the other device before anything happens.
      await fresh.goto(web.url);
      await fresh.getByRole('button', { name: 'Restore from a recovery phrase' }).click();
      const consequence = fresh.getByTestId('restore-consequence');
      expect(await consequence.textContent()).toMatch(
        /that device is signed out at once, stops sharing, and says that your identity moved\. Your partners see that your device changed \(the safety number stays the same\)/,
      );
      await fresh.getByLabel('Recovery phrase (12 words)').fill(aliceWords.join(' '));
      await fresh.getByLabel('Your name').fill('Alice');
      await screenshot(fresh, 'restore-consequence');
      await fresh.getByRole('button', { name: 'Restore' }).click();
      await fresh.locator('.topbar').waitFor();
      const [newDevice] = await until('the new device on the relay', async () => {
        const ids = tables.devicesOf(aliceId);
        return ids.length === 1 && ids[0] !== oldDevice ? ids : undefined;
      });
      expect(tables.removedOf(aliceId)).toEqual([oldDevice]);

      // The old browser: within one reconnect it says the identity moved, and its bar stops claiming to share.
      const banner = old.getByTestId('displaced');
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.textContent()).toContain('This identity moved to another device.');
      await old.locator('.indicator[data-sharing="off"]', { hasText: 'Sharing nothing' }).waitFor();
      expect(await old.locator('.connection .text').textContent()).toBe('Moved to another device');
      const challengesWhenDisplaced = challenges();
      await screenshot(old, 'restore-displaced-old');

      // Carol's page: a notice and a lasting line that Alice's device changed; the safety number is the same.
      await carol.locator('.notice[data-kind="peer-devices-changed"]').waitFor();
      const changed = carol.getByTestId('peer-device-changed');
      await changed.waitFor();
      expect(await changed.textContent()).toMatch(/^Alice’s device changed at .*: they restored their identity on another device/);
      expect(await carol.getByTestId('safety-number').textContent()).toBe(safetyBefore);
      await changed.scrollIntoViewIfNeeded();
      await screenshot(carol, 'restore-device-changed-carol');

      // Carol re-keys: from the change on, her epoch key is sealed to Alice's new device and no longer to the old
      // one (her page publishes on every tick, so the new epoch starts at once; a glance goes out under it).
      const changedAt = Number(await changed.getAttribute('data-at'));
      const carolDevice = tables.senders().find((d) => d !== oldDevice);
      expect(carolDevice).toBeDefined();
      await carol.getByRole('button', { name: 'Send heartbeat to Alice' }).click();
      const newest = await until('a key distribution from Carol made after the change', async () =>
        tables.keyDistsFrom(carolDevice as string).find((d) => d.createdAt >= changedAt),
      );
      expect(newest.to).toContain(newDevice);
      expect(newest.to).not.toContain(oldDevice);
      // Before the change, her key went to the old device.
      expect(tables.keyDistsFrom(carolDevice as string).some((d) => d.createdAt < changedAt && d.to.includes(oldDevice as string))).toBe(
        true,
      );

      // Still displaced, and it did not go back to signing in while all that happened.
      expect(await old.getByTestId('displaced').count()).toBe(1);
      expect(challenges()).toBe(challengesWhenDisplaced);
      for (const l of Object.values(logs)) expect(l.filter((x) => x.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      throw new Error(
        `${String(error)}\n--- old ---\n${logs.old.join('\n')}\n--- carol ---\n${logs.carol.join('\n')}\n--- fresh ---\n${logs.fresh.join('\n')}`,
      );
    } finally {
      await oldCtx.close();
      await carolCtx.close();
      await newCtx.close();
    }
  }, 150_000);
});
