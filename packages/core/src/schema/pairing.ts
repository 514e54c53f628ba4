/** The three pairing documents (DESIGN §4): invite (inviter), response (invitee), reveal (inviter). */
import { z } from 'zod';
import { signedBlobSchema } from '../crypto/signed-blob.ts';
import { displayName, id16, key32, timestampMs } from './common.ts';

export const inviteDocSchema = z.object({
  v: z.literal(1),
  inviteId: id16,
  name: displayName,
  identityPub: key32,
  deviceList: signedBlobSchema,
  /** SHA-256("entwine/v1/commit" ‖ ePubA ‖ nonceA): the inviter is bound to its ephemeral key before seeing the invitee's. */
  commit: key32,
  expiresAt: timestampMs,
});
export type InviteDoc = z.infer<typeof inviteDocSchema>;

export const responseDocSchema = z.object({
  v: z.literal(1),
  inviteId: id16,
  /** SHA-256 of the sealed invite blob the invitee opened: binds the response to that exact invite. */
  inviteHash: key32,
  name: displayName,
  identityPub: key32,
  deviceList: signedBlobSchema,
  deviceId: id16,
  ePub: key32,
});
export type ResponseDoc = z.infer<typeof responseDocSchema>;

export const revealDocSchema = z.object({
  v: z.literal(1),
  inviteId: id16,
  responseHash: key32,
  deviceId: id16,
  ePub: key32,
  nonce: z.string().length(22),
});
export type RevealDoc = z.infer<typeof revealDocSchema>;

/** Signed by a device of a member once that member said yes; the relay activates a bond on both. */
export const bondConfirmSchema = z.object({
  v: z.literal(1),
  bondId: id16,
  inviteId: id16,
  userId: id16,
  deviceId: id16,
  at: timestampMs,
});
export type BondConfirm = z.infer<typeof bondConfirmSchema>;

/** Signed by a device of either member; the relay stops relaying at once and deletes the bond's ciphertext. */
export const bondEndSchema = z.object({
  v: z.literal(1),
  bondId: id16,
  userId: id16,
  deviceId: id16,
  at: timestampMs,
});
export type BondEnd = z.infer<typeof bondEndSchema>;
