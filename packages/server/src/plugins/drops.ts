/**
 * App drops over HTTP (decision 0019). A tracker app that seals its own payloads — OwnTracks in encrypted
 * mode, secretbox under a key only the person's devices hold — may post straight to the relay; the person's
 * bridge collects the posts, opens and records them, then acknowledges them. Guarantees:
 * - `POST /v1/drops/:dropId` (the app) needs the drop's token as the HTTP basic-auth password (OwnTracks'
 *   own Authentication setting); the relay compares SHA-256 digests and holds no token. The body must be
 *   OwnTracks' sealed form `{_type: "encrypted", data}`: anything else — a readable position above all — is
 *   refused with DROP_PLAINTEXT before anything is stored, and no body is ever logged. Only `data` is kept.
 *   The answer, `[]` (OwnTracks' "no friends"), comes after the commit: OwnTracks takes any answer as
 *   delivered. A full drop answers 507, so the app keeps its queue and sends again later.
 * - `PUT /v1/drops/:dropId`, `GET /v1/drops`, `GET …/posts`, `POST …/ack`: the drop's person's signed-in
 *   devices only; to anyone else a drop does not exist (DROP_UNKNOWN), except that its address is taken.
 */
import { timingSafeEqual } from 'node:crypto';
import { DROP_POST_MAX_CHARS, EntwineError, ROUTE_TABLE } from '@entwine/core';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { parseBody } from '../parse-body.ts';
import type { PluginOptions, RelayState } from '../relay-state.ts';
import { enforce } from '../request-limits.ts';
import { serve } from '../route-of.ts';
import { hashToken } from '../session-token.ts';
import type { DropRecord } from '../store/drop-store.ts';
import { bearerHook, senderOf } from './auth.ts';

/** Posts one collection reads at most. */
const MAX_POSTS_PAGE = 500;

/** The password of an HTTP basic `Authorization` header; undefined when there is none or it is not basic. */
function basicPassword(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const pair = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = pair.indexOf(':');
  return colon < 0 ? undefined : pair.slice(colon + 1);
}

/** The token's SHA-256 as sessions' are kept (`hashToken`), compared in constant time. */
function tokenMatches(drop: DropRecord, token: string | undefined): boolean {
  if (token === undefined) return false;
  const given = Buffer.from(hashToken(token));
  const stored = Buffer.from(drop.tokenHash);
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/** The caller's own drop, or DROP_UNKNOWN (another person's drop is not told apart from none). */
async function ownDrop(relay: RelayState, request: FastifyRequest, dropId: string): Promise<DropRecord> {
  const drop = await relay.store.getDrop(dropId);
  if (!drop || drop.userId !== senderOf(request).userId) throw new EntwineError('ENTWINE_ERR_DROP_UNKNOWN');
  return drop;
}

function parseCount(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', `${field}: expected a whole number`);
  }
  return Number(value);
}

export const dropsPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store, limits } = relay;
  const session = { onRequest: bearerHook(relay) };

  serve(
    app,
    ROUTE_TABLE.putDrop,
    async (request) => {
      const { tokenHash } = parseBody(ROUTE_TABLE.putDrop.request, request.body);
      const { dropId } = request.params;
      if (!/^[A-Za-z0-9_-]{22}$/.test(dropId)) throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'dropId: expected 16 bytes, base64url');
      const userId = senderOf(request).userId;
      const result = await store.putDrop({ dropId, userId, tokenHash }, relay.clock.now(), limits.maxDropsPerUser);
      if (result.status === 'taken') throw new EntwineError('ENTWINE_ERR_DROP_TAKEN');
      if (result.status === 'too-many') throw new EntwineError('ENTWINE_ERR_DROP_TOO_MANY', `at most ${limits.maxDropsPerUser}`);
      return { status: result.status };
    },
    session,
  );

  serve(app, ROUTE_TABLE.drops, async (request) => ({ drops: await store.listDrops(senderOf(request).userId) }), session);

  serve(
    app,
    ROUTE_TABLE.dropPosts,
    async (request) => {
      const drop = await ownDrop(relay, request, request.params.dropId);
      const after = parseCount(request.query.after, 'after', 0);
      const limit = Math.min(MAX_POSTS_PAGE, Math.max(1, parseCount(request.query.limit, 'limit', MAX_POSTS_PAGE)));
      return store.readDropPosts(drop.dropId, after, limit);
    },
    session,
  );

  serve(
    app,
    ROUTE_TABLE.dropAck,
    async (request) => {
      const drop = await ownDrop(relay, request, request.params.dropId);
      const { upTo } = parseBody(ROUTE_TABLE.dropAck.request, request.body);
      return { deleted: await store.ackDropPosts(drop.dropId, upTo) };
    },
    session,
  );

  serve(
    app,
    ROUTE_TABLE.postToDrop,
    async (request, reply) => {
      const drop = await store.getDrop(request.params.dropId);
      // One answer for "no such drop" and "wrong token": a guessed address learns nothing.
      if (!drop || !tokenMatches(drop, basicPassword(request))) throw new EntwineError('ENTWINE_ERR_DROP_AUTH');
      const body = ROUTE_TABLE.postToDrop.request.safeParse(request.body);
      if (!body.success) {
        const type = (request.body as { _type?: unknown } | null)?._type;
        // A readable payload is refused without saying anything of it back; a malformed sealed one says which field.
        if (type !== 'encrypted') throw new EntwineError('ENTWINE_ERR_DROP_PLAINTEXT');
        throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'data: expected the sealed payload in base64, at most 16 KiB');
      }
      const now = relay.clock.now();
      enforce(relay.requestRate.dropPost, drop.dropId, now, 'ENTWINE_ERR_RATE_LIMITED');
      const result = await store.appendDropPost(drop.dropId, body.data.data, now, limits.maxDropWaiting);
      if (result.status === 'full') throw new EntwineError('ENTWINE_ERR_DROP_FULL', `${limits.maxDropWaiting} waiting`);
      if (result.status === 'missing') throw new EntwineError('ENTWINE_ERR_DROP_AUTH');
      return reply.code(200).send([]);
    },
    { bodyLimit: 2 * DROP_POST_MAX_CHARS },
  );
};
