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
export const sig64 = b64urlOf(64);
export const displayName = z.string().trim().min(1).max(64);
export const timestampMs = z.number().int().nonnegative().max(8.64e15);
