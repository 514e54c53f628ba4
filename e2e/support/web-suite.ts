/**
 * The one setup of the browser tests. Per test file: one relay serving the web app (`relay.ts`), started
 * before its tests and torn down after them, and a connection to the run's one Chromium (`shared-browser.ts`;
 * a Chromium of its own with `browserArgs`). Per test: phone-sized contexts on the relay's origin, each
 * closed when the test ends, passed or failed — so one test's pages never leak into the next, and a file
 * never leaves a context behind.
 *
 * A context made in a `beforeAll` (a pair of pages several tests share) lives until the file's end.
 *
 *   const web = webSuite({ tag: 'web-thing' });
 *   it('…', async () => {
 *     const alice = await web.person({ geolocation: HERE });
 *     await alice.page.goto(web.url);
 *   });
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type E2EContextOptions, launchBrowser, pageLog, phoneContext } from './browser.ts';
import { type RelayOptions, startRelay, type TestRelay, WEB_ROOT } from './relay.ts';
import { sharedBrowser } from './shared-browser.ts';

export interface WebSuiteOptions extends RelayOptions {
  /** More Chromium flags for this file's browser. */
  browserArgs?: string[];
  /** No relay: the file brings its own origin (a static host, a release build), or none. */
  relay?: false;
}

/** One person's browser: their own context (profile), a page in it, and what the page printed. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** The page's console lines and uncaught errors (`pageLog`), for failure messages. */
  log: string[];
}

export interface WebSuite {
  readonly relay: TestRelay;
  /** The relay's origin, where the app is served. */
  readonly url: string;
  readonly browser: Browser;
  /**
   * A phone-sized context (`phoneContext`) on `origin` (default the relay's), closed when the current test
   * ends — or, made in a `beforeAll`, when the file ends.
   */
  context(opts?: E2EContextOptions & { origin?: string }): Promise<BrowserContext>;
  /** A new context with one page, its console collected. */
  person(opts?: E2EContextOptions & { origin?: string }): Promise<Person>;
  /** The uncaught page errors of every page this file opened through `person`, since the file began. */
  pageErrors(): string[];
}

export function webSuite(opts: WebSuiteOptions = {}): WebSuite {
  const { browserArgs, relay: withRelay, ...relayOptions } = opts;
  let relay: TestRelay | undefined;
  let browser: Browser | undefined;
  const fileContexts: BrowserContext[] = [];
  const testContexts: BrowserContext[] = [];
  const logs: string[][] = [];
  let inTest = false;

  beforeAll(async () => {
    // Both at once: the relay's start and Chromium's are independent.
    [relay, browser] = await Promise.all([
      withRelay === false
        ? undefined
        : startRelay({ ...relayOptions, tag: relayOptions.tag ?? 'web', webRoot: relayOptions.webRoot ?? WEB_ROOT }),
      // The run's shared Chromium, unless this file needs flags of its own.
      browserArgs?.length ? launchBrowser(browserArgs) : sharedBrowser(),
    ]);
  });
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await closeAll(testContexts.splice(0));
  });
  afterAll(async () => {
    await closeAll(fileContexts.splice(0));
    await browser?.close();
    await relay?.remove();
  });

  const suite: WebSuite = {
    get relay() {
      if (!relay) throw new Error('webSuite: no relay (started in beforeAll; `relay: false` starts none)');
      return relay;
    },
    get url() {
      return suite.relay.url;
    },
    get browser() {
      if (!browser) throw new Error('webSuite: the browser is launched in beforeAll; read it inside a test or a hook');
      return browser;
    },
    async context(contextOpts = {}) {
      const { origin, ...rest } = contextOpts;
      const context = await phoneContext(suite.browser, origin ?? suite.url, rest);
      (inTest ? testContexts : fileContexts).push(context);
      return context;
    },
    async person(contextOpts = {}) {
      const context = await suite.context(contextOpts);
      const page = await context.newPage();
      const log = pageLog(page);
      logs.push(log);
      return { context, page, log };
    },
    pageErrors() {
      return logs.flat().filter((l) => l.startsWith('[pageerror]'));
    },
  };
  return suite;
}

/** Closes every context, each on its own: one that fails to close (its browser gone) does not keep the rest open. */
async function closeAll(contexts: BrowserContext[]): Promise<void> {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
}
