/** A thin test client: real `fetch` and a real `ws` socket, no @entwine/client (the server never imports it). */
import { authMessage, type DeviceKeys, fromBase64url, ROUTES, toBase64url } from '@entwine/core';
import WebSocket from 'ws';
import { type Person, testEd } from './people.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON replies and events field by field
export type Json = any;

export interface Reply {
  status: number;
  json: Json;
  bytes?: Uint8Array;
  contentType: string;
}

export interface RequestOptions {
  json?: unknown;
  bytes?: Uint8Array;
  raw?: string;
  contentType?: string;
  token?: string;
}

export async function http(url: string, method: string, path: string, o: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  let body: string | Uint8Array | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.bytes) {
    headers['content-type'] = 'application/octet-stream';
    body = o.bytes;
  } else if (o.raw !== undefined) body = o.raw;
  if (o.contentType) headers['content-type'] = o.contentType;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(url + path, { method, headers, body });
  const contentType = res.headers.get('content-type') ?? '';
  const buf = new Uint8Array(await res.arrayBuffer());
  if (contentType.startsWith('application/octet-stream')) return { status: res.status, json: undefined, bytes: buf, contentType };
  const text = new TextDecoder().decode(buf);
  return { status: res.status, json: text ? JSON.parse(text) : undefined, contentType };
}

export async function register(url: string, person: Person): Promise<Reply> {
  return http(url, 'PUT', ROUTES.devices(person.identity.userId), { json: { deviceList: person.deviceList } });
}

/** Challenge → sign → session; returns the bearer token. */
export async function signIn(url: string, device: DeviceKeys, origin = url): Promise<string> {
  const ed = await testEd();
  const challenge = await http(url, 'POST', ROUTES.challenge, { json: { deviceId: device.deviceId } });
  if (challenge.status !== 200) throw new Error(`challenge: ${challenge.status} ${JSON.stringify(challenge.json)}`);
  const { nonce, exp } = challenge.json as { nonce: string; exp: number };
  const sig = await ed.sign(authMessage(origin, device.deviceId, fromBase64url(nonce), exp), device.signSeed);
  const session = await http(url, 'POST', ROUTES.session, { json: { deviceId: device.deviceId, nonce, sig: toBase64url(sig) } });
  if (session.status !== 200) throw new Error(`session: ${session.status} ${JSON.stringify(session.json)}`);
  return (session.json as { token: string }).token;
}

export interface TestSocket {
  ws: WebSocket;
  events: Json[];
  binaries: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first text event (already received or future) matching `match`. */
  event(match: (e: Json) => boolean, timeoutMs?: number): Promise<Json>;
  /** Resolves with the next binary frame whose first byte is `type`, in arrival order. */
  binary(type: number, timeoutMs?: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function connect(url: string): TestSocket {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${ROUTES.ws}`);
  const events: Json[] = [];
  const binaries: Uint8Array[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    if (isBinary) binaries.push(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    else events.push(JSON.parse(buf.toString('utf8')));
    wake();
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString('utf8') });
      wake();
    }),
  );
  const taken = new Set<Uint8Array>();
  const wait = <T>(find: () => T | undefined, timeoutMs: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    ws,
    events,
    binaries,
    closed,
    event: (match, timeoutMs = 5000) => wait(() => events.find(match), timeoutMs, 'an event'),
    binary: (type, timeoutMs = 5000) =>
      wait(
        () => {
          const found = binaries.find((b) => b[0] === type && !taken.has(b));
          if (found) taken.add(found);
          return found;
        },
        timeoutMs,
        `a binary frame of type ${type}`,
      ),
    async close() {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close();
      await closed;
    },
  };
}

/** Opens a socket, says hello with `token` and waits for `ready`. */
export async function connectReady(url: string, token: string): Promise<TestSocket> {
  const socket = connect(url);
  await new Promise<void>((resolve, reject) => {
    socket.ws.once('open', () => resolve());
    socket.ws.once('error', reject);
  });
  socket.ws.send(JSON.stringify({ type: 'hello', token }));
  await socket.event((e) => e.type === 'ready');
  return socket;
}
