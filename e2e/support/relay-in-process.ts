/** A relay inside the test process, for tests that play a malicious relay through its test hooks. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRelay, type RelayLimits, type TestHooks } from '@entwine/server';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './cli.ts';

export async function startHookedRelay(testHooks: TestHooks, limits?: Partial<RelayLimits>) {
  const root = await tempDir('hooked');
  const relay = await createRelay({ dataDir: join(root, 'data'), port: 0, logger: false, testHooks, ...(limits ? { limits } : {}) });
  return {
    url: relay.url,
    /** The relay's data directory (its SQLite file), for tests that read what the relay keeps. */
    dataDir: join(root, 'data'),
    async close() {
      await relay.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** One in-process relay for a test file: started before its tests, closed after. Read `.url` inside a test. */
export function hookedRelayForSuite(testHooks: TestHooks = {}, limits?: Partial<RelayLimits>): { readonly url: string } {
  let relay: Awaited<ReturnType<typeof startHookedRelay>> | undefined;
  beforeAll(async () => {
    relay = await startHookedRelay(testHooks, limits);
  });
  afterAll(async () => relay?.close());
  return {
    get url() {
      if (!relay) throw new Error('hookedRelayForSuite: the relay is started in beforeAll; read it inside a test');
      return relay.url;
    },
  };
}
