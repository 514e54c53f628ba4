// Issue 10, point 12 / acceptance 12: Chromium keeps a non-extractable key's raw bytes in the profile. A key
// imported from known bytes with `extractable: false` and stored in IndexedDB (as the web key store stores
// its wrapping key) is found verbatim among the files of the profile folder once the browser has closed:
// `extractable: false` stops page script from exporting it, not a copy of the profile from carrying it.
// This test keeps that fact from silently turning back into a claim (indexeddb-key-store.ts, README).
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPersistent } from './support/browser.ts';
import { filesUnder } from './support/canary.ts';
import { tempDir } from './support/cli.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

let relay: WebRelay;
let profile: string;

beforeAll(async () => {
  relay = await startWebRelay({ tag: 'profile-key' });
  profile = await tempDir('key-bytes-profile');
});
afterAll(async () => {
  await relay?.remove();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('a non-extractable CryptoKey in IndexedDB', () => {
  it('has its raw bytes in the profile folder on disk', async () => {
    const key = randomBytes(32);
    const context = await launchPersistent(profile);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${relay.url}/healthz`); // an origin of our own: IndexedDB needs one
      // Page code as text: the tests compile without the DOM library.
      const stored = await page.evaluate(`(async () => {
        const raw = new Uint8Array('${key.toString('hex')}'.match(/../g).map((h) => parseInt(h, 16)));
        const k = await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
        const exportRefused = await crypto.subtle.exportKey('raw', k).then(() => false, () => true);
        const db = await new Promise((resolve, reject) => {
          const r = indexedDB.open('key-bytes-probe', 1);
          r.onupgradeneeded = () => r.result.createObjectStore('keys');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        await new Promise((resolve, reject) => {
          const tx = db.transaction('keys', 'readwrite', { durability: 'strict' });
          tx.objectStore('keys').put(k, 'probe');
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
        return { extractable: k.extractable, exportRefused };
      })()`);
      expect(stored).toEqual({ extractable: false, exportRefused: true });
    } finally {
      await context.close();
    }

    const found: string[] = [];
    for (const file of await filesUnder(profile)) {
      const bytes = await readFile(file).catch(() => undefined);
      if (bytes?.includes(key)) found.push(relative(profile, file));
    }
    // Found, and in the origin's IndexedDB files.
    expect(found.length, 'the key bytes were not found in the profile').toBeGreaterThan(0);
    expect(
      found.some((f) => f.includes('IndexedDB')),
      found.join(', '),
    ).toBe(true);
  }, 60_000);
});
