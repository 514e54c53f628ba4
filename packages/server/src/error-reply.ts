/**
 * One error path for every HTTP refusal: whatever was thrown becomes `{code, message}` with the
 * catalogue status. EntwineErrors pass through; Fastify's own body errors map to the REQ_* codes by
 * their status; anything else is a 500 ENTWINE_ERR_INTERNAL whose details go to the log only.
 */
import { EntwineError } from '@entwine/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from './request-limits.ts';

function toEntwineError(error: FastifyError | Error): EntwineError {
  if (error instanceof EntwineError) return error;
  const status = (error as FastifyError).statusCode;
  const code = (error as FastifyError).code ?? '';
  if (code === 'FST_ERR_BAD_URL') return new EntwineError('ENTWINE_ERR_REQ_BAD_PATH');
  if (status === 413) return new EntwineError('ENTWINE_ERR_REQ_TOO_LARGE');
  if (status === 415) return new EntwineError('ENTWINE_ERR_REQ_UNSUPPORTED_TYPE');
  if (status === 404) return new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's JSON parse messages can quote the body; the client gets a fixed detail instead.
    const detail = code.includes('JSON')
      ? code.includes('EMPTY')
        ? 'body is empty'
        : 'body is not valid JSON'
      : 'request could not be read';
    return new EntwineError('ENTWINE_ERR_REQ_MALFORMED', detail);
  }
  return new EntwineError('ENTWINE_ERR_INTERNAL');
}

function send(reply: FastifyReply, e: EntwineError) {
  if (e instanceof RateLimitedError) reply.header('retry-after', String(e.retryAfterS));
  return reply.code(e.status).type('application/json; charset=utf-8').send({ code: e.code, message: e.message });
}

/**
 * Fastify's `frameworkErrors`: refusals its router makes before any route or hook runs (a path whose
 * percent-encoding does not decode, an over-long parameter). Same `{code, message}` shape; the path is not
 * repeated back.
 */
export function badUrlReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  return send(reply, toEntwineError(error));
}

export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const e = toEntwineError(error);
    if (e.status >= 500) request.log.error({ err: error, code: e.code, route: request.routeOptions.url }, 'request failed');
    return send(reply, e);
  });
  app.setNotFoundHandler((_request, reply) => {
    const e = new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND');
    return reply.code(e.status).type('application/json; charset=utf-8').send({ code: e.code, message: e.message });
  });
}
