/**
 * Signed documents a device sends about a bond (bond-confirm, bond-end, key-dist) are checked with the
 * signing key of the device that is signed in, so a device can speak only for itself; then their
 * fields are matched against the route. Any mismatch is ENTWINE_ERR_SIGNED_DOC_INVALID with the field.
 */
import { EntwineError, openBlob, type SignedBlob, type SignedContext } from '@entwine/core';
import type { RelayState, Sender } from './relay-state.ts';

export async function openSenderDoc<T>(
  relay: RelayState,
  context: SignedContext,
  blob: SignedBlob,
  sender: Sender,
  schema: Parameters<typeof openBlob<T>>[4],
  label: string,
): Promise<T> {
  const device = await relay.store.getDevice(sender.deviceId);
  if (!device) throw new EntwineError('ENTWINE_ERR_AUTH_UNKNOWN_DEVICE');
  const doc = await openBlob(relay.ed, context, blob, device.signPub, schema);
  if (!doc) throw new EntwineError('ENTWINE_ERR_SIGNED_DOC_INVALID', `${label}: not a ${context} signed by this device`);
  return doc;
}

export function requireField(ok: boolean, field: string, what: string): void {
  if (!ok) throw new EntwineError('ENTWINE_ERR_SIGNED_DOC_INVALID', `${field}: ${what}`);
}
