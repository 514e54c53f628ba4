// Issue 10, point 11 / acceptance 8: the web app served from a static origin of its own (another loopback
// port, standing for a static host the relay's operator does not control), talking to a relay that serves
// only the API (`/v1`, no web root) and allows that origin by CORS (`entwine start --no-web --web-origin`).
// Two people bond and share through it; every page and script comes from the static origin, the relay
// is asked only for `/v1/…`; the static host's CSP names the relay in `connect-src`; a relay that does not
// list the app's origin is refused by the browser (the control).
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageLog, phoneContext } from './support/browser.ts';
import { tempDir } from './support/cli.ts';
import { startRelayProcess } from './support/relay-process.ts';
import { buildRelease } from './support/release-build.ts';
import { sharedBrowser } from './support/shared-browser.ts';
import { type StaticOrigin, startStaticOrigin } from './support/static-origin.ts';
import { bondPages, until, waitForPartnerAt } from './support/web-app.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

const LAT = 47.3769;
const LON = 8.5417;

let dir: string;
let site: StaticOrigin;
let relay: WebRelay;
let unlisted: WebRelay;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every request the pages made to a relay: [origin, path]. */
const toRelay: string[] = [];

beforeAll(async () => {
  dir = await tempDir('separate-origin');
  site = await startStaticOrigin(join(dir, 'site'));
  relay = await startWebRelay({ tag: 'sep-relay', webRoot: false, webOrigins: [site.url] });
  unlisted = await startWebRelay({ tag: 'sep-unlisted', webRoot: false });
  const ws = relay.url.replace(/^http/, 'ws');
  site.csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // The unlisted relay is allowed here too, so that the control below is refused by CORS alone.
    `connect-src 'self' ${relay.url} ${ws} ${unlisted.url}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  await buildRelease(join(dir, 'site'), { VITE_ENTWINE_RELAY_URL: relay.url });
  browser = await sharedBrowser(); // the run's one Chromium; close() only disconnects
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await relay?.remove();
  await unlisted?.remove();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function page(opts: Parameters<typeof phoneContext>[2] = {}): Promise<Page> {
  const context = await phoneContext(browser, site.url, opts);
  contexts.push(context);
  const p = await context.newPage();
  p.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin !== site.url) toRelay.push(`${u.origin}${u.pathname}`);
  });
  return p;
}

describe('web app on a static origin of its own, relay on /v1 only', () => {
  it('the relay serves no app; the static origin serves it with a CSP naming the relay', async () => {
    const res = await fetch(`${relay.url}/`);
    expect(res.status).toBe(404);
    const index = await fetch(`${site.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${relay.url}`);
    // CORS: the listed origin gets its preflight answered; another origin gets no CORS headers.
    const preflight = await fetch(`${relay.url}/v1/auth/challenge`, {
      method: 'OPTIONS',
      headers: { origin: site.url, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(site.url);
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const stranger = await fetch(`${relay.url}/healthz`, { headers: { origin: 'http://127.0.0.1:9' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('two people bond and share through it; the pages ask the relay for /v1 only', async () => {
    const alice = await page({ geolocation: { latitude: LAT, longitude: LON, accuracy: 5 } });
    const bob = await page();
    const log = pageLog(alice);
    const { sas } = await bondPages(alice, bob, { url: site.url, aliceShares: { location: 'exact' }, bobShares: {} });
    expect(sas).not.toBe('');
    // The invite link Bob opened was on the app's origin, not the relay's (which serves no page).
    await alice.getByRole('button', { name: 'Map', exact: true }).click();
    await alice.getByRole('button', { name: 'Use my location' }).click();
    await bob.getByRole('button', { name: 'Map', exact: true }).click();
    // The release build publishes on its own tick (15 s): wait past it.
    await waitForPartnerAt(bob, 'Alice', LAT, LON, { timeout: 60_000 });
    expect(log.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);

    expect(toRelay.length).toBeGreaterThan(0);
    for (const r of toRelay)
      expect(r.startsWith(`${relay.url.replace(/^http/, 'ws')}/v1/`) || r.startsWith(`${relay.url}/v1/`), r).toBe(true);
    expect(site.requests).toContain('/');
    expect(site.requests.some((p) => p.startsWith('/i/'))).toBe(true);
    expect(site.requests.some((p) => p.startsWith('/v1'))).toBe(false);
    // Me shows the relay this app talks to.
    await alice.getByRole('button', { name: 'Me', exact: true }).click();
    expect(await alice.getByTestId('relay-origin').textContent()).toBe(relay.url);
  }, 180_000);

  it('entwine start --no-web --web-origin URL: API only, CORS for that origin', async () => {
    const cliRelay = await startRelayProcess({
      dataDir: join(dir, 'cli-data'),
      logDir: join(dir, 'cli-logs'),
      tag: 'no-web',
      args: ['--no-web', '--web-origin', `${site.url}/`],
    });
    try {
      await until('the start banner', async () =>
        (await readFile(cliRelay.stdoutFile, 'utf8')).includes('web app: not served here (--no-web)') ? true : undefined,
      );
      expect((await fetch(`${cliRelay.url}/`)).status).toBe(404);
      const preflight = await fetch(`${cliRelay.url}/v1/auth/challenge`, {
        method: 'OPTIONS',
        headers: { origin: site.url, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(site.url);
    } finally {
      await cliRelay.stop();
    }
  }, 60_000);

  it('control: the browser refuses a relay that does not list the app’s origin', async () => {
    const p = await page();
    await p.goto(site.url);
    const outcome = await p.evaluate(async (url) => {
      try {
        const r = await fetch(`${url}/healthz`);
        return `status ${r.status}`;
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    }, unlisted.url);
    // CSP allows it (see above): CORS alone refuses, and the page never reads an answer.
    expect(outcome).toMatch(/^refused/);
    const listed = await p.evaluate(async (url) => (await fetch(`${url}/healthz`)).status, relay.url);
    expect(listed).toBe(200);
  }, 60_000);
});
