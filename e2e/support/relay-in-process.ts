/**
 * A relay inside the test process, for tests that play a malicious relay through its test hooks — `startRelay`
 * (`relay.ts`) without a log or a web app. Kept for the tests written against it.
 */
import type { RelayLimits, TestHooks } from '@entwine/server';
import { relayForFile, startRelay } from './relay.ts';

export async function startHookedRelay(testHooks: TestHooks, limits?: Partial<RelayLimits>) {
  const relay = await startRelay({ tag: 'hooked', testHooks, log: false, ...(limits ? { limits } : {}) });
  return {
    url: relay.url,
    /** The relay's data directory (its SQLite file), for tests that read what the relay keeps. */
    dataDir: relay.dataDir,
    close: () => relay.remove(),
  };
}

/** One in-process relay for a test file: started before its tests, closed after. Read `.url` inside a test. */
export function hookedRelayForSuite(testHooks: TestHooks = {}, limits?: Partial<RelayLimits>): { readonly url: string } {
  return relayForFile({ tag: 'hooked', testHooks, log: false, ...(limits ? { limits } : {}) });
}
