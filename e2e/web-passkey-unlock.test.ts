// Issue 10, point 12 / acceptance 12: the optional passkey unlock. With it on, the device state is sealed
// under a key derived (HKDF) from a passkey's WebAuthn PRF output and the profile keeps no wrapping key, so a
// copy of the profile folder opens nothing without the authenticator. Uses Chromium's virtual authenticator
// (CDP WebAuthn, ctap2, internal, resident key, user verification, PRF) on http://localhost (an IP address
// cannot be a WebAuthn RP ID).
// What Chromium's DevTools protocol cannot do: carry a credential's PRF secret to another browser.
// `WebAuthn.getCredentials` exports the id, private key and user handle but not the authenticator's
// hmac-secret, and a credential added back with `WebAuthn.addCredential` answers with no PRF output
// (`getClientExtensionResults().prf` is `{}`). So "the copy with the same authenticator opens" is shown
// on the original profile, whose browser still holds that authenticator (reload → locked → unlock →
// partner back), and the copy given the exported credential stays locked with the app saying why.
import { cp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { launchPersistent, phoneContext } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { onboard } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  hasPrf: true,
  automaticPresenceSimulation: true,
} as const;

interface VirtualCredential {
  credentialId: string;
  rpId?: string;
  privateKey: string;
  isResidentCredential: boolean;
  userHandle?: string;
  signCount: number;
}

const web = webSuite({ tag: 'passkey' });
/** The relay's origin as `localhost`: WebAuthn refuses an IP address as its relying party. */
let url: string;
let dir: string;
const open: BrowserContext[] = [];

