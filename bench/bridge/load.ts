/**
 * The bridge bench's load client and its baseline server.
 * - `postBatches`: `connections` workers, each posting the next batch not yet taken (so batches leave in walk
 *   order) with Node's fetch (undici's keep-alive pool: one connection per worker, reused), and waiting for
 *   `{"result":"ok"}` before its next. A batch's ack time is send → the whole answer read and parsed.
 * - `startBareServer`: what an Overland receiver does at the least — read the body, `JSON.parse` it, answer
 *   `{"result":"ok"}`; nothing kept. It runs in this process, so it shares the load client's event loop.
 */
import { createServer, type Server } from 'node:http';

export interface LoadResult {
  /** Per batch, send → ok received, in ms (in completion order). */
  acks: number[];
  /** The batch each ack was for (`acks[k]` answered batch `batchOf[k]`). */
  batchOf: number[];
  wallMs: number;
  /** `performance.now()` when the walk's last batch was answered ok. */
  lastBatchAckedAt: number;
  /** Batches answered with anything but 200 `{"result":"ok"}`, with what came back (the first few). */
  failures: string[];
}

export async function postBatches(url: string, bodies: readonly string[], connections: number): Promise<LoadResult> {
  const acks: number[] = [];
  const batchOf: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let lastBatchAckedAt = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const sent = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] as string });
      const text = await res.text();
      const answered = performance.now();
      let ok = false;
      try {
        ok = res.status === 200 && (JSON.parse(text) as { result?: unknown }).result === 'ok';
      } catch {
        ok = false;
      }
      if (!ok) {
        if (failures.length < 5) failures.push(`batch ${i}: ${res.status} ${text.slice(0, 200)}`);
        continue;
      }
      acks.push(answered - sent);
      batchOf.push(i);
      if (i === bodies.length - 1) lastBatchAckedAt = answered;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return { acks, batchOf, wallMs: performance.now() - started, lastBatchAckedAt, failures };
}

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareServer(): Promise<BareServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let status = 200;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { locations?: unknown };
        if (!Array.isArray(body.locations)) status = 400;
      } catch {
        status = 400;
      }
      const text = status === 200 ? '{"result":"ok"}' : '{"error":"expected an Overland batch"}';
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/overland`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The nearest-rank percentile of `list` (0 for none). */
export function percentile(list: readonly number[], p: number): number {
  if (list.length === 0) return 0;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
