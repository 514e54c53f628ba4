/**
 * `GET /v1/ws`: the live channel, one `SocketSession` per socket. The upgrade is taken straight from
 * the HTTP server with `ws` (noServer mode) rather than routed through Fastify, so an open socket
 * keeps no Fastify request, reply or header strings alive: an idle socket must stay within a few KiB.
 * A plain GET on the path is a catalogue 404. Also pings every socket each `pingIntervalMs` and
 * terminates one that missed the previous pong. Socket ids are unique across relay nodes (a random
 * node id + a counter), because the bus may carry them between nodes to skip the sending socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { EntwineError, ROUTE_TABLE, ROUTES, toBase64url } from '@entwine/core';
import type { FastifyPluginAsync } from 'fastify';
import { WebSocketServer } from 'ws';
import type { PluginOptions } from '../relay-state.ts';
import { relayWebSocketClass } from '../relay-web-socket.ts';
import { serve } from '../route-of.ts';
import { SocketSession } from '../socket-session.ts';

/** Sockets that do not finish the close handshake in this time are cut, so shutdown never hangs. */
const CLOSE_GRACE_MS = 1000;

export const realtimePlugin: FastifyPluginAsync<PluginOptions> = async (app, { relay }) => {
  const sessions = new Set<SocketSession>();
  const node = toBase64url(relay.random.bytes(6));
  let next = 0;
  let closing = false;
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: relay.limits.maxFrameBytes,
    WebSocket: relayWebSocketClass(relay.limits.maxFrameBytes),
  });

  serve(app, ROUTE_TABLE.ws, async () => {
    throw new EntwineError('ENTWINE_ERR_REQ_NOT_FOUND', 'this address takes a WebSocket upgrade');
  });

  const refuse = (socket: Duplex) => socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (closing || path !== ROUTES.ws) return refuse(socket);
    socket.on('error', () => socket.destroy()); // until ws owns the socket
    wss.handleUpgrade(request, socket, head, (ws) => {
      next += 1;
      const session = new SocketSession(ws, relay, `${node}.${next}`, (gone) => sessions.delete(gone));
      sessions.add(session);
      relay.log.debug({ route: ROUTES.ws }, 'socket opened');
    });
  };
  app.server.on('upgrade', onUpgrade);

  const interval = relay.limits.pingIntervalMs;
  const timer =
    interval > 0
      ? setInterval(() => {
          const now = relay.clock.now();
          for (const s of sessions) {
            if (!s.alive) s.terminate();
            else {
              s.closeIfExpired(now);
              s.ping();
            }
          }
        }, interval)
      : undefined;
  timer?.unref();

  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(timer);
    app.server.off('upgrade', onUpgrade);
    for (const s of sessions) s.goAway();
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (sessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    for (const s of sessions) s.terminate();
    wss.close();
  });
};
