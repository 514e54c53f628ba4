/** Field shapes shared by the schemas: ids and keys travel as unpadded base64url. */
import { z } from 'zod';

const b64urlOf = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/);

export const id16 = b64urlOf(16); // userId, deviceId, bondId, inviteId
export const id8 = b64urlOf(8); // epochId
export const key32 = b64urlOf(32); // Ed25519 / X25519 public keys
export const digest32 = b64urlOf(32); // SHA-256 digests (an app drop's token hash)
export const sig64 = b64urlOf(64);
/** A display name's longest length, in characters (code points: an emoji or a CJK character counts once). */
export const DISPLAY_NAME_MAX_CHARS = 64;
export const displayName = z
  .string()
  .trim()
  .min(1)
  .refine((s) => [...s].length <= DISPLAY_NAME_MAX_CHARS, { message: `at most ${DISPLAY_NAME_MAX_CHARS} characters` });
export const timestampMs = z.number().int().nonnegative().max(8.64e15);
