/** The platform pieces the web app hands to @entwine/client: browser transport, the device store (records sealed in IndexedDB), WebCrypto. */
import { type DeviceDeps, importDocument, memoryStore, type StoreOp } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { browserTimers } from '../adapters/browser-timers.ts';
import { browserTransport } from '../adapters/browser-transport.ts';
import { type BrowserDeviceStore, indexedDbDeviceStore } from '../adapters/indexeddb-device-store.ts';
import { yieldToEvents } from '../adapters/yield-to-events.ts';
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

let store: BrowserDeviceStore | undefined;

/** This page's one device store (the device reads and writes its records through it; the passkey unlock switches its key). */
export function browserStore(): BrowserDeviceStore {
  store ??= indexedDbDeviceStore();
  return store;
}

/** The records the client makes of a device kept as one document (the web app before the record store). */
async function recordsOfDocument(document: string): Promise<StoreOp[]> {
  const staging = memoryStore();
  await importDocument(staging, document);
  return [...staging.data.records].flatMap(([kind, ids]) => [...ids].map(([id, value]): StoreOp => ({ op: 'put', kind, id, value })));
}

/**
 * A browser used with the version before the record store keeps the device as one sealed document: it
 * becomes records before the device opens (the document is deleted in the same transaction). Fails with
 * `locked` while the passkey unlock is on and this page is not unlocked; runs again once it is.
 */
export async function migrateBrowserState(): Promise<void> {
  await browserStore().migrateLegacyState(recordsOfDocument);
}

export async function browserDeviceDeps(): Promise<DeviceDeps> {
  // Test builds only (`vite build --mode e2e`): in a release the constant is false and this code is gone,
  // so no link (`?tick=`) or stored value can make a person's device publish more often than every 15 s.
  const publishTickMs = import.meta.env.ENTWINE_TEST_HOOKS ? readTickOverride() : undefined;
  return {
    transport: browserTransport(relayOrigin()),
    store: browserStore(),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: browserTimers,
    yieldToEvents,
    ...(publishTickMs !== undefined ? { publishTickMs } : {}),
  };
}
