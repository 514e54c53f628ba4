/**
 * One device record's value at rest in IndexedDB: `iv (12 bytes) ‖ AES-256-GCM ciphertext and tag`, with a
 * fresh random IV per write (NIST SP 800-38D §8.2.2) and the record's address as associated data — the UTF-8
 * of `["entwine/v2/web-record", kind, id]` as JSON — so a value copied or moved to another record does not open.
 */
import { KeyStoreError } from './indexeddb-vault.ts';

const IV_BYTES = 12;
const AAD_LABEL = 'entwine/v2/web-record';

function aad(kind: string, id: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify([AAD_LABEL, kind, id]));
}

export async function sealValue(key: CryptoKey, kind: string, id: string, value: Uint8Array): Promise<Uint8Array> {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${kind}/${id}: expected Uint8Array, got ${typeof value}`);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(kind, id) }, key, value as Uint8Array<ArrayBuffer>);
  const out = new Uint8Array(IV_BYTES + ct.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ct), IV_BYTES);
  return out;
}

export async function openValue(key: CryptoKey, kind: string, id: string, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.subarray(0, IV_BYTES) as Uint8Array<ArrayBuffer>, additionalData: aad(kind, id) },
      key,
      sealed.subarray(IV_BYTES) as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new KeyStoreError('undecryptable', `${kind}: ${String(error)}`);
  }
}
