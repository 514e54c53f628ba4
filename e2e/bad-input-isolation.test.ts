import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bond, newDevice } from './support/devices.ts';
import { rawSession } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/until.ts';

const suite = relayForSuite('bad-input');

/**
 * One request, read the way a client that keeps listening does: the relay may answer an oversized body and
 * close the connection before the body is all written, so a write error (EPIPE, ECONNRESET) after its answer
 * arrived is the relay being quick, not a failure; `fetch` would throw it away with the answer (the EPIPE
 * this test used to fail with on a loaded machine).
 */
function send(
  path: string,
  init: { method: string; headers?: Record<string, string>; body?: string | Uint8Array },
): Promise<{ status: number; body: { code?: string; message?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, suite.relay.url), { method: init.method, headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        let body: { code?: string; message?: string } = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // not JSON: the assertion on `code` below reports it
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    let answered = false;
    req.on('response', () => {
      answered = true;
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(init.body);
  });
}

function wsClose(frames: (string | Buffer)[]): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${suite.relay.url.replace(/^http/, 'ws')}/v1/ws`);
    // Generous: only a relay that never closes should fail here, not one slowed by a loaded machine (the
    // 3 MiB frame alone takes a while to arrive there when both cores are busy).
    const timer = setTimeout(() => reject(new Error('socket was not closed by the relay')), 30_000);
    ws.on('open', () => {
      for (const f of frames) ws.send(f);
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
    ws.on('error', () => {});
  });
}

describe('bad input is refused clearly and harms no one else', () => {
  it('answers each kind of bad request with a reason while a healthy client loses nothing', async () => {
    const alice = await newDevice(suite.relay.url, 'Alice');
    const bob = await newDevice(suite.relay.url, 'Bob');
    await bond(alice.device, bob.device);
    await bob.device.connect();
    await alice.device.connect();
    const token = await rawSession(suite.relay.url, JSON.parse(alice.store.value!));
    const json = { 'content-type': 'application/json' };
    const auth = { authorization: `Bearer ${token}` };

    const HEALTHY = 400; // publish ticks: a location, a presence and a feeling envelope each
    const healthy = (async () => {
      const sends: Promise<unknown>[] = [];
      for (let i = 0; i < HEALTHY; i++) {
        await alice.device.recordFix({ lat: i / 10_000, lon: 2 });
        sends.push(alice.device.publishTick());
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 5));
      }
      await Promise.all(sends);
    })();

    const refusals = await Promise.all([
      send('/v1/auth/challenge', { method: 'POST', headers: json, body: '{"deviceId":' }),
      send('/v1/auth/challenge', { method: 'POST', headers: json, body: '{"deviceId":12345}' }),
      send('/v1/auth/challenge', { method: 'POST', headers: json, body: '[]' }),
      send('/v1/auth/session', { method: 'POST', headers: json, body: JSON.stringify({ deviceId: 'x', nonce: 1, sig: null }) }),
      send('/v1/invites', {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ inviteId: 'A'.repeat(22), blob: 'A'.repeat(3_000_000), expiresAt: 1 }),
      }),
      send('/v1/envelopes', { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'hello' }),
      send('/v1/envelopes', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...auth },
        body: new Uint8Array([1, 2, 3]),
      }),
      send('/v1/envelopes', {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', ...auth },
        body: new Uint8Array(200_000),
      }),
      send('/v1/envelopes', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(300) }),
      send('/v1/nowhere', { method: 'GET' }),
    ]);
    for (const r of refusals) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.code).toMatch(/^ENTWINE_ERR_/);
      expect(r.body.message?.length).toBeGreaterThan(10);
    }

    const closes = await Promise.all([
      wsClose(['not json at all']),
      wsClose([JSON.stringify({ type: 'hello', token: 'x'.repeat(40) })]),
      wsClose([JSON.stringify({ type: 'hello', token }), Buffer.from([0x01, 0xff, 0xff, 0, 0, 0, 9])]),
      wsClose([JSON.stringify({ type: 'hello', token }), Buffer.from('garbage garbage garbage')]),
      wsClose([JSON.stringify({ type: 'hello', token }), Buffer.alloc(3 * 1024 * 1024, 1)]),
    ]);
    console.log(JSON.stringify(closes));
    for (const c of closes) {
      expect(c.code).not.toBe(1000);
      expect(c.code).not.toBe(1006);
      expect(c.reason).toMatch(/ENTWINE_ERR_/);
    }

    await healthy;
    expect(alice.events.filter((e) => e.type === 'send-refused')).toEqual([]);
    // Every healthy tick reaches Bob (the count is asserted below, with what arrived if it falls short).
    // 400 ticks through one relay take a while when both cores are busy: up to a minute, not `until`'s default.
    await until(
      'Bob to receive every healthy tick',
      async () => (bob.events.filter((e) => e.type === 'location').length >= HEALTHY ? true : undefined),
      60_000,
    ).catch(() => undefined);
    expect(bob.events.filter((e) => e.type === 'forged')).toEqual([]);
    expect(bob.events.filter((e) => e.type === 'location').length).toBe(HEALTHY);
    alice.device.close();
    bob.device.close();
  }, 120_000);
});
