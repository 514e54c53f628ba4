/**
 * The device state from the web app's decrypted `device-state` plaintext. Since issue 12 the plaintext is
 * the device's records (`{records: 2, kinds: {kind: {id: base64url}}}`, `blobBackedStore`); before, it was
 * the state itself. Tests that look for keys or canaries in it read it through here.
 */
import { type DeviceState, deviceStateOf, memoryStoreData } from '@entwine/client';

export function webState(plaintext: string): DeviceState {
  const doc = JSON.parse(plaintext) as { records?: number; kinds?: Record<string, Record<string, string>> } & DeviceState;
  if (doc.records !== 2 || !doc.kinds) return doc;
  const data = memoryStoreData();
  for (const [kind, ids] of Object.entries(doc.kinds)) {
    data.records.set(kind, new Map(Object.entries(ids).map(([id, value]) => [id, new Uint8Array(Buffer.from(value, 'base64url'))])));
  }
  const state = deviceStateOf(data);
  if (!state) throw new Error('webState: the records hold no device');
  return state;
}
