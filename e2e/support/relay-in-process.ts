/** A relay inside the test process, for tests that play a malicious relay through its test hooks. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createRelay, type RelayLimits, type TestHooks } from '@entwine/server';
import { tempDir } from './cli.ts';

export async function startHookedRelay(testHooks: TestHooks, limits?: Partial<RelayLimits>) {
  const root = await tempDir('hooked');
  const relay = await createRelay({ dataDir: join(root, 'data'), port: 0, logger: false, testHooks, ...(limits ? { limits } : {}) });
  return {
    url: relay.url,
    async close() {
      await relay.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
