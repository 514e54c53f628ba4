/**
 * Debian's Chromium (never a downloaded browser), driven by playwright-core. Headless, no sandbox (tests run
 * as root), GPU off — WebGL goes through SwiftShader, which MapLibre renders with — and every background
 * connection off, since this machine reaches no network but loopback.
 */
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // MapLibre needs WebGL; with the GPU off, Chromium only offers SwiftShader when allowed explicitly.
  '--enable-unsafe-swiftshader',
];

/** The web app's publish tick in these tests (production: 15 s), so a shield change shows within a second. */
export const E2E_TICK_MS = 300;

/**
 * Sets the app's tick override (`localStorage['entwine.tickMs']`) before any page script runs. Only the tests'
 * build (`dist-e2e`, `build-web.ts`) reads it; the release ignores it.
 */
export async function useTick(context: BrowserContext, tickMs: number = E2E_TICK_MS): Promise<void> {
  await context.addInitScript((ms) => {
    try {
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'entwine.tickMs',
        String(ms),
      );
    } catch {
      // about:blank and other opaque origins have no storage; the app's own origin does
    }
  }, tickMs);
}

/**
 * Saves a map choice in the app's settings (`localStorage['entwine.settings']`) before any page script runs,
 * unless the page already saved settings of its own — so the first-run map question ("Which map?") does not
 * cover the map in tests about something else. Tests of the map's choice itself pass `mapStyle: null`.
 */
export async function useMapChoice(context: BrowserContext, mapStyle: string): Promise<void> {
  await context.addInitScript((style) => {
    try {
      const storage = (
        globalThis as unknown as { localStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void } }
      ).localStorage;
      if (storage.getItem('entwine.settings') === null) storage.setItem('entwine.settings', JSON.stringify({ mapStyle: style }));
    } catch {
      // about:blank and other opaque origins have no storage; the app's own origin does
    }
  }, mapStyle);
}

export interface E2EContextOptions extends BrowserContextOptions {
  /** The app's publish tick; default E2E_TICK_MS. */
  tickMs?: number;
  /**
   * The map choice saved before the page starts (default 'offline', the built-in outline map the tests have
   * always drawn); null saves none, as for a person opening the map for the first time.
   */
  mapStyle?: string | null;
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 30_000 });
}

/** A browser with a profile folder the test owns (to read what the page left on disk), phone-sized, short tick. */
export async function launchPersistent(userDataDir: string, opts: E2EContextOptions = {}): Promise<BrowserContext> {
  const { tickMs, mapStyle, ...rest } = opts;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    viewport: { width: 390, height: 844 },
    locale: 'en-GB',
    reducedMotion: 'reduce',
    ...rest,
  });
  await useTick(context, tickMs);
  if (mapStyle !== null) await useMapChoice(context, mapStyle ?? 'offline');
  return context;
}

/** A phone-sized context (the layout the screenshots show), with geolocation allowed for `origin` and the short tick. */
export async function phoneContext(browser: Browser, origin: string, opts: E2EContextOptions = {}): Promise<BrowserContext> {
  const { tickMs, mapStyle, ...rest } = opts;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    hasTouch: false,
    locale: 'en-GB',
    // MapLibre then jumps instead of easing, and the sharing dot stops pulsing: measured on web-trail-views
    // + web-street-map, 99 → 86 s of CPU (software GL draws every frame of an ease).
    reducedMotion: 'reduce',
    timezoneId: 'Europe/Zurich',
    ...rest,
  });
  await useTick(context, tickMs);
  if (mapStyle !== null) await useMapChoice(context, mapStyle ?? 'offline');
  await context.grantPermissions(['geolocation', 'clipboard-read', 'clipboard-write'], { origin });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Collects what the page printed to its console and any uncaught error, for failure messages. */
export function pageLog(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
  // A renderer killed under memory pressure leaves every later wait to time out with no other sign.
  page.on('crash', () => lines.push('[crash] the page’s renderer crashed'));
  return lines;
}
