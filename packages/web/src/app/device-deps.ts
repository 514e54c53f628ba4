/** The platform pieces the web app hands to @entwine/client: browser transport, the device store (sealed in IndexedDB), WebCrypto. */
import { blobBackedStore, type DeviceDeps } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { browserTimers } from '../adapters/browser-timers.ts';
import { browserTransport } from '../adapters/browser-transport.ts';
import { type BrowserKeyStore, indexedDbKeyStore } from '../adapters/indexeddb-key-store.ts';
import { relayOrigin } from './relay-origin.ts';
import { TICK_OVERRIDE_KEY, tickOverride } from './tick-override.ts';

function readTickOverride(): number | undefined {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(TICK_OVERRIDE_KEY);
  } catch {
    // storage blocked: only the query parameter counts
  }
  return tickOverride(location.search, stored);
}

let keyStore: BrowserKeyStore | undefined;

/** This page's one key store (the device saves through it; the passkey unlock switches it). */
export function browserKeyStore(): BrowserKeyStore {
  keyStore ??= indexedDbKeyStore();
  return keyStore;
}

export async function browserDeviceDeps(): Promise<DeviceDeps> {
  // Test builds only (`vite build --mode e2e`): in a release the constant is false and this code is gone,
  // so no link (`?tick=`) or stored value can make a person's device publish more often than every 15 s.
  const publishTickMs = import.meta.env.ENTWINE_TEST_HOOKS ? readTickOverride() : undefined;
  return {
    transport: browserTransport(relayOrigin()),
    // The records kept in the one sealed document of before, until the IndexedDB record store replaces it.
    store: blobBackedStore(browserKeyStore()),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: browserTimers,
    ...(publishTickMs !== undefined ? { publishTickMs } : {}),
  };
}
