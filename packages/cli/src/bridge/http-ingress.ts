/**
 * The bridge's HTTP side: each tracker app posts to its own path, in its own protocol, with its own token
 * (`entwine bridge setup APP` prints the URL):
 * - `POST /owntracks` — OwnTracks HTTP mode; the token as the password of HTTP basic auth (the app's
 *   "Authentication" setting), or `?token=`. Answered with the partners as OwnTracks friends, or `[]`,
 *   after the durable write: OwnTracks counts any answer, even an error, as delivered.
 * - `POST /overland` — Overland batches; the token as `Authorization: Bearer` or `?token=`. Answered
 *   `{"result":"ok"}` only once the whole batch is durable (Overland deletes its queue on that answer only).
 * - `GET|POST /gpslogger` — GPSLogger's custom URL (query or form) and a CSV body; the token as `?token=`.
 * - `GET|POST /` and `/traccar` — Traccar Client and OsmAnd (query, form, or Traccar Client's JSON); the
 *   token is the device identifier (`id`, `deviceid`, `device_id`), which the app lets the person set.
 * A payload that cannot be read gets 400 and a sentence saying what was expected; a wrong token 401; a body
 * over MAX_BODY_BYTES 413. Nothing of a refused payload is kept, and nothing of anyone else's is touched.
 * No coordinate is ever written to the log.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  EntwineError,
  encryptOwnTracks,
  owntracksKey,
  readGpsLogger,
  readGpsLoggerCsv,
  readOverland,
  readOwnTracks,
  readTraccarJson,
  readTraccarQuery,
  type TrackerApp,
  type TrackerItem,
} from '@entwine/core';
import type { Accepted, Bridge } from './bridge.ts';
import type { BridgeStore } from './bridge-store.ts';
import { friendsOf, type Partner } from './owntracks-friends.ts';

/** Overland's largest batch (1 000 points of about 600 bytes) with room to spare; anything larger is refused. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface Ingress {
  bridge: Bridge;
  store: BridgeStore;
  partners: () => Partner[];
  log: (line: string) => void;
}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpRefusal(413, `the body is over ${MAX_BODY_BYTES} bytes; send smaller batches`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string, app: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpRefusal(400, `${app}: expected a JSON body, got text that does not parse (${text.length} characters)`);
  }
}

/** Query parameters and a form body, as one map (the body's win); keys as sent. */
function paramsOf(url: URL, body: string, contentType: string): Record<string, string> {
  const params: Record<string, string> = Object.fromEntries(url.searchParams);
  if (contentType.includes('application/x-www-form-urlencoded') && body)
    Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  return params;
}

