/**
 * History over HTTP (decision 0014 §2–5). Guarantees:
 * - `POST /v1/chunks` takes ONE day chunk as `application/octet-stream` and answers after the commit
 *   (201 `{status: 'stored'}`). Before anything is stored: the clear header decodes (`decodeChunkHeader`; no
 *   crypto — readers verify, DESIGN §12); the length is a chunk's (a padded bucket from 1 KiB to 4 MiB); the
 *   sender is the signed-in device; the device's chunk rate; the day is no later than tomorrow on the relay's
 *   clock; the owner is an active bond of the sender's person or that person's vault (`trail-owner.ts`). The
 *   store then keeps it only as the newest revision (CHUNK_STALE) of a day the retention keeps (CHUNK_RETENTION).
 * - `GET /v1/trail/:ownerId?from=D&to=D` answers a trail page (`trail-page.ts` in core): the newest chunk per
 *   (sender, day) in the range, whole days up to `limits.trailPageBytes`, `nextDay` saying where to go on —
 *   to the bond's members or the vault person's own devices only.
 * - `POST/GET /v1/vault/keys`: the caller's own vault's epoch keys, one per epoch, stored as they came (the
 *   relay cannot check what it cannot read; the person's devices verify them).
 * Only octet-stream (chunks) and JSON (vault keys) bodies are parsed here.
 */
import { decodeChunkHeader, EntwineError, encodeTrailPage, isChunkLength, MAX_CHUNK_DAY, ROUTE_TABLE, utcDayOf } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { refusalError } from '../bond-access.ts';
import { parseBody } from '../parse-body.ts';
import type { PluginOptions } from '../relay-state.ts';
import { enforce } from '../request-limits.ts';
import { serve } from '../route-of.ts';
import { trailOwner, vaultOf } from '../trail-owner.ts';
import { bearerHook, senderOf } from './auth.ts';

/** A UTC day number from the query; the last u32 is left out: a page uses it to say "complete". */
function parseDay(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value) || Number(value) >= MAX_CHUNK_DAY) {
    throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', `${field}: expected a UTC day number (days since 1970-01-01)`);
  }
  return Number(value);
}

export const trailPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store, limits } = relay;
  app.addHook('onRequest', bearerHook(relay));
  // The route's bodyLimit applies (a chunk may be 4 MiB, far above the JSON limit).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  serve(
    app,
    ROUTE_TABLE.postChunk,
    async (request, reply) => {
      const sender = senderOf(request);
      if (!Buffer.isBuffer(request.body)) throw new EntwineError('ENTWINE_ERR_REQ_UNSUPPORTED_TYPE', 'expected application/octet-stream');
      const body = request.body;
      let header: ReturnType<typeof decodeChunkHeader>;
      try {
        header = decodeChunkHeader(body);
      } catch (error) {
        throw new EntwineError('ENTWINE_ERR_CHUNK_MALFORMED', (error as Error).message);
      }
      if (!isChunkLength(body.length)) {
        throw new EntwineError('ENTWINE_ERR_CHUNK_MALFORMED', `chunk: expected a padded chunk length, got ${body.length} bytes`);
      }
      if (header.senderDevice !== sender.deviceId) throw new EntwineError('ENTWINE_ERR_CHUNK_SENDER');
      const now = relay.clock.now();
      const today = utcDayOf(now);
      // Tomorrow is allowed: a sender's clock a little ahead near midnight UTC.
      if (header.day > today + 1) throw new EntwineError('ENTWINE_ERR_CHUNK_FUTURE');
      enforce(relay.chunkRate, sender.deviceId, now, 'ENTWINE_ERR_RATE_LIMITED');
      const owner = await trailOwner(relay, header.ownerId, sender);
      const result = await store.putChunk(
        {
          ownerId: owner.ownerId,
          ownerKind: owner.kind,
          senderDevice: sender.deviceId,
          senderUser: sender.userId,
          day: header.day,
          revision: header.revision,
          body,
        },
        today,
      );
      if (result.status === 'stored') return reply.code(201).send({ status: 'stored' });
      if (result.status === 'stale') throw new EntwineError('ENTWINE_ERR_CHUNK_STALE', `stored revision ${result.storedRevision}`);
      if (result.status === 'retention') throw new EntwineError('ENTWINE_ERR_CHUNK_RETENTION');
      throw refusalError(result.status);
    },
    { bodyLimit: limits.maxChunkBytes },
  );

  serve(app, ROUTE_TABLE.trail, async (request, reply) => {
    const sender = senderOf(request);
    const from = parseDay(request.query.from, 'from');
    const to = parseDay(request.query.to, 'to');
    if (from > to) throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'from: expected a day at or before to');
    const owner = await trailOwner(relay, request.params.ownerId, sender);
    const page = await store.readChunks(owner.ownerId, from, to, limits.trailPageBytes, utcDayOf(relay.clock.now()));
    const frame = encodeTrailPage({ chunks: page.chunks.map((c) => c.body), nextDay: page.nextDay });
    return reply.type('application/octet-stream').send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  });

  serve(app, ROUTE_TABLE.postVaultKey, async (request, reply) => {
    const sender = senderOf(request);
    const key = parseBody(ROUTE_TABLE.postVaultKey.request, request.body);
    if (!relay.rate.take(sender.deviceId, relay.clock.now())) throw new EntwineError('ENTWINE_ERR_RATE_LIMITED');
    const status = await store.putVaultKey(await vaultOf(relay, sender), key);
    return reply.code(status === 'stored' ? 201 : 200).send({ status });
  });

  serve(app, ROUTE_TABLE.vaultKeys, async (request) => {
    return { keys: await store.listVaultKeys(await vaultOf(relay, senderOf(request))) };
  });
};
