/**
 * The browser's store BEFORE the record store (issue 12): the whole device state as one document, kept in
 * IndexedDB encrypted with AES-256-GCM. The app no longer saves through it: it is kept so that a browser
 * used with that version can be read and migrated (`openSealedState`, used by `indexeddb-device-store.ts`),
 * and so that the adapter's tests can make such a browser with the very code that made them. As it was: What it is encrypted under depends on the unlock this browser uses:
 * - by default, a wrapping key generated once, NON-EXTRACTABLE, and stored in IndexedDB as a CryptoKey.
 *   Page script can use it but not export it — yet Chromium writes its raw bytes into the profile's
 *   IndexedDB files (e2e/web-profile-key-bytes.test.ts): anyone with a copy of the profile folder (a
 *   backup, a stolen disk, malware reading files) has the key and so the state. Only the operating
 *   system's protection of the profile (disk encryption, the account's password) stands in the way.
 * - with the passkey unlock on (`passkey-unlock.ts`), a key derived from the WebAuthn `prf` output of a
 *   passkey (HKDF-SHA-256 → AES-256-GCM), held in memory only, never stored: IndexedDB keeps only the
 *   credential's id and the PRF input, so a copied profile opens nothing without the authenticator
 *   (e2e/web-passkey-unlock.test.ts). Until it is unlocked, `load` and `save` fail with `locked`.
 * Guarantees:
 * - no secret key is ever written in clear: IndexedDB holds only `{v, iv, ciphertext}`, and either the
 *   wrapping CryptoKey or the passkey record, never both;
 * - every save uses a fresh random 96-bit IV (NIST SP 800-38D §8.2.2) and commits with `durability: 'strict'`;
 * - loads, saves and the switch between unlocks run one at a time, so a switch re-seals the newest state;
 * - a record that does not decrypt is a typed failure (`KeyStoreError`), never an empty identity.
 */
import type { KeyStore } from '@entwine/client';
import {
  completed,
  DB_NAME,
  KEY_ID,
  KeyStoreError,
  openVault,
  PASSKEY_ID,
  type PasskeyUnlockRecord,
  readVault as read,
  LEGACY_STATE_ID as STATE_ID,
  VAULT as STORE,
  wrappingKey,
} from './indexeddb-vault.ts';

const AAD = new TextEncoder().encode('entwine/v1/web-keystore');

export { KEY_STORE_FAILURES, KeyStoreError, type KeyStoreFailure, openVault, type PasskeyUnlockRecord } from './indexeddb-vault.ts';

/** What is stored for the state: nothing but the IV and the AES-GCM output. */
export interface SealedState {
  v: 1;
  iv: Uint8Array;
  ciphertext: ArrayBuffer;
}

/** The KeyStore plus the switch between the profile's wrapping key and a passkey. */
export interface BrowserKeyStore extends KeyStore {
  /** The passkey this browser's state is locked with, if the unlock is on. */
  passkey(): Promise<PasskeyUnlockRecord | undefined>;
  /** Holds the key derived from the passkey for this page (nothing is stored). */
  unlock(key: CryptoKey): void;
  /** Re-seals the state under `key` and forgets the stored wrapping key, in one transaction. */
  enablePasskey(record: PasskeyUnlockRecord, key: CryptoKey): Promise<void>;
  /** Back to a stored wrapping key (the state must be unlocked). */
  disablePasskey(): Promise<void>;
}

async function seal(key: CryptoKey, serialized: string): Promise<SealedState> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, new TextEncoder().encode(serialized));
  return { v: 1, iv, ciphertext };
}

/** Opens the one-document state of the previous version (`{v, iv, ciphertext}`), for the migration to records. */
export async function openSealedState(key: CryptoKey, sealed: SealedState): Promise<string> {
  try {
    const iv = sealed.iv as Uint8Array<ArrayBuffer>;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, sealed.ciphertext);
    return new TextDecoder().decode(plain);
  } catch (error) {
    throw new KeyStoreError('undecryptable', String(error));
  }
}

export function indexedDbKeyStore(name = DB_NAME): BrowserKeyStore {
  let dbPromise: Promise<IDBDatabase> | undefined;
  const db = () => {
    dbPromise ??= openVault(name);
    return dbPromise;
  };
  /** The key derived from the passkey, for this page only. */
  let unlocked: CryptoKey | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The key the state is sealed under now: the passkey's (if on) or the stored wrapping key. */
  async function currentKey(d: IDBDatabase, create: boolean): Promise<CryptoKey | undefined> {
    if (await read<PasskeyUnlockRecord>(d, PASSKEY_ID)) {
      if (!unlocked) throw new KeyStoreError('locked');
      return unlocked;
    }
    return wrappingKey(d, create);
  }

  async function loadNow(d: IDBDatabase): Promise<string | undefined> {
    const sealed = await read<SealedState>(d, STATE_ID);
    if (!sealed) return undefined;
    const key = await currentKey(d, false);
    if (!key) throw new KeyStoreError('key-missing');
    return openSealedState(key, sealed);
  }

  return {
    load: () => serial(async () => loadNow(await db())),
    save: (serialized) =>
      serial(async () => {
        const d = await db();
        const key = await currentKey(d, true);
        if (!key) throw new KeyStoreError('key-missing');
        const record = await seal(key, serialized);
        const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' });
        tx.objectStore(STORE).put(record, STATE_ID);
        await completed(tx);
      }),
    passkey: () => serial(async () => read<PasskeyUnlockRecord>(await db(), PASSKEY_ID)),
    unlock(key) {
      unlocked = key;
    },
    enablePasskey: (record, key) =>
      serial(async () => {
        const d = await db();
        const plain = await loadNow(d);
        if (plain === undefined) throw new KeyStoreError('key-missing', 'no identity to lock');
        const sealed = await seal(key, plain);
        const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' });
        tx.objectStore(STORE).put(sealed, STATE_ID);
        tx.objectStore(STORE).put(record, PASSKEY_ID);
        tx.objectStore(STORE).delete(KEY_ID);
        await completed(tx);
        unlocked = key;
      }),
    disablePasskey: () =>
      serial(async () => {
        const d = await db();
        const plain = await loadNow(d);
        if (plain === undefined) throw new KeyStoreError('key-missing', 'no identity to unlock');
        const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        const sealed = await seal(fresh, plain);
        const tx = d.transaction(STORE, 'readwrite', { durability: 'strict' });
        tx.objectStore(STORE).put(fresh, KEY_ID);
        tx.objectStore(STORE).put(sealed, STATE_ID);
        tx.objectStore(STORE).delete(PASSKEY_ID);
        await completed(tx);
        unlocked = undefined;
      }),
  };
}

/** Whether this browser already holds an identity (without decrypting it). */
export async function hasStoredState(name = DB_NAME): Promise<boolean> {
  return (await read<SealedState>(await openVault(name), STATE_ID)) !== undefined;
}
