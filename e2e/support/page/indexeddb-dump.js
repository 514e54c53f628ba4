/**
 * Runs inside the page (via `page.evaluate`): reads every record of every IndexedDB database of the origin,
 * flattened into parts (text, bytes as base64, CryptoKey as type/extractable), opens every sealed device
 * record (`records`, `iv ‖ ciphertext` with its kind and id as associated data) and the previous version's
 * one-document state if one is left (`device-state`), with the stored wrapping key (a page may USE a
 * non-extractable key, never read it), and tries to export that key. Plain browser JavaScript: the test
 * project type-checks Node code only.
 */
async () => {
  const b64 = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  const req = (r) =>
    new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const flatten = (v, out) => {
    if (v instanceof CryptoKey) out.push({ kind: 'key', value: `${v.type}/${String(v.extractable)}` });
    else if (v instanceof ArrayBuffer) out.push({ kind: 'bytes', value: b64(new Uint8Array(v)) });
    else if (ArrayBuffer.isView(v)) out.push({ kind: 'bytes', value: b64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) });
    else if (typeof v === 'string') out.push({ kind: 'text', value: v });
    else if (v && typeof v === 'object') for (const x of Object.values(v)) flatten(x, out);
    else out.push({ kind: 'text', value: String(v) });
  };
  const records = [];
  let key;
  let sealed;
  const sealedRecords = [];
  for (const info of await indexedDB.databases()) {
    const db = await req(indexedDB.open(info.name));
    for (const store of Array.from(db.objectStoreNames)) {
      const os = db.transaction(store, 'readonly').objectStore(store);
      const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
      keys.forEach((k, i) => {
        const parts = [];
        flatten(values[i], parts);
        records.push({ db: db.name, store, key: String(k), parts });
        if (values[i] instanceof CryptoKey) key = values[i];
        if (k === 'device-state') sealed = values[i];
        if (store === 'records') sealedRecords.push({ kind: k[0], id: k[1], sealed: values[i] });
      });
    }
    db.close();
  }
  if (!key || (!sealed && sealedRecords.length === 0)) throw new Error('no wrapping key or no sealed state in IndexedDB');
  let plaintext;
  if (sealed) {
    const additionalData = new TextEncoder().encode('entwine/v1/web-keystore');
    plaintext = new TextDecoder().decode(
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData }, key, sealed.ciphertext),
    );
  }
  const opened = [];
  for (const r of sealedRecords) {
    const additionalData = new TextEncoder().encode(JSON.stringify(['entwine/v2/web-record', r.kind, r.id]));
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: r.sealed.subarray(0, 12), additionalData },
      key,
      r.sealed.subarray(12),
    );
    opened.push({ kind: r.kind, id: r.id, value: b64(new Uint8Array(plain)) });
  }
  const exportRefused = await crypto.subtle.exportKey('raw', key).then(
    () => false,
    () => true,
  );
  return {
    records,
    plaintext,
    opened,
    wrappingKey: {
      type: key.type,
      extractable: key.extractable,
      algorithm: key.algorithm.name,
      length: key.algorithm.length,
      exportRefused,
    },
    localStorage: JSON.stringify({ ...localStorage }),
  };
};
