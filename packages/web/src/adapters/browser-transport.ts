/**
 * The browser adapter for @entwine/client's Transport: HTTP through `fetch`, the live channel through
 * `WebSocket` (binary frames as ArrayBuffer). The origin is the relay's (`app/relay-origin.ts`): by default
 * the page's own, or the one the build names when the app is served from a static origin of its own; sign-in
 * signatures are bound to it. No cookies are ever sent (`credentials: 'omit'`).
 */
import type { HttpRequest, HttpResponse, RelaySocket, SocketHandlers, Transport } from '@entwine/client';

/** `fetch` itself failed (offline, relay down, refused): no answer at all, as opposed to a refusal. */
export class RelayUnreachableError extends Error {
  constructor(cause: unknown) {
    super('the relay cannot be reached', { cause });
    this.name = 'RelayUnreachableError';
  }
}

export function browserTransport(origin: string = location.origin): Transport {
  return {
    origin,
    async request(req: HttpRequest): Promise<HttpResponse> {
      const headers: Record<string, string> = {};
      let body: BodyInit | undefined;
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.bytes) {
        headers['content-type'] = 'application/octet-stream';
        body = req.bytes as Uint8Array<ArrayBuffer>;
      } else if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      }
      // `no-store`: relay answers (pairings, bonds, backlogs) are never served from the HTTP cache.
      let res: Response;
      try {
        res = await fetch(origin + req.path, { method: req.method, headers, body, cache: 'no-store', credentials: 'omit' });
      } catch (error) {
        throw new RelayUnreachableError(error);
      }
      const type = res.headers.get('content-type') ?? '';
      if (type.startsWith('application/octet-stream')) return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
      const text = await res.text();
      if (!text) return { status: res.status };
      try {
        return { status: res.status, json: JSON.parse(text) };
      } catch {
        return { status: res.status };
      }
    },
    openSocket(path: string, handlers: SocketHandlers): RelaySocket {
      const ws = new WebSocket(origin.replace(/^http/, 'ws') + path);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => handlers.open();
      ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
        if (typeof event.data === 'string') handlers.text(event.data);
        else handlers.binary(new Uint8Array(event.data));
      };
      // 'close' follows every 'error'; the connection logic handles it there.
      ws.onclose = (event) => handlers.close(event.code, event.reason);
      return {
        sendText: (data) => ws.send(data),
        sendBinary: (data) => ws.send(data as Uint8Array<ArrayBuffer>),
        bufferedAmount: () => ws.bufferedAmount,
        close: () => ws.close(),
      };
    },
  };
}
