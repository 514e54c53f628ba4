/**
 * Envelopes over HTTP: `POST /v1/envelopes` takes ONE envelope as `application/octet-stream` and
 * answers only after the group commit (201 `{cursor}` stored, 409 ENVELOPE_DUPLICATE); the checks are
 * the WebSocket's (`envelope-intake.ts`). `GET /v1/bonds/:bondId/envelopes?after=N&limit=M` answers a
 * DELIVER frame (possibly with 0 envelopes) of the active bond's stored envelopes with cursor > N.
 * Only octet-stream bodies are parsed here: JSON or text is 415.
 */
import { ACK_STATUS, ACK_STATUS_CODES, EntwineError, encodeDeliverFrame, MAX_FRAME_ENVELOPES, ROUTE_TABLE } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { memberBond, requireActive } from '../bond-access.ts';
import { submitEnvelopes } from '../envelope-intake.ts';
import type { PluginOptions } from '../relay-state.ts';
import { serve } from '../route-of.ts';
import { bearerHook, senderOf } from './auth.ts';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

function parseAfter(value: unknown): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value) || BigInt(value) > U64_MAX) {
    throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'after: expected a cursor (decimal u64)');
  }
  return BigInt(value);
}

function parseLimit(value: unknown, max: number): number {
  if (value === undefined) return Math.min(256, max);
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new EntwineError('ENTWINE_ERR_REQ_MALFORMED', 'limit: expected a positive integer');
  }
  return Math.min(Number(value), max, MAX_FRAME_ENVELOPES);
}

export const envelopesPlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const { store, limits, hooks } = relay;
  app.addHook('onRequest', bearerHook(relay));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: limits.maxEnvelopeBytes }, (_req, body, done) =>
    done(null, body),
  );

  serve(app, ROUTE_TABLE.postEnvelope, async (request, reply) => {
    const sender = senderOf(request);
    if (!Buffer.isBuffer(request.body)) {
      throw new EntwineError('ENTWINE_ERR_REQ_UNSUPPORTED_TYPE', 'expected application/octet-stream');
    }
    const submission = await submitEnvelopes(relay, sender, [request.body], (bondId) => store.getBond(bondId), {
      deviceId: sender.deviceId,
    });
    const [outcome] = await submission.result;
    if (!outcome) throw new EntwineError('ENTWINE_ERR_INTERNAL');
    if (outcome.status === ACK_STATUS.stored) return reply.code(201).send({ cursor: String(outcome.cursor) });
    throw new EntwineError(ACK_STATUS_CODES[outcome.status], outcome.detail);
  });

  serve(app, ROUTE_TABLE.backlog, async (request, reply) => {
    const sender = senderOf(request);
    const after = parseAfter(request.query.after);
    const limit = parseLimit(request.query.limit, limits.backlogMaxEnvelopes);
    const bond = await memberBond(relay, request.params.bondId, sender.userId);
    requireActive(bond);
    const rows = await store.readEnvelopes(bond.bondId, after, limit, limits.backlogMaxBytes);
    const hook = hooks?.onDeliver;
    const page = hook
      ? await Promise.all(rows.map(async (r) => ({ cursor: r.cursor, envelope: await hook(r.body) })))
      : rows.map((r) => ({ cursor: r.cursor, envelope: r.body }));
    const frame = encodeDeliverFrame(hooks?.onBacklogPage ? await hooks.onBacklogPage(bond.bondId, after, page) : page);
    return reply.type('application/octet-stream').send(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  });
};
