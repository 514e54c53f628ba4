/** The Node adapters for @entwine/client: HTTP through the global fetch, WebSocket through `ws`. */
import type { HttpRequest, HttpResponse, SocketHandlers, Timers, Transport } from '@entwine/client';
import WebSocket from 'ws';

export function nodeTransport(server: string): Transport {
  const origin = new URL(server).origin;
  return {
    origin,
    async request(req: HttpRequest): Promise<HttpResponse> {
      const headers: Record<string, string> = {};
      let body: string | Uint8Array | undefined;
      if (req.token) headers.authorization = `Bearer ${req.token}`;
      if (req.bytes) {
        headers['content-type'] = 'application/octet-stream';
        body = req.bytes;
      } else if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      }
      const res = await fetch(origin + req.path, { method: req.method, headers, body });
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
    openSocket(path: string, handlers: SocketHandlers) {
      const ws = new WebSocket(origin.replace(/^http/, 'ws') + path, { perMessageDeflate: false });
      ws.binaryType = 'nodebuffer';
      ws.on('open', () => handlers.open());
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) handlers.binary(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        else handlers.text(data.toString('utf8'));
      });
      ws.on('close', (code: number, reason: Buffer) => handlers.close(code, reason.toString('utf8')));
      ws.on('error', () => {
        // 'close' follows every 'error'; the connection logic handles it there.
      });
      return {
        sendText: (data: string) => ws.send(data),
        sendBinary: (data: Uint8Array) => ws.send(data),
        bufferedAmount: () => ws.bufferedAmount,
        close: () => ws.close(),
      };
    },
  };
}

export const nodeTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
