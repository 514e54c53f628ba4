/**
 * Sign-in by challenge–response (DESIGN §3) and the bearer-token hook every session route uses.
 * - challenge: 32 random bytes, valid 60 s, stored with the device it was issued to;
 * - session: the nonce is burnt on first use (a second use or an expired one → AUTH_NONCE_USED), then
 *   the device's signature over `authMessage(origin, deviceId, nonce, exp)` is checked with its signPub;
 * - the token is 32 random bytes, 12 h, and only its SHA-256 is stored;
 * - a device its identity dropped from a newer device list gets AUTH_DEVICE_REPLACED (410), not
 *   AUTH_UNKNOWN_DEVICE, so it can tell its person that the identity moved and stop retrying.
 */
import { authMessage, EntwineError, fromBase64url, ROUTE_TABLE, toBase64url } from '@entwine/core';
import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { parseBody } from '../parse-body.ts';
import type { PluginOptions, RelayState, Sender } from '../relay-state.ts';
import { enforce } from '../request-limits.ts';
import { serve } from '../route-of.ts';
import { newSessionToken, resolveSession, SESSION_LIFETIME_MS } from '../session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    sender: Sender | null;
  }
}

export const CHALLENGE_LIFETIME_MS = 60_000;

/**
 * Why a device cannot sign in: its identity dropped it from a newer device list (a restore elsewhere), so
 * it can say so and stop retrying; or this relay never knew it.
 */
async function unknownDevice(relay: RelayState, deviceId: string): Promise<EntwineError> {
  return (await relay.store.getRemovedDevice(deviceId))
    ? new EntwineError('ENTWINE_ERR_AUTH_DEVICE_REPLACED')
    : new EntwineError('ENTWINE_ERR_AUTH_UNKNOWN_DEVICE');
}

/** onRequest hook: resolves `Authorization: Bearer <token>` before any body is read. */
export function bearerHook(relay: RelayState): onRequestAsyncHookHandler {
  return async (request) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const session = token ? await resolveSession(relay, token) : undefined;
    if (!session) throw new EntwineError('ENTWINE_ERR_AUTH_REQUIRED');
    request.sender = { deviceId: session.deviceId, userId: session.userId };
  };
}

export function senderOf(request: FastifyRequest): Sender {
  if (!request.sender) throw new EntwineError('ENTWINE_ERR_AUTH_REQUIRED');
  return request.sender;
}

export const authPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store } = relay;

  serve(app, ROUTE_TABLE.challenge, async (request) => {
    const { deviceId } = parseBody(ROUTE_TABLE.challenge.request, request.body);
    if (!(await store.getDevice(deviceId))) throw await unknownDevice(relay, deviceId);
    // After the lookup: an unknown id gets no bucket, and its 401 stays what a removed device learns.
    enforce(relay.requestRate.challenge, deviceId, relay.clock.now(), 'ENTWINE_ERR_AUTH_TOO_FAST');
    const nonce = toBase64url(relay.random.bytes(32));
    const exp = relay.clock.now() + CHALLENGE_LIFETIME_MS;
    await store.putAuthNonce(nonce, deviceId, exp);
    return { nonce, exp };
  });

  serve(app, ROUTE_TABLE.session, async (request) => {
    const { deviceId, nonce, sig } = parseBody(ROUTE_TABLE.session.request, request.body);
    const device = await store.getDevice(deviceId);
    if (!device) throw await unknownDevice(relay, deviceId);
    const now = relay.clock.now();
    const challenge = await store.consumeAuthNonce(nonce, deviceId, now);
    if (!challenge) throw new EntwineError('ENTWINE_ERR_AUTH_NONCE_USED');
    let sigBytes: Uint8Array;
    try {
      sigBytes = fromBase64url(sig, 'sig');
    } catch {
      throw new EntwineError('ENTWINE_ERR_AUTH_BAD_SIGNATURE', 'sig: expected unpadded base64url');
    }
    const signed = authMessage(relay.originFor(request.headers.host), deviceId, fromBase64url(nonce), challenge.expiresAt);
    if (!(await relay.ed.verify(sigBytes, signed, device.signPub))) throw new EntwineError('ENTWINE_ERR_AUTH_BAD_SIGNATURE');
    const { token, tokenHash } = newSessionToken(relay.random);
    const exp = now + SESSION_LIFETIME_MS;
    await store.createSession({ tokenHash, deviceId, userId: device.userId, expiresAt: exp });
    return { token, exp };
  });
};
