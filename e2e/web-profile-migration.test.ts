// Issue 12, acceptance 2 (browser half): a Chromium profile made by the web app before the record store
// (`e2e/fixtures/web-profile-v1/`: one sealed device-state blob) opens in today's app and keeps what it held —
// Alice's name, her bond with Bob (numbers checked), the shield she set on her location for him, and the
// thoughts both ways — and again after a reload. Underneath, the old blob became records: IndexedDB holds the
// device as sealed records (identity, bond, shield, the four thoughts) and no `device-state` any more. The relay it was made against serves the app (its data saved
// beside the profile, on the same port: IndexedDB belongs to the origin). Profile and relay data are copied to
// a fresh temp folder: the fixture itself is never written.
import { existsSync } from 'node:fs';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPersistent, pageLog } from './support/browser.ts';
import { REPO, tempDir } from './support/cli.ts';
import { openPartner } from './support/web-app.ts';
import { dumpIndexedDb, stateOf } from './support/web-dump.ts';
import { WEB_PROFILE_V1 as F } from './support/web-profile-v1.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

const FIXTURE = join(REPO, 'e2e/fixtures/web-profile-v1');

/**
 * Every file the fixture was saved with (`files.txt`) is in the tree. Without LevelDB's `*.log` (where its
 * records are) Chromium opens an empty profile and the app onboards: a missing file is named here instead.
 */
async function missingFixtureFiles(): Promise<string[]> {
  const listed = (await readFile(join(FIXTURE, 'files.txt'), 'utf8')).split('\n').filter(Boolean);
  const inTree = (f: string) => join(FIXTURE, f.startsWith('relay/') ? f : join('profile', f));
  return listed.filter((f) => !existsSync(inTree(f)));
}

let work: string;
let relay: WebRelay;
let context: BrowserContext;
let page: Page;
let log: string[];

beforeAll(async () => {
  expect(await missingFixtureFiles(), 'fixture files missing (a .gitignore pattern?)').toEqual([]);
  work = await tempDir('web-profile-migration');
  await cp(join(FIXTURE, 'profile'), join(work, 'profile'), { recursive: true });
  await cp(join(FIXTURE, 'relay'), join(work, 'relay'), { recursive: true });
  relay = await startWebRelay({ tag: 'web-profile-migration', port: F.port, dataDir: join(work, 'relay') });
  context = await launchPersistent(join(work, 'profile'), { geolocation: F.position });
  context.setDefaultTimeout(15_000);
  page = context.pages()[0] ?? (await context.newPage());
  log = pageLog(page);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await relay?.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

async function showsEverything(p: Page): Promise<void> {
  await p.locator('.topbar').waitFor();
  await p.getByRole('button', { name: 'Me', exact: true }).click();
  await p.getByRole('heading', { name: F.alice, exact: true }).waitFor();

  await openPartner(p, F.bob);
  await p.locator('.verification[data-verification="match"]').waitFor();

  await p.getByRole('button', { name: 'Sharing', exact: true }).click();
  const row = p.locator(`[data-partner="${F.bob}"] .shield-row[data-facet="${F.shield.facet}"]`);
  expect(await row.getAttribute('data-level')).toBe(F.shield.level);

  await openPartner(p, F.bob);
  await p.getByTestId('open-thoughts').click();
  await p.getByRole('heading', { name: `Thoughts with ${F.bob}` }).waitFor();
  const shown = p.locator('.thought');
  await shown.nth(F.thoughts.length - 1).waitFor();
  const thoughts = await shown.evaluateAll((nodes) => nodes.map((n) => ({ from: n.getAttribute('data-from'), text: n.textContent ?? '' })));
  expect(thoughts.map((t) => t.from)).toEqual(F.thoughts.map((_, i) => (i % 2 === 0 ? 'me' : 'peer')));
  for (const [i, text] of F.thoughts.entries()) expect(thoughts[i]?.text).toContain(text);
}

describe('a browser profile made before the record store', () => {
  it('opens with its identity, bond, shield and thoughts, and again after a reload', async () => {
    try {
      await page.goto(relay.url);
      await showsEverything(page);
      const dump = await dumpIndexedDb(page);
      expect(dump.plaintext, 'the old blob is still there').toBeUndefined();
      expect(dump.records.filter((r) => r.store === 'vault').map((r) => r.key)).toEqual(['records-version', 'wrapping-key']);
      const kinds = dump.opened.map((r) => r.kind);
      for (const kind of ['meta', 'identity', 'bond', 'shield']) expect(kinds).toContain(kind);
      expect(kinds.filter((k) => k === 'thought')).toHaveLength(F.thoughts.length);
      const state = await stateOf(dump);
      expect(state.name).toBe(F.alice);
      const bonds = Object.values(state.bonds);
      expect(bonds.map((b) => [b.peer.name, b.status, b.verification])).toEqual([[F.bob, 'active', 'match']]);
      expect(bonds[0]?.shield.location.level).toBe(F.shield.level);
      expect(bonds[0]?.thoughts?.map((t) => t.text)).toEqual([...F.thoughts]);

      await page.reload();
      await showsEverything(page);
      expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    } catch (error) {
      // What the page showed (onboarding, an error card…) says more than a locator that never appeared.
      const shown = await page
        .locator('#root')
        .textContent({ timeout: 1000 })
        .catch(() => '(unreadable)');
      throw new Error(`${String(error)}\n--- ${page.url()} shows ---\n${(shown ?? '').slice(0, 600)}\n--- page log ---\n${log.join('\n')}`);
    }
  }, 90_000);
});
