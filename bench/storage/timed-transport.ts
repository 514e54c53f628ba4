/**
 * A Transport that notes every HTTP request a device makes — method, path, wall time from call to answer
 * (the relay's work plus loopback), bytes sent and bytes received (binary bodies; JSON counted as text) —
 * so a bench can read how long the relay took to store a chunk or serve a trail page.
 */
import type { HttpRequest, Transport } from '@entwine/client';

export interface TimedRequest {
  method: HttpRequest['method'];
  path: string;
  ms: number;
  sent: number;
  received: number;
}

export function timedTransport(inner: Transport): Transport & { log: TimedRequest[] } {
  const log: TimedRequest[] = [];
  return {
    log,
    origin: inner.origin,
    openSocket: inner.openSocket.bind(inner),
    async request(req) {
      const started = performance.now();
      const res = await inner.request(req);
      log.push({
        method: req.method,
        path: req.path,
        ms: performance.now() - started,
        sent: req.bytes?.length ?? (req.json === undefined ? 0 : JSON.stringify(req.json).length),
        received: res.bytes?.length ?? (res.json === undefined ? 0 : JSON.stringify(res.json).length),
      });
      return res;
    },
  };
}
