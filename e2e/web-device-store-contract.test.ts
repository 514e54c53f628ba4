// Issue 12, acceptance 2: the one DeviceStore contract (`packages/client/src/store/device-store-contract.ts`)
// passes on the web app's IndexedDB adapter in real Chromium. A page built here with Vite
// (`e2e/support/page/device-store-contract/`) registers the contract unchanged — `vitest` aliased to a
// collector with Vitest's own `expect` — and each case runs in the page as one test of this file, so each
// passes or fails on its own, with the page's message. The page adds the adapter's own rules (W1…: sealed at
// rest, the switch to a passkey and back, the migration of the old blob) in `web-only-cases.ts`.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { pageLog } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { sharedBrowser } from './support/shared-browser.ts';
import { type StaticOrigin, startStaticOrigin } from './support/static-origin.ts';
import { until } from './support/web-app.ts';

const PAGE = join(import.meta.dirname, 'support/page/device-store-contract');

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

async function buildPage(): Promise<string> {
  const outDir = await tempDir('device-store-contract-page');
  await build({
    configFile: false,
    root: PAGE,
    logLevel: 'warn',
    resolve: { alias: { vitest: join(PAGE, 'vitest-in-page.ts') } },
    build: { outDir, emptyOutDir: true, minify: false, target: 'es2023' },
  });
  return outDir;
}

// Built and opened while the file is collected: the cases' names come from the page. (So not `webSuite()`,
// whose browser and relay start in a `beforeAll`, after collection; the page needs no relay either.)
const outDir = await buildPage();
const origin: StaticOrigin = await startStaticOrigin(outDir);
const browser: Browser = await sharedBrowser();
const page: Page = await browser.newPage();
const log = pageLog(page);
await page.goto(`${origin.url}/index.html`);
await until('the contract page to load', async () => ((await page.evaluate("'__contract' in globalThis")) ? true : undefined));
const names = (await page.evaluate('globalThis.__contract.names()')) as string[];

afterAll(async () => {
  await browser.close();
  await origin.close();
  await rm(outDir, { recursive: true, force: true });
});

describe('the DeviceStore contract on IndexedDB, in Chromium', () => {
  it('registers every case of the contract (D1…) and of the adapter (W1…)', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(
      names.every((n) => / > [DW]\d+ /.test(n)),
      names.join('\n'),
    ).toBe(true);
  });

  for (const name of names) {
    it(name.replace(/^.* > /, ''), async () => {
      const result = (await page.evaluate(`globalThis.__contract.run(${JSON.stringify(name)})`)) as CaseResult;
      expect(result.error ?? '', `${result.error ?? ''}\n--- page ---\n${log.join('\n')}`).toBe('');
      expect(result.ok).toBe(true);
    });
  }
});
