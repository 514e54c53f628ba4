/**
 * The baseline: a bare relay written from scratch with `ws` — no auth, no storage, no acks, no
 * framing of its own. A socket says which peer it is in its URL (`/?peer=<n>`); every binary message
 * it sends is forwarded as-is to peer `n ^ 1` (0↔1, 2↔3, …) if that socket is open, and dropped
 * otherwise. It is the floor the real relay is compared against (DESIGN §12), run as its own process
 * exactly like the relay under test. Protocol with the parent: `child-protocol.ts`.
 *
 *   node --expose-gc --import tsx bench/relay/bare-ws-relay.ts [maxLifetimeMs]
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { serveParent } from './child-protocol.ts';

const OPEN = 1;
const peers = new Map<number, WebSocket>();

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false, maxPayload: 1024 * 1024 });

wss.on('connection', (ws, request) => {
  const peer = Number(new URL(request.url ?? '/', 'http://relay').searchParams.get('peer'));
  if (!Number.isSafeInteger(peer) || peer < 0) {
    ws.close(1008, 'expected ?peer=<n>');
    return;
  }
  peers.set(peer, ws);
  ws.on('message', (data, isBinary) => {
    const partner = peers.get(peer ^ 1);
    if (partner && partner.readyState === OPEN) partner.send(data, { binary: isBinary });
  });
  ws.on('close', () => {
    if (peers.get(peer) === ws) peers.delete(peer);
  });
  ws.on('error', () => {});
});

await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
const { port } = wss.address() as AddressInfo;

serveParent(
  { url: `http://127.0.0.1:${port}`, pid: process.pid },
  () =>
    new Promise<void>((resolve) => {
      for (const ws of peers.values()) ws.terminate();
      wss.close(() => resolve());
    }),
  Number(process.argv[2] ?? 600_000),
);