beforeAll(async () => {
  url = web.url.replace('127.0.0.1', 'localhost');
  dir = await tempDir('passkey');
});
afterAll(async () => {
  for (const c of open) await c.close().catch(() => undefined);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function withAuthenticator(page: Page, prf = true): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const options = { ...AUTHENTICATOR, hasPrf: prf };
  const { authenticatorId } = (await cdp.send('WebAuthn.addVirtualAuthenticator', { options })) as {
    authenticatorId: string;
  };
  return { cdp, authenticatorId };
}

/** The keys of the app's IndexedDB vault, read in the page (page code as text: no DOM library in the tests). */
async function vaultKeys(page: Page): Promise<string[]> {
  return (await page.evaluate(`new Promise((resolve, reject) => {
    const r = indexedDB.open('entwine');
    r.onsuccess = () => {
      const keys = r.result.transaction('vault').objectStore('vault').getAllKeys();
      keys.onsuccess = () => { resolve(keys.result.map(String).sort()); r.result.close(); };
      keys.onerror = () => reject(keys.error);
    };
    r.onerror = () => reject(r.error);
  })`)) as string[];
}

async function copyProfile(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  // The lock files of the browser that had it open (it is closed): a fresh browser takes the copy.
  for (const f of await readdir(to)) if (f.startsWith('Singleton')) await rm(join(to, f), { force: true });
}

describe('passkey unlock (WebAuthn PRF)', () => {
  it('a copied profile opens nothing without the authenticator; the profile with its authenticator opens', async () => {
    const profile = join(dir, 'alice');
    const alice = await launchPersistent(profile);
    open.push(alice);
    const page = alice.pages()[0] ?? (await alice.newPage());
    await page.goto(url);
    const { cdp, authenticatorId } = await withAuthenticator(page);
    const bobContext = await phoneContext(web.browser, url);
    open.push(bobContext);
    const bob = await bobContext.newPage();
    await bondPagesQuickly(page, bob, { url, aliceShares: {}, bobShares: { feelings: true } });
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.locator('.partner-chips [data-partner="Bob"]').waitFor();

    // Before: the profile holds the stored wrapping key next to the state.
    expect(await vaultKeys(page)).toEqual(['records-version', 'wrapping-key']);
    await page.getByRole('button', { name: 'Me', exact: true }).click();
    await page.getByTestId('passkey-state').filter({ hasText: 'Off:' }).waitFor();
    await page.getByRole('button', { name: 'Lock Entwine with a passkey' }).click();
    await page.getByTestId('passkey-state').filter({ hasText: 'On:' }).waitFor();
    // After: no key in the profile, only which passkey to ask and the PRF input.
    expect(await vaultKeys(page)).toEqual(['passkey-unlock', 'records-version']);

    // The same profile, with its authenticator: locked at start, opens with the passkey.
    await page.reload();
    await page.getByTestId('passkey-locked').waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Bob');
    await page.getByRole('button', { name: 'Unlock with your passkey' }).click();
    await page.getByRole('button', { name: 'Map', exact: true }).click();
    await page.locator('.partner-chips [data-partner="Bob"]').waitFor();

    const { credentials } = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })) as { credentials: VirtualCredential[] };
    expect(credentials).toHaveLength(1);
    await alice.close();

    // A copy of the profile folder, opened in another browser with no authenticator: locked, nothing shown.
    const copy = join(dir, 'copy');
    await copyProfile(profile, copy);
    const thief = await launchPersistent(copy);
    open.push(thief);
    const stolen = thief.pages()[0] ?? (await thief.newPage());
    await stolen.goto(url);
    await stolen.getByTestId('passkey-locked').waitFor();
    expect(await stolen.locator('body').textContent()).not.toContain('Bob');
    expect(await stolen.locator('.partner-chips').count()).toBe(0);
    expect(await vaultKeys(stolen)).toEqual(['passkey-unlock', 'records-version']);

    // The same credential added to a virtual authenticator in the copy: the assertion works, but the DevTools
    // protocol cannot carry the authenticator's PRF secret, so no key comes out, and the copy stays locked.
    const second = await withAuthenticator(stolen);
    await second.cdp.send('WebAuthn.addCredential', {
      authenticatorId: second.authenticatorId,
      credential: credentials[0] as VirtualCredential,
    });
    await stolen.getByRole('button', { name: 'Unlock with your passkey' }).click();
    await stolen.getByRole('alert').filter({ hasText: 'This passkey gives Entwine no key' }).waitFor();
    await stolen.getByTestId('passkey-locked').waitFor();
    expect(await stolen.locator('body').textContent()).not.toContain('Bob');
  }, 180_000);

  it('turning it off stores a wrapping key again and the app opens without a passkey', async () => {
    const profile = join(dir, 'carol');
    const carol = await launchPersistent(profile);
    open.push(carol);
    const page = carol.pages()[0] ?? (await carol.newPage());
    await page.goto(url);
    await withAuthenticator(page);
    await page.getByRole('button', { name: 'Create a new identity' }).waitFor();
    await onboard(page, 'Carol');
    await page.getByRole('button', { name: 'Me', exact: true }).click();
    await page.getByRole('button', { name: 'Lock Entwine with a passkey' }).click();
    await page.getByTestId('passkey-state').filter({ hasText: 'On:' }).waitFor();
    await page.getByRole('button', { name: 'Stop asking for a passkey' }).click();
    await page.getByTestId('passkey-state').filter({ hasText: 'Off:' }).waitFor();
    expect(await vaultKeys(page)).toEqual(['records-version', 'wrapping-key']);
    await page.reload();
    await page.locator('.topbar').waitFor();
    expect(await page.getByTestId('passkey-locked').count()).toBe(0);
  }, 120_000);

  it('with a passkey that has no PRF, nothing changes and the app says so', async () => {
    const context = await phoneContext(web.browser, url);
    open.push(context);
    const page = await context.newPage();
    await page.goto(url);
    await withAuthenticator(page, false);
    await onboard(page, 'Dana');
    await page.getByRole('button', { name: 'Me', exact: true }).click();
    await page.getByRole('button', { name: 'Lock Entwine with a passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'This passkey gives Entwine no key' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('protected by this browser profile only');
    expect(await page.getByTestId('passkey-control').getAttribute('data-on')).toBe('false');
    expect(await vaultKeys(page)).toEqual(['records-version', 'wrapping-key']);
  }, 120_000);
});
