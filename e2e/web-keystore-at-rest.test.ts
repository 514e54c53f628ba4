// Acceptance 6 (issue 4), after a web-to-web run with a canary name and canary coordinates:
// - server side: no byte the relay wrote (SQLite database, -wal, log) holds a canary or the invite secret,
//   in any encoding the spine's canary scan knows (issue 3, acceptance 3);
// - browser side: the page's IndexedDB — every record of every database, read in the page, and the profile's
//   IndexedDB files on disk — holds none of the device's secret keys in clear (compared against the keys
//   themselves, which the test learns by opening the device's records with the page's own CryptoKey), and
//   that key is non-extractable. Since issue 12 the device is records (`indexeddb-device-store.ts`): each
//   value sealed, kind and id in clear.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { launchPersistent } from './support/browser.ts';
import { canaryNeedles, filesUnder, type Needle, scanFiles, withEncodings } from './support/canary.ts';
import { tempDir } from './support/cli.ts';
import { makeInvite, waitForPartnerAt } from './support/web-app.ts';
import { dumpIndexedDb, openedBytes, stateOf, storedBytes } from './support/web-dump.ts';
import { webSuite } from './support/web-suite.ts';

// Digits and a name chosen to be unlikely anywhere else.
const LAT = 46.9480917263;
const LON = 7.4474163821;
const NAME = 'Vbqxzrtmwpl';

const web = webSuite({ tag: 'web-at-rest' });
let profile: string;
let aliceCtx: BrowserContext;
let alice: Page;
let secret = '';
let whileRunning: Awaited<ReturnType<typeof scanFiles>>;

beforeAll(async () => {
  profile = await tempDir('alice-profile');
  aliceCtx = await launchPersistent(profile, { geolocation: { latitude: LAT, longitude: LON, accuracy: 7 } });
  await aliceCtx.grantPermissions(['geolocation'], { origin: web.url });
  alice = aliceCtx.pages()[0] ?? (await aliceCtx.newPage());
  const bobCtx = await web.context();
  const bob = await bobCtx.newPage();
  await bondPagesQuickly(alice, bob, { url: web.url, aliceName: NAME, aliceShares: { location: 'exact' }, bobShares: {} });
  await alice.getByRole('button', { name: 'Map', exact: true }).click();
  await alice.getByRole('button', { name: 'Use my location' }).click();
  await bob.getByRole('button', { name: 'Map', exact: true }).click();
  // Bob really received the canary: the run carried it end to end.
  await waitForPartnerAt(bob, NAME, LAT, LON);
  // A second, unanswered invite leaves its secret in Alice's state and its sealed blob on the relay.
  secret = new URL(await makeInvite(alice)).hash.slice(1);
  await bobCtx.close();
  whileRunning = await scanFiles([...(await filesUnder(web.relay.dataDir)), web.relay.logFile], canaryNeedles([LAT, LON], [NAME, secret]));
}, 120_000);

afterAll(async () => {
  await aliceCtx?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

function hits(haystack: Buffer, needles: Needle[]): string[] {
  return needles.filter((n) => haystack.includes(n.bytes)).map((n) => n.label);
}

describe('at rest after a web-to-web run', () => {
  it('leaves no canary coordinate, name or invite secret in anything the relay wrote', async () => {
    expect(whileRunning.bytesScanned).toBeGreaterThan(4096);
    expect(whileRunning.hits).toEqual([]);
    await web.relay.stop();
    const files = [...(await filesUnder(web.relay.dataDir)), web.relay.logFile];
    expect(files.some((f) => f.endsWith('entwine.db'))).toBe(true);
    const after = await scanFiles(files, canaryNeedles([LAT, LON], [NAME, secret]));
    expect(after.hits).toEqual([]);
  });

  it('keeps no raw secret key in the page’s IndexedDB, in the page or on disk', async () => {
    const dump = await dumpIndexedDb(alice);
    expect(dump.wrappingKey).toEqual({ type: 'secret', extractable: false, algorithm: 'AES-GCM', length: 256, exportRefused: true });
    // The vault holds the CryptoKey and the write counter; the device is records, each value one sealed
    // byte string (iv ‖ ciphertext); the old one-document state is gone.
    expect(dump.records.filter((r) => r.store === 'vault').map((r) => r.key)).toEqual(['records-version', 'wrapping-key']);
    expect(dump.plaintext).toBeUndefined();
    const records = dump.records.filter((r) => r.store === 'records');
    expect(records.length).toBeGreaterThan(5);
    expect(
      records.every((r) => r.parts.length === 1 && r.parts[0]?.kind === 'bytes'),
      JSON.stringify(records.map((r) => r.key)),
    ).toBe(true);
    expect(dump.opened.length).toBe(records.length);

    // The test's known keys: the secrets in the opened records.
    const state = await stateOf(dump);
    const secrets: Record<string, string> = {
      'identity seed': state.identity.seed,
      'device signing seed': state.device.signSeed,
      'device X25519 key': state.device.dhPriv,
    };
    for (const [id, inv] of Object.entries(state.invites)) {
      secrets[`invite ${id} secret`] = inv.secret;
      secrets[`invite ${id} ephemeral key`] = inv.ePriv;
    }
    expect(Object.values(secrets).every((s) => typeof s === 'string' && s.length >= 43)).toBe(true);
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(5);
    const needles = Object.entries(secrets).flatMap(([label, b64url]) => withEncodings(label, Buffer.from(b64url, 'base64url')));
    // The scan can see them: every secret is found in the opened records (as base64url)...
    const inPlaintext = hits(openedBytes(dump), needles);
    for (const label of Object.keys(secrets)) expect(inPlaintext).toContain(`${label} base64`);

    // ...and in none of what IndexedDB or localStorage holds, read in the page.
    const stored = storedBytes(dump);
    expect(hits(stored, needles)).toEqual([]);
    expect(stored.includes(Buffer.from(NAME))).toBe(false);

    // ...nor in the profile's IndexedDB files on disk (after the browser wrote and closed them).
    await aliceCtx.close();
    const idbFiles = (await filesUnder(join(profile, 'Default'))).filter((f) => f.includes('IndexedDB'));
    expect(idbFiles.length).toBeGreaterThan(0);
    const onDisk = await scanFiles(idbFiles, [
      ...needles,
      { label: 'canary name', bytes: Buffer.from(NAME) },
      { label: 'canary name utf16le', bytes: Buffer.from(NAME, 'utf16le') },
    ]);
    expect(onDisk.hits).toEqual([]);
    // The files are readable to the scan: the record names are there in clear (keys are UTF-16).
    const control = await scanFiles(idbFiles, [
      { label: 'utf16be', bytes: Buffer.from('wrapping-key', 'utf16le').swap16() },
      { label: 'utf16le', bytes: Buffer.from('wrapping-key', 'utf16le') },
      { label: 'utf8', bytes: Buffer.from('wrapping-key') },
    ]);
    expect(control.hits.length).toBeGreaterThan(0);
  });
});
