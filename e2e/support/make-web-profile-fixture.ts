/**
 * Makes `e2e/fixtures/web-profile-v1/`: a Chromium profile left by the web app as it was before the record
 * store (one sealed `device-state` blob in IndexedDB), and the relay data it was made against, so the
 * migration test (`e2e/web-profile-migration.test.ts`) can open a browser "made by the old version".
 *
 *   node --import tsx e2e/support/make-web-profile-fixture.ts
 *
 * Run it only from a commit of the old version (see the fixture's README); from a newer commit it would save
 * a profile of the new layout and the migration test would prove nothing. Alice's profile is the one kept:
 * her identity, her bond with Bob (both numbers checked), one shield she set (her location for Bob at
 * street level) and thoughts both ways. IndexedDB is per origin, so the relay listens on a fixed port that
 * the test reuses. Caches, the service worker and everything else Chromium writes are left out.
 */
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { launchBrowser, launchPersistent, phoneContext } from './browser.ts';
import { ensureWebBuild } from './build-web.ts';
import { REPO, tempDir } from './cli.ts';
import { bondPages, openPartner, setShield, waitForPartnerAt } from './web-app.ts';
import { WEB_PROFILE_V1 } from './web-profile-v1.ts';
import { startWebRelay } from './web-relay.ts';

const OUT = join(REPO, 'e2e/fixtures/web-profile-v1');

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  return total;
}

async function main(): Promise<void> {
  ensureWebBuild('e2e');
  const f = WEB_PROFILE_V1;
  const work = await tempDir('web-profile-v1');
  const profile = join(work, 'profile');
  const relay = await startWebRelay({ tag: 'web-profile-v1', port: f.port });
  const browser = await launchBrowser();
  try {
    const aliceCtx = await launchPersistent(profile, { geolocation: f.position });
    await aliceCtx.grantPermissions(['geolocation'], { origin: relay.url });
    const alice = aliceCtx.pages()[0] ?? (await aliceCtx.newPage());
    const bobCtx = await phoneContext(browser, relay.url);
    const bob = await bobCtx.newPage();
    await bondPages(alice, bob, {
      url: relay.url,
      aliceName: f.alice,
      bobName: f.bob,
      aliceShares: { location: 'exact', presence: true, thoughts: true },
      bobShares: { presence: true, thoughts: true },
    });
    await alice.getByRole('button', { name: 'Map', exact: true }).click();
    await alice.getByRole('button', { name: 'Use my location' }).click();
    await bob.getByRole('button', { name: 'Map', exact: true }).click();
    await waitForPartnerAt(bob, f.alice, f.position.latitude, f.position.longitude);

    await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
    await setShield(alice, f.bob, 'location', f.shield.level);

    await openPartner(alice, f.bob);
    await openPartner(bob, f.alice);
    for (const [i, text] of f.thoughts.entries()) {
      const [from, to] = i % 2 === 0 ? [alice, bob] : [bob, alice];
      const [fromName, toName] = i % 2 === 0 ? [f.alice, f.bob] : [f.bob, f.alice];
      await from.getByLabel(`Thought for ${toName}`).or(from.getByTestId('open-thoughts')).first().waitFor();
      if (!(await from.getByLabel(`Thought for ${toName}`).isVisible())) await from.getByTestId('open-thoughts').click();
      await from.getByLabel(`Thought for ${toName}`).fill(text);
      await from.getByRole('button', { name: 'Send' }).click();
      if (!(await to.getByLabel(`Thought for ${fromName}`).isVisible())) await to.getByTestId('open-thoughts').click();
      await to.locator('.thought[data-from="peer"]', { hasText: text }).waitFor();
      await from.locator('.thought[data-from="me"][data-mark="read"]', { hasText: text }).waitFor();
    }
    await bobCtx.close();
    // Alice's page saves after every change; reloading shows what her store holds, then she closes.
    await alice.reload();
    await openPartner(alice, f.bob);
    await alice.getByTestId('open-thoughts').click();
    for (const text of f.thoughts) await alice.locator('.thought', { hasText: text }).waitFor();
    await aliceCtx.close();
  } finally {
    await browser.close();
    await relay.stop();
  }

  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  // What the app left: IndexedDB and localStorage of its origin. Nothing else of the profile is needed.
  const keep: string[] = [];
  for (const entry of await readdir(join(profile, 'Default'), { recursive: true, withFileTypes: true })) {
    const path = relative(profile, join(entry.parentPath, entry.name));
    if (entry.isFile() && /(^|\/)(IndexedDB|Local Storage)\//.test(path)) keep.push(path);
  }
  for (const path of keep) await cp(join(profile, path), join(OUT, 'profile', path));
  const relayFiles = (await readdir(relay.dataDir)).filter((n) => n.startsWith('entwine.db'));
  for (const name of relayFiles) await cp(join(relay.dataDir, name), join(OUT, 'relay', name));
  await writeFile(join(OUT, 'files.txt'), `${[...keep.sort(), ...relayFiles.map((n) => `relay/${n}`)].join('\n')}\n`);
  console.log(`saved ${keep.length + relayFiles.length} files, ${await sizeOf(OUT)} bytes, in ${relative(REPO, OUT)}`);
  await rm(work, { recursive: true, force: true });
  await relay.remove();
}

await main();
