/**
 * A relay started by each test that needs one, and the sockets the test opens on it, all closed after the
 * test: the sockets first (so the relay's close does not wait on them), then the relay and its directory.
 */
import { afterEach } from 'vitest';
import type { RelayOptions } from '../relay-options.ts';
import { connectReady, type TestSocket } from './relay-client.ts';
import { startTestRelay, type TestRelay } from './test-relay.ts';

export interface RelayPerTest {
  /** Starts this test's relay. */
  start(options?: Omit<RelayOptions, 'dataDir' | 'logger'>): Promise<TestRelay>;
  /** A socket on this test's relay, signed in with `token` and ready. */
  live(token: string): Promise<TestSocket>;
}

/** Call once at the top of a test file: it registers the `afterEach` that closes what each test opened. */
export function relayPerTest(): RelayPerTest {
  let relay: TestRelay | undefined;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()));
    await relay?.close();
    relay = undefined;
  });
  return {
    async start(options = {}) {
      relay = await startTestRelay(options);
      return relay;
    },
    async live(token) {
      if (!relay) throw new Error('live: start the relay first');
      const socket = await connectReady(relay.url, token);
      sockets.push(socket);
      return socket;
    },
  };
}
