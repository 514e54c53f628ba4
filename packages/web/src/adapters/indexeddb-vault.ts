/**
 * The browser's one IndexedDB database, `entwine`, shared by the record store (`indexeddb-device-store.ts`) and
 * the blob it replaces (`indexeddb-key-store.ts`, kept to read a profile made before the records):
 * - `vault`: the key the state is sealed under — `wrapping-key` (a non-extractable AES-GCM CryptoKey) or
 *   `passkey-unlock` (which passkey, and the PRF input; the key itself is never stored), never both — the
 *   old one-document state `device-state` until it is migrated, and `records-version` (a write counter);
 * - `records` (version 2 on): the device's records, keyed `[kind, id]`, each value sealed.
 * Opening at version 2 adds `records` to a version-1 database and keeps everything in `vault`.
 */

import { ReasonError } from './reason-error.ts';

export const DB_NAME = 'entwine';
export const DB_VERSION = 2;
export const VAULT = 'vault';
export const RECORDS = 'records';
export const KEY_ID = 'wrapping-key';
export const PASSKEY_ID = 'passkey-unlock';
/** The old one-document state (version 1): `{v, iv, ciphertext}`. */
export const LEGACY_STATE_ID = 'device-state';
export const VERSION_ID = 'records-version';

export const KEY_STORE_FAILURES = {
  unavailable: 'unavailable',
  keyMissing: 'key-missing',
  undecryptable: 'undecryptable',
  /** The passkey unlock is on and this page has not been unlocked yet. */
  locked: 'locked',
} as const;
export type KeyStoreFailure = (typeof KEY_STORE_FAILURES)[keyof typeof KEY_STORE_FAILURES];

export class KeyStoreError extends ReasonError<KeyStoreFailure> {
  constructor(reason: KeyStoreFailure, detail?: string) {
    super('key store', reason, detail);
    this.name = 'KeyStoreError';
  }
}

/** What the passkey unlock stores: which passkey, and the PRF input it is asked for (neither is secret). */
export interface PasskeyUnlockRecord {
  v: 1;
  credentialId: Uint8Array;
  prfSalt: Uint8Array;
}

export function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export function completed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('aborted', 'AbortError'));
  });
}

export function openVault(name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(name, DB_VERSION);
    } catch (error) {
      reject(new KeyStoreError('unavailable', String(error)));
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(VAULT)) db.createObjectStore(VAULT);
      if (!db.objectStoreNames.contains(RECORDS)) db.createObjectStore(RECORDS);
    };
    request.onsuccess = () => {
      const db = request.result;
      // A newer version of the app in another tab wants to upgrade: let it, rather than block it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(new KeyStoreError('unavailable', String(request.error)));
    request.onblocked = () => reject(new KeyStoreError('unavailable', 'the database is held open by an older tab'));
  });
}

export async function readVault<T>(db: IDBDatabase, id: string): Promise<T | undefined> {
  const tx = db.transaction(VAULT, 'readonly');
  return (await promised(tx.objectStore(VAULT).get(id))) as T | undefined;
}

export function newWrappingKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** The wrapping key: created on first use; two tabs racing to create it end up with the same one. */
export async function wrappingKey(db: IDBDatabase, create: boolean): Promise<CryptoKey | undefined> {
  const existing = await readVault<CryptoKey>(db, KEY_ID);
  if (existing || !create) return existing;
  const fresh = await newWrappingKey();
  const tx = db.transaction(VAULT, 'readwrite', { durability: 'strict' });
  tx.objectStore(VAULT).add(fresh, KEY_ID);
  try {
    await completed(tx);
    return fresh;
  } catch {
    return readVault<CryptoKey>(db, KEY_ID); // another tab stored its key first: use that one
  }
}
