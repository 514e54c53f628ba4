/**
 * The browser's DeviceStore: the device's records in IndexedDB (`records`, keyed `[kind, id]`), each value
 * sealed with AES-256-GCM under the key this browser uses (`indexeddb-vault.ts`): the profile's stored,
 * non-extractable wrapping key by default, or the key derived from a passkey (`passkey-unlock.ts`), held in
 * this page's memory only. Guarantees:
 * - no value is stored in clear: each is `iv ‖ ciphertext` with a fresh random 96-bit IV (NIST SP 800-38D
 *   §8.2.2), and the record's kind and id are the AES-GCM associated data, so a sealed value moved to another
 *   record does not open. Kinds and ids are in clear (IndexedDB must order them): they are fixed kind names
 *   and random or hashed ids (bond, thought, epoch ids), never a name, a place, a time or a word typed;
 * - `write` is one IndexedDB transaction with `durability: 'strict'`: all of the batch or none, and once it
 *   resolves the batch is on disk. Every value is sealed before the transaction opens, since a transaction
 *   that waits on WebCrypto commits itself early;
 * - every writer (`write`, `update`, the switch to and from a passkey, the migration) holds one Web Lock per
 *   database, shared by all tabs of the origin, so `update`'s read-modify-write is atomic against them all and
 *   a switch of key re-seals every record with no write slipping in between under the old key;
 * - each write also advances `records-version` in the same transaction: `changedElsewhere` compares it
 *   with the last version this handle wrote or saw, so a handle learns of another's commit on its next call;
 * - reads take the record and the key records in one transaction: they never pair a record with a key it
 *   was not sealed under. A value that does not open is a typed failure (`KeyStoreError`), never a gap.
 */
import type { DeviceStore, StoredRecord, StoreOp } from '@entwine/client';
import { openSealedState, type SealedState } from './indexeddb-key-store.ts';
import { openValue, sealValue } from './indexeddb-record-seal.ts';
import {
  completed,
  DB_NAME,
  KEY_ID,
  KeyStoreError,
  LEGACY_STATE_ID,
  newWrappingKey,
  openVault,
  PASSKEY_ID,
  type PasskeyUnlockRecord,
  promised,
  RECORDS,
  VAULT,
  VERSION_ID,
  wrappingKey,
} from './indexeddb-vault.ts';

/** The DeviceStore plus the switch between the profile's wrapping key and a passkey, and the migration. */
export interface BrowserDeviceStore extends DeviceStore {
  /** The passkey this browser's records are locked with, if the unlock is on. */
  passkey(): Promise<PasskeyUnlockRecord | undefined>;
  /** Holds the key derived from the passkey for this page (nothing is stored). */
  unlock(key: CryptoKey): void;
  /** Re-seals every record under `key` and forgets the stored wrapping key, in one transaction. */
  enablePasskey(record: PasskeyUnlockRecord, key: CryptoKey): Promise<void>;
  /** Back to a stored wrapping key (the records must be unlocked). */
  disablePasskey(): Promise<void>;
  /**
   * Turns the previous version's one-document state into records: `toRecords` gets the decrypted document
   * and returns the batch. The records are stored and the old blob deleted in one transaction, so the blob
   * stays until the records are durable and a crash in between leaves the blob to migrate again. False
   * when there was no blob.
   */
  migrateLegacyState(toRecords: (document: string) => StoreOp[] | Promise<StoreOp[]>): Promise<boolean>;
}

type RecordKey = [kind: string, id: string];
interface VersionRecord {
  n: number;
}

/**
 * Every id of `kind` that starts with `prefix`: from `[kind, prefix]` up to, not including, the first string
 * past all of them (the prefix with its last code unit raised by one; trailing U+FFFF units dropped first).
 * An array sorts after every string, so `[kind, []]` bounds "every id of the kind".
 */
function prefixRange(kind: string, prefix: string): IDBKeyRange {
  let head = prefix;
  while (head.endsWith('\uffff')) head = head.slice(0, -1);
  const upper = head === '' ? [kind, []] : [kind, head.slice(0, -1) + String.fromCharCode(head.charCodeAt(head.length - 1) + 1)];
  return IDBKeyRange.bound([kind, prefix], upper, false, true);
}

/** Runs `task` holding the database's write lock: one writer at a time across every tab of the origin. */
function withWriteLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) throw new KeyStoreError('unavailable', 'this browser has no Web Locks (an insecure origin?)');
  return locks.request(`entwine-store:${name}`, { mode: 'exclusive' }, task) as Promise<T>;
}

