/**
 * The DeviceStore contract against the IndexedDB adapter, in the page: each harness gets a database of its
 * own (deleted by `cleanup`), and each `open` is a new handle on it, as another tab would hold.
 */
import { deviceStoreContract } from '../../../../packages/client/src/store/device-store-contract.ts';
import { type BrowserDeviceStore, indexedDbDeviceStore } from '../../../../packages/web/src/adapters/indexeddb-device-store.ts';
import { caseNames, runCase } from './vitest-in-page.ts';
import './web-only-cases.ts';

let harnesses = 0;

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    // 'blocked' only says a connection had not finished closing yet; success follows once it has.
  });
}

deviceStoreContract('indexeddb (Chromium)', async () => {
  harnesses += 1;
  const name = `contract-${harnesses}`;
  const handles: BrowserDeviceStore[] = [];
  return {
    async open() {
      const store = indexedDbDeviceStore(name);
      handles.push(store);
      return store;
    },
    async cleanup() {
      for (const h of handles) await h.close();
      await deleteDatabase(name);
    },
  };
});

Object.assign(globalThis, { __contract: { names: caseNames, run: runCase } });
