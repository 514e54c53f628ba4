/**
 * Session tokens: 32 random bytes (base64url) handed to the device once; the store keeps only their
 * SHA-256, so a copy of the database cannot be used to sign in. Lifetime 12 h.
 */
import { createHash } from 'node:crypto';
import { type Random, toBase64url } from '@entwine/core';
import type { RelayState, Session } from './relay-state.ts';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function newSessionToken(random: Random): { token: string; tokenHash: string } {
  const token = toBase64url(random.bytes(32));
  return { token, tokenHash: hashToken(token) };
}

/** The device a bearer token belongs to, if the token is known and unexpired. */
export async function resolveSession(relay: RelayState, token: string): Promise<Session | undefined> {
  if (token.length < 16 || token.length > 128) return undefined;
  const session = await relay.store.getSession(hashToken(token), relay.clock.now());
  return session && { deviceId: session.deviceId, userId: session.userId, expiresAt: session.expiresAt };
}