function basicPassword(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

function tokenFor(app: TrackerApp, req: IncomingMessage, url: URL, params: Record<string, string>, json: unknown): string | undefined {
  const query = url.searchParams.get('token') ?? undefined;
  switch (app) {
    case 'owntracks':
      return basicPassword(req) ?? query;
    case 'overland':
      return bearer(req) ?? query;
    case 'gpslogger':
      return query ?? params.token;
    case 'traccar': {
      const fromJson = json && typeof json === 'object' ? (json as { device_id?: unknown }).device_id : undefined;
      return params.id ?? params.deviceid ?? (typeof fromJson === 'string' ? fromJson : undefined);
    }
  }
}

const APP_OF_PATH: Record<string, TrackerApp> = {
  '/owntracks': 'owntracks',
  '/overland': 'overland',
  '/gpslogger': 'gpslogger',
  '/traccar': 'traccar',
  '/': 'traccar',
};

function reply(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const summary = (app: string, a: Accepted) =>
  `${app}: ${a.added} new point${a.added === 1 ? '' : 's'}, ${a.duplicates} already kept` +
  (a.rejected.length ? `, ${a.rejected.length} refused (${[...new Set(a.rejected.map((r) => r.reason))].join(', ')})` : '') +
  (a.placesAdded.length ? `, places made from the app's regions: ${a.placesAdded.join(', ')}` : '');

/** Reads one request into items for its app (throws HttpRefusal / EntwineError for what cannot be read). */
async function readRequest(
  app: TrackerApp,
  req: IncomingMessage,
  url: URL,
  store: BridgeStore,
): Promise<{ items: TrackerItem[]; encrypted: boolean; key?: Uint8Array }> {
  const method = req.method ?? 'GET';
  if (method !== 'POST' && !(method === 'GET' && (app === 'gpslogger' || app === 'traccar'))) {
    throw new HttpRefusal(405, `${app}: expected ${app === 'owntracks' || app === 'overland' ? 'POST' : 'GET or POST'}, got ${method}`);
  }
  const body = method === 'POST' ? await bodyOf(req) : '';
  const type = String(req.headers['content-type'] ?? '');
  const isJson = type.includes('json') || (app !== 'gpslogger' && app !== 'traccar') || /^\s*[[{]/.test(body);
  const json = body && isJson ? parseJson(body, app) : undefined;
  const params = paramsOf(url, isJson ? '' : body, type);
  const token = tokenFor(app, req, url, params, json);
  const record = token ? store.byToken(token) : undefined;
  if (!record || record.app !== app) {
    throw new HttpRefusal(401, `${app}: no valid token; run \`entwine bridge setup ${app}\` and use the URL it prints`);
  }
  switch (app) {
    case 'owntracks': {
      const key = record.key ? owntracksKey(record.key) : undefined;
      const user = req.headers['x-limit-u'];
      const device = req.headers['x-limit-d'];
      const topic = typeof user === 'string' && typeof device === 'string' ? `owntracks/${user}/${device}` : undefined;
      const encrypted = Array.isArray(json) ? json.some(isEncrypted) : isEncrypted(json);
      return { items: readOwnTracks(json, { ...(key ? { key } : {}), ...(topic ? { topic } : {}) }), encrypted, ...(key ? { key } : {}) };
    }
    case 'overland':
      return { items: readOverland(json), encrypted: false };
    case 'gpslogger':
      if (body && !isJson && !type.includes('application/x-www-form-urlencoded') && /^\s*time,/i.test(body)) {
        return { items: readGpsLoggerCsv(body), encrypted: false };
      }
      // A body the person wrote as JSON (`{"lat": %LAT, …}`) says the same as the query's parameters.
      if (json && typeof json === 'object' && !Array.isArray(json)) {
        for (const [k, v] of Object.entries(json))
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') params[k] = String(v);
      }
      return { items: readGpsLogger(params), encrypted: false };
    case 'traccar':
      return { items: json !== undefined ? readTraccarJson(json) : readTraccarQuery(params), encrypted: false };
  }
}

const isEncrypted = (m: unknown) => typeof m === 'object' && m !== null && (m as { _type?: unknown })._type === 'encrypted';

async function handle(ingress: Ingress, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://bridge.invalid');
  const app = APP_OF_PATH[url.pathname];
  if (!app) return reply(res, 404, { error: `no such path: ${url.pathname} (try /owntracks, /overland, /gpslogger or /traccar)` });
  let read: Awaited<ReturnType<typeof readRequest>>;
  try {
    read = await readRequest(app, req, url, ingress.store);
  } catch (error) {
    const status = error instanceof HttpRefusal ? error.status : error instanceof EntwineError ? 400 : 500;
    const message = error instanceof EntwineError ? error.detail : error instanceof Error ? error.message : String(error);
    ingress.log(`${app}: refused (${status}): ${message}`);
    return reply(res, status, { error: message });
  }
  let accepted: Accepted;
  try {
    accepted = await ingress.bridge.accept(app, read.items);
  } catch (error) {
    // Not durable: the app gets no ok and sends again.
    const message = error instanceof EntwineError ? error.detail : error instanceof Error ? error.message : String(error);
    ingress.log(`${app}: not recorded: ${message}`);
    return reply(res, error instanceof EntwineError && error.code === 'ENTWINE_ERR_INPUT_INVALID' ? 400 : 503, { error: message });
  }
  ingress.log(summary(app, accepted));
  switch (app) {
    case 'owntracks': {
      const friends = friendsOf(ingress.partners());
      const key = read.key;
      return reply(res, 200, read.encrypted && key ? friends.map((m) => encryptOwnTracks(m, key, randomBytes(24))) : friends);
    }
    case 'overland':
      return reply(res, 200, { result: 'ok' });
    default:
      return reply(res, 200, 'OK', 'text/plain');
  }
}

/** Starts listening; resolves with the server and the URL it listens on. */
export async function listen(ingress: Ingress, host: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    handle(ingress, req, res).catch((error: unknown) => {
      ingress.log(`bridge: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, { error: 'the bridge failed on this request' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
}
