/**
 * What a newer version of Entwine would send: a message of a kind this version does not know, sealed and
 * signed by the sender's real device under its real epoch (so it verifies) — and the same message with one
 * ciphertext bit flipped (so it does not). Posted straight to the relay with the sender's session.
 * The genuine one takes the sender's next seq and the forged one the seq after: the sender must not seal
 * anything more in this epoch afterwards (the relay would call its next envelope a duplicate).
 */
import type { DeviceState } from '@entwine/client';
import { fromBase64url } from '@entwine/core';
import { craftEnvelope, postEnvelope, rawSession } from './raw-client.ts';

/** A kind no version has yet, with a body a newer client might send. */
export const NEWER_KIND = 'check-in';

export async function postNewerKind(server: string, sender: DeviceState): Promise<void> {
  const bond = Object.values(sender.bonds).find((b) => b.status === 'active' && b.sending);
  if (!bond?.sending) throw new Error('postNewerKind: the sender has no active bond with a sending epoch yet');
  const epoch = bond.sending;
  const message = { kind: NEWER_KIND, ts: Date.now(), until: Date.now() + 3_600_000 };
  const seal = (seq: bigint) =>
    craftEnvelope(sender, { bondId: bond.bondId, epochId: epoch.epochId, key: fromBase64url(epoch.key), seq, message });
  const genuine = await seal(BigInt(epoch.nextSeq));
  const forged = (await seal(BigInt(epoch.nextSeq) + 1n)).slice();
  forged[100] = (forged[100] as number) ^ 0x01; // one bit of the ciphertext
  const token = await rawSession(server, sender);
  for (const envelope of [genuine, forged]) {
    const posted = await postEnvelope(server, token, envelope);
    if (posted.status !== 201) throw new Error(`postNewerKind: the relay answered ${posted.status} ${posted.code ?? ''}`);
  }
}
