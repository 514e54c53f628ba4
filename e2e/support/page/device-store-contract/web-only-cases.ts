/**
 * Rules of the IndexedDB adapter beyond the shared contract (ids W1…): what is at rest, the switch of key
 * to and from a passkey, and the migration of the previous version's one-document blob.
 */
import { indexedDbDeviceStore } from '../../../../packages/web/src/adapters/indexeddb-device-store.ts';
import { indexedDbKeyStore } from '../../../../packages/web/src/adapters/indexeddb-key-store.ts';
import { KeyStoreError, LEGACY_STATE_ID, openVault, RECORDS, VAULT } from '../../../../packages/web/src/adapters/indexeddb-vault.ts';
import { afterEach, describe, expect, it } from './vitest-in-page.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));
let databases = 0;
let current: string | undefined;

function fresh(): string {
  databases += 1;
  current = `web-only-${databases}`;
  return current;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function raw(name: string, store: string, key: IDBValidKey): Promise<unknown> {
  const db = await openVault(name);
  try {
    return await request(db.transaction(store, 'readonly').objectStore(store).get(key));
  } finally {
    db.close();
  }
}

async function rawPut(name: string, store: string, key: IDBValidKey, value: unknown): Promise<void> {
  const db = await openVault(name);
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value, key);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

const aesKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
const passkeyRecord = { v: 1 as const, credentialId: new Uint8Array([1, 2, 3]), prfSalt: new Uint8Array(32) };

describe('IndexedDB adapter (web only)', () => {
  afterEach(async () => {
    if (current) await request(indexedDB.deleteDatabase(current));
    current = undefined;
  });

  it('W1 a value is stored only sealed, and a sealed value moved to another record does not open', async () => {
    const name = fresh();
    const store = indexedDbDeviceStore(name);
    await store.write([{ op: 'put', kind: 'thought', id: 'b1/t1', value: bytes('Zqvxkw canary words') }]);
    const sealed = (await raw(name, RECORDS, ['thought', 'b1/t1'])) as Uint8Array;
    expect(sealed).toBeInstanceOf(Uint8Array);
    expect(sealed.length).toBe(12 + 'Zqvxkw canary words'.length + 16);
    expect(new TextDecoder('latin1').decode(sealed)).not.toContain('Zqvxkw');
    await rawPut(name, RECORDS, ['thought', 'b1/t2'], sealed);
    await expect(store.get('thought', 'b1/t2')).rejects.toThrow(KeyStoreError);
    expect(text(await store.get('thought', 'b1/t1'))).toBe('Zqvxkw canary words');
    await store.close();
  });

  it('W2 a switch to a passkey and back re-seals every record; a new page reads none until unlocked', async () => {
    const name = fresh();
    const store = indexedDbDeviceStore(name);
    await store.write([
      { op: 'put', kind: 'identity', id: '', value: bytes('keys') },
      { op: 'put', kind: 'thought', id: 'b1/t1', value: bytes('hello') },
    ]);
    const before = (await raw(name, RECORDS, ['identity', ''])) as Uint8Array;
    const key = await aesKey();
    await store.enablePasskey(passkeyRecord, key);
    expect(await raw(name, VAULT, 'wrapping-key')).toBeUndefined();
    expect(await raw(name, RECORDS, ['identity', ''])).not.toEqual(before);
    expect(text(await store.get('thought', 'b1/t1'))).toBe('hello');

    const other = indexedDbDeviceStore(name);
    await expect(other.get('identity', '')).rejects.toThrow('locked');
    await expect(other.write([{ op: 'put', kind: 'k', id: 'a', value: bytes('x') }])).rejects.toThrow('locked');
    expect(await other.passkey()).toEqual(passkeyRecord);
    other.unlock(key);
    expect(text(await other.get('identity', ''))).toBe('keys');

    await store.disablePasskey();
    expect(await raw(name, VAULT, 'passkey-unlock')).toBeUndefined();
    const third = indexedDbDeviceStore(name);
    expect(text(await third.get('thought', 'b1/t1'))).toBe('hello');
    for (const s of [store, other, third]) await s.close();
  });

  it('W3 the previous version’s blob becomes records in one step, and is gone only with the records stored', async () => {
    const name = fresh();
    const document = JSON.stringify({ name: 'Alice', thoughts: ['hi', 'there'] });
    await indexedDbKeyStore(name).save(document);
    const store = indexedDbDeviceStore(name);

    // A conversion that fails leaves the blob for the next try.
    await expect(
      store.migrateLegacyState(() => {
        throw new Error('unreadable');
      }),
    ).rejects.toThrow('unreadable');
    expect(await raw(name, VAULT, LEGACY_STATE_ID)).toBeDefined();

    let seen = '';
    const migrated = await store.migrateLegacyState((doc) => {
      seen = doc;
      const parsed = JSON.parse(doc) as { name: string; thoughts: string[] };
      return [
        { op: 'put', kind: 'identity', id: '', value: bytes(parsed.name) },
        ...parsed.thoughts.map((t, i) => ({ op: 'put' as const, kind: 'thought', id: `b1/${i}`, value: bytes(t) })),
      ];
    });
    expect(migrated).toBe(true);
    expect(seen).toBe(document);
    expect(await raw(name, VAULT, LEGACY_STATE_ID)).toBeUndefined();
    expect(text(await store.get('identity', ''))).toBe('Alice');
    expect((await store.list('thought')).map((r) => text(r.value))).toEqual(['hi', 'there']);
    expect(await store.migrateLegacyState(() => [])).toBe(false);
    await store.close();
  });
  it('W4 a blob locked with a passkey migrates once the page is unlocked, and its records stay under the passkey', async () => {
    const name = fresh();
    const old = indexedDbKeyStore(name);
    await old.save(JSON.stringify({ name: 'Alice' }));
    const key = await aesKey();
    await old.enablePasskey(passkeyRecord, key);
    const toRecords = (doc: string) => [
      { op: 'put' as const, kind: 'identity', id: '', value: bytes((JSON.parse(doc) as { name: string }).name) },
    ];

    const store = indexedDbDeviceStore(name);
    await expect(store.migrateLegacyState(toRecords)).rejects.toThrow('locked');
    expect(await raw(name, VAULT, LEGACY_STATE_ID)).toBeDefined();
    store.unlock(key);
    expect(await store.migrateLegacyState(toRecords)).toBe(true);
    expect(text(await store.get('identity', ''))).toBe('Alice');
    expect(await raw(name, VAULT, 'wrapping-key')).toBeUndefined();
    const other = indexedDbDeviceStore(name);
    await expect(other.get('identity', '')).rejects.toThrow('locked');
    for (const s of [store, other]) await s.close();
  });
});
