/**
 * A body declared larger than the relay takes is refused with 413, but only after the relay has read it.
 *
 * Answering before the body is read makes Node close the connection while the client is still writing,
 * and most HTTP clients (fetch among them) then report a broken pipe instead of the 413 and its reason:
 * the person sees "network error" where "this photo is too large" was meant. Reading and discarding up to
 * `drainCapBytes` lets every such client read the refusal and keep its connection. A body declared past
 * the cap is refused at once (Fastify's own path) so that reading it cannot be used to waste the relay's
 * bandwidth for long.
 *
 * Registered first, so a refusal for size comes before sign-in checks that would otherwise answer early.
 */
import { EntwineError } from '@entwine/core';
import type { FastifyInstance } from 'fastify';

export function installOversizeDrain(app: FastifyInstance, maxBodyBytes: number, drainCapBytes: number): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    // A route may take less than the relay-wide limit (envelopes do).
    const limit = request.routeOptions.bodyLimit ?? maxBodyBytes;
    if (!(declared > limit) || declared > drainCapBytes) {
      done();
      return;
    }
    const raw = request.raw;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      done(new EntwineError('ENTWINE_ERR_REQ_TOO_LARGE'));
    };
    raw.on('end', finish);
    raw.on('error', finish);
    raw.on('close', finish);
    raw.resume();
  });
}
