/**
 * The browser's KeyStore: the device state (which holds the secret keys) is kept in IndexedDB encrypted
 * with AES-256-GCM under a wrapping key that is generated once, NON-EXTRACTABLE, and stored in IndexedDB as
 * a CryptoKey object. Guarantees:
 * - no secret key is ever written in clear: IndexedDB holds only the CryptoKey and `{v, iv, ciphertext}`;
 * - page script can use the wrapping key but never read its bytes (`exportKey` refuses), so a copy of the
 *   profile's files or of the records does not carry a usable key;
 * - every save uses a fresh random 96-bit IV (NIST SP 800-38D §8.2.2) and commits with `durability: 'strict'`;
 * - a record that does not decrypt is a typed failure (`KeyStoreError`), never an empty identity.
 */
import type { KeyStore } from '@entwine/client';

const DB_NAME = 'entwine';
const DB_VERSION = 1;
const STORE = 'vault';
const KEY_ID = 'wrapping-key';
const STATE_ID = 'device-state';
const AAD = new TextEncoder().encode('entwine/v1/web-keystore');

export const KEY_STORE_FAILURES = {
  unavailable: 'unavailable',
  keyMissing: 'key-missing',
  undecryptable: 'undecryptable',
} as const;
export type KeyStoreFailure = (typeof KEY_STORE_FAILURES)[keyof typeof KEY_STORE_FAILURES];

export class KeyStoreError extends Error {
  readonly reason: KeyStoreFailure;
  constructor(reason: KeyStoreFailure, detail?: string) {
    super(detail ? `key store: ${reason} (${detail})` : `key store: ${reason}`);
    this.name = 'KeyStoreError';
    this.reason = reason;
  }
}

/** What is stored for the state: nothing but the IV and the AES-GCM output. */
export interface SealedState {
  v: 1;
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function completed(tx: IDBTransaction): Promise<void> {
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
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new KeyStoreError('unavailable', String(request.error)));
    request.onblocked = () => reject(new KeyStoreError('unavailable', 'the database is held open by an older tab'));
  });
}

async function read<T>(db: IDBDatabase, id: string): Promise<T | undefined> {
  const tx = db.transaction(STORE, 'readonly');
  return (await promised(tx.objectStore(STORE).get(id))) as T | undefined;
}

/** The wrapping key: created on first save; two tabs racing to create it end up with the same one. */
async function wrappingKey(db: IDBDatabase, create: boolean): Promise<CryptoKey | undefined> {
  const existing = await read<CryptoKey>(db, KEY_ID);
  if (existing || !create) return existing;
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
  tx.objectStore(STORE).add(fresh, KEY_ID);
  try {
    await completed(tx);
    return fresh;
  } catch {
    return read<CryptoKey>(db, KEY_ID); // another tab stored its key first: use that one
  }
}

export function indexedDbKeyStore(name = DB_NAME): KeyStore {
  let dbPromise: Promise<IDBDatabase> | undefined;
  const db = () => {
    dbPromise ??= openVault(name);
    return dbPromise;
  };
  return {
    async load() {
      const d = await db();
      const sealed = await read<SealedState>(d, STATE_ID);
      if (!sealed) return undefined;
      const key = await wrappingKey(d, false);
      if (!key) throw new KeyStoreError('key-missing');
      try {
        const iv = sealed.iv as Uint8Array<ArrayBuffer>;
        const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, sealed.ciphertext);
        return new TextDecoder().decode(plain);
      } catch (error) {
        throw new KeyStoreError('undecryptable', String(error));
      }
    },
    async save(serialized) {
      const d = await db();
      const key = await wrappingKey(d, true);
      if (!key) throw new KeyStoreError('key-missing');
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: AAD },
        key,
        new TextEncoder().encode(serialized),
      );
      const record: SealedState = { v: 1, iv, ciphertext };
      const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' });
      tx.objectStore(STORE).put(record, STATE_ID);
      await completed(tx);
    },
  };
}

/** Whether this browser already holds an identity (without decrypting it). */
export async function hasStoredState(name = DB_NAME): Promise<boolean> {
  return (await read<SealedState>(await openVault(name), STATE_ID)) !== undefined;
}
