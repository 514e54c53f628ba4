/** The platform pieces the web app hands to @entwine/client: browser transport, IndexedDB key store, WebCrypto. */
import type { DeviceDeps } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { browserTimers } from '../adapters/browser-timers.ts';
import { browserTransport } from '../adapters/browser-transport.ts';
import { indexedDbKeyStore } from '../adapters/indexeddb-key-store.ts';

export async function browserDeviceDeps(): Promise<DeviceDeps> {
  return {
    transport: browserTransport(),
    keyStore: indexedDbKeyStore(),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: browserTimers,
  };
}