export function indexedDbDeviceStore(name = DB_NAME): BrowserDeviceStore {
  let dbPromise: Promise<IDBDatabase> | undefined;
  let closed = false;
  const db = () => {
    if (closed) return Promise.reject(new KeyStoreError('unavailable', 'the store is closed'));
    dbPromise ??= openVault(name);
    return dbPromise;
  };
  /** The key derived from the passkey, for this page only. */
  let unlocked: CryptoKey | undefined;
  /** The last `records-version` this handle wrote or saw, and how often another writer moved it since. */
  let knownVersion: number | undefined;
  let elsewhere = 0;

  /** `n`: the version read (by a write of this handle: the one it found before advancing it). */
  const noteVersion = (n: number, mine: boolean) => {
    if (knownVersion !== undefined && n !== knownVersion) elsewhere += 1;
    knownVersion = mine ? n + 1 : n;
  };

  /** The key to open what was read with it, from the key records read in that same transaction. */
  function keyOf(passkey: PasskeyUnlockRecord | undefined, stored: CryptoKey | undefined): CryptoKey {
    if (passkey) {
      if (!unlocked) throw new KeyStoreError('locked');
      return unlocked;
    }
    if (!stored) throw new KeyStoreError('key-missing');
    return stored;
  }

  /** The key to seal with now (a writer holds the lock, so it does not change before the write commits). */
  async function sealingKey(d: IDBDatabase): Promise<CryptoKey> {
    const vault = d.transaction(VAULT, 'readonly').objectStore(VAULT);
    const [passkey, stored] = await Promise.all([
      promised(vault.get(PASSKEY_ID)) as Promise<PasskeyUnlockRecord | undefined>,
      promised(vault.get(KEY_ID)) as Promise<CryptoKey | undefined>,
    ]);
    if (passkey || stored) return keyOf(passkey, stored);
    return (await wrappingKey(d, true)) as CryptoKey; // the first write of this browser
  }

  /** Reads some records and the key records in one readonly transaction. */
  async function readWithKey<T>(
    d: IDBDatabase,
    read: (records: IDBObjectStore) => IDBRequest<T>,
  ): Promise<{ result: T; key: () => CryptoKey }> {
    const tx = d.transaction([RECORDS, VAULT], 'readonly');
    const vault = tx.objectStore(VAULT);
    const [result, passkey, stored] = await Promise.all([
      promised(read(tx.objectStore(RECORDS))),
      promised(vault.get(PASSKEY_ID)) as Promise<PasskeyUnlockRecord | undefined>,
      promised(vault.get(KEY_ID)) as Promise<CryptoKey | undefined>,
    ]);
    return { result, key: () => keyOf(passkey, stored) };
  }

  type Sealed = { op: 'put'; key: RecordKey; sealed: Uint8Array } | { op: 'delete'; range: IDBKeyRange | RecordKey };

  async function sealOps(key: CryptoKey, ops: StoreOp[]): Promise<Sealed[]> {
    const out: Sealed[] = [];
    for (const op of ops) {
      if (op.op === 'put') out.push({ op: 'put', key: [op.kind, op.id], sealed: await sealValue(key, op.kind, op.id, op.value) });
      else if (op.op === 'delete') out.push({ op: 'delete', range: [op.kind, op.id] });
      else if (op.op === 'deletePrefix') out.push({ op: 'delete', range: prefixRange(op.kind, op.prefix) });
      else throw new TypeError(`store op: expected put, delete or deletePrefix, got ${String((op as { op: unknown }).op)}`);
    }
    return out;
  }

  /** One strict transaction: the sealed ops in order, the version advanced, and `extra` (key switches). */
  async function commit(d: IDBDatabase, ops: Sealed[], extra?: (vault: IDBObjectStore, records: IDBObjectStore) => void): Promise<void> {
    const tx = d.transaction([RECORDS, VAULT], 'readwrite', { durability: 'strict' });
    const records = tx.objectStore(RECORDS);
    const vault = tx.objectStore(VAULT);
    for (const op of ops) {
      if (op.op === 'put') records.put(op.sealed, op.key);
      else records.delete(op.range);
    }
    extra?.(vault, records);
    let n = 0;
    const version = vault.get(VERSION_ID);
    version.onsuccess = () => {
      n = (version.result as VersionRecord | undefined)?.n ?? 0;
      vault.put({ n: n + 1 } satisfies VersionRecord, VERSION_ID);
    };
    await completed(tx);
    noteVersion(n, true);
  }

  /** Every record, opened, for a switch of key (the caller holds the lock). */
  async function readAll(d: IDBDatabase): Promise<{ key: RecordKey; value: Uint8Array }[]> {
    const tx = d.transaction([RECORDS, VAULT], 'readonly');
    const vault = tx.objectStore(VAULT);
    const [keys, values, passkey, stored] = await Promise.all([
      promised(tx.objectStore(RECORDS).getAllKeys()) as Promise<RecordKey[]>,
      promised(tx.objectStore(RECORDS).getAll()) as Promise<Uint8Array[]>,
      promised(vault.get(PASSKEY_ID)) as Promise<PasskeyUnlockRecord | undefined>,
      promised(vault.get(KEY_ID)) as Promise<CryptoKey | undefined>,
    ]);
    if (keys.length === 0) return [];
    const key = keyOf(passkey, stored);
    return Promise.all(
      keys.map(async ([kind, id], i) => ({ key: [kind, id] as RecordKey, value: await openValue(key, kind, id, values[i] as Uint8Array) })),
    );
  }

  async function reseal(key: CryptoKey, all: { key: RecordKey; value: Uint8Array }[]): Promise<Sealed[]> {
    return Promise.all(
      all.map(async (r) => ({ op: 'put' as const, key: r.key, sealed: await sealValue(key, r.key[0], r.key[1], r.value) })),
    );
  }

  const store: BrowserDeviceStore = {
    async get(kind, id) {
      const { result, key } = await readWithKey(await db(), (records) => records.get([kind, id]) as IDBRequest<Uint8Array | undefined>);
      return result === undefined ? undefined : openValue(key(), kind, id, result);
    },

    async list(kind, prefix = ''): Promise<StoredRecord[]> {
      const range = prefixRange(kind, prefix);
      const d = await db();
      const tx = d.transaction([RECORDS, VAULT], 'readonly');
      const vault = tx.objectStore(VAULT);
      const [keys, values, passkey, stored] = await Promise.all([
        promised(tx.objectStore(RECORDS).getAllKeys(range)) as Promise<RecordKey[]>,
        promised(tx.objectStore(RECORDS).getAll(range)) as Promise<Uint8Array[]>,
        promised(vault.get(PASSKEY_ID)) as Promise<PasskeyUnlockRecord | undefined>,
        promised(vault.get(KEY_ID)) as Promise<CryptoKey | undefined>,
      ]);
      if (keys.length === 0) return [];
      const key = keyOf(passkey, stored);
      return Promise.all(keys.map(async ([, id], i) => ({ id, value: await openValue(key, kind, id, values[i] as Uint8Array) })));
    },

    async write(ops) {
      const d = await db();
      await withWriteLock(name, async () => {
        const sealed = await sealOps(await sealingKey(d), ops);
        await commit(d, sealed);
      });
    },

    async update(kind, id, fn) {
      const d = await db();
      return withWriteLock(name, async () => {
        const current = await store.get(kind, id);
        const next = fn(current);
        const ops: StoreOp[] = next === undefined ? [{ op: 'delete', kind, id }] : [{ op: 'put', kind, id, value: next }];
        await commit(d, await sealOps(await sealingKey(d), ops));
        return next === undefined ? undefined : next.slice();
      });
    },

    async changedElsewhere() {
      const d = await db();
      const version = (await promised(d.transaction(VAULT, 'readonly').objectStore(VAULT).get(VERSION_ID))) as VersionRecord | undefined;
      noteVersion(version?.n ?? 0, false);
      return elsewhere;
    },

    async close() {
      if (closed) return;
      closed = true;
      const d = await dbPromise?.catch(() => undefined);
      d?.close();
    },

    async passkey() {
      const d = await db();
      return (await promised(d.transaction(VAULT, 'readonly').objectStore(VAULT).get(PASSKEY_ID))) as PasskeyUnlockRecord | undefined;
    },

    unlock(key) {
      unlocked = key;
    },

    async enablePasskey(record, key) {
      const d = await db();
      await withWriteLock(name, async () => {
        const all = await readAll(d);
        if (all.length === 0) throw new KeyStoreError('key-missing', 'no identity to lock');
        await commit(d, await reseal(key, all), (vault) => {
          vault.put(record, PASSKEY_ID);
          vault.delete(KEY_ID);
        });
        unlocked = key;
      });
    },

    async disablePasskey() {
      const d = await db();
      await withWriteLock(name, async () => {
        const all = await readAll(d);
        if (all.length === 0) throw new KeyStoreError('key-missing', 'no identity to unlock');
        const fresh = await newWrappingKey();
        await commit(d, await reseal(fresh, all), (vault) => {
          vault.put(fresh, KEY_ID);
          vault.delete(PASSKEY_ID);
        });
        unlocked = undefined;
      });
    },

    async migrateLegacyState(toRecords) {
      const d = await db();
      return withWriteLock(name, async () => {
        const tx = d.transaction(VAULT, 'readonly');
        const vault = tx.objectStore(VAULT);
        const [sealed, passkey, stored] = await Promise.all([
          promised(vault.get(LEGACY_STATE_ID)) as Promise<SealedState | undefined>,
          promised(vault.get(PASSKEY_ID)) as Promise<PasskeyUnlockRecord | undefined>,
          promised(vault.get(KEY_ID)) as Promise<CryptoKey | undefined>,
        ]);
        if (!sealed) return false;
        const key = keyOf(passkey, stored);
        const ops = await toRecords(await openSealedState(key, sealed));
        await commit(d, await sealOps(key, ops), (v) => v.delete(LEGACY_STATE_ID));
        return true;
      });
    },
  };
  return store;
}
