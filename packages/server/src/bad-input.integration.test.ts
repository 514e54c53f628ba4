import { ACK_STATUS, API, decodeAckFrame, ERRORS, encodeSendFrame, FRAME, isErrorCode, ROUTES } from '@entwine/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, type Signed, signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { connect, connectReady, http, type Reply, type TestSocket } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
let alice: Signed;
let bondId: string;
let bystander: TestSocket;
beforeAll(async () => {
  // 16 KiB: room for a padded invite blob (at least 4 KiB, base64), small enough to refuse the 40 KiB body below.
  t = await startTestRelay({ limits: { maxBodyBytes: 16_384, maxFrameBytes: 20_000, helloTimeoutMs: 300 } });
  alice = await signedUp(t.url, await makePerson('Alice'));
  const bob = await signedUp(t.url, await makePerson('Bob'));
  bondId = (await activeBond(t.url, alice, bob)).bondId;
  bystander = await connectReady(t.url, alice.token);
});
afterAll(async () => {
  await bystander.close();
  await t.close();
});

function expectRefusal(reply: Reply, status: number, code: string) {
  expect(reply.status).toBe(status);
  expect(API.error.parse(reply.json)).toEqual(reply.json);
  expect(reply.json.code).toBe(code);
  const sent: unknown = reply.json.code;
  expect(isErrorCode(sent) && ERRORS[sent].status).toBe(status);
}

describe('bad HTTP input gets a catalogue error', () => {
  it('bad JSON → 400 REQ_MALFORMED', async () => {
    expectRefusal(
      await http(t.url, 'POST', ROUTES.challenge, { raw: '{"deviceId":', contentType: 'application/json' }),
      400,
      'ENTWINE_ERR_REQ_MALFORMED',
    );
    expectRefusal(
      await http(t.url, 'POST', ROUTES.challenge, { raw: '', contentType: 'application/json' }),
      400,
      'ENTWINE_ERR_REQ_MALFORMED',
    );
  });

  it('a missing or wrong field → 400 naming the field', async () => {
    const missing = await http(t.url, 'PUT', ROUTES.devices(alice.person.identity.userId), { json: {} });
    expectRefusal(missing, 400, 'ENTWINE_ERR_REQ_MALFORMED');
    expect(missing.json.message).toContain('body.deviceList');
    const wrong = await http(t.url, 'POST', ROUTES.invites, { token: alice.token, json: { inviteId: 'short', blob: 'YQ', expiresAt: 1 } });
    expect(wrong.json.message).toContain('body.inviteId');
  });

  it('too large → 413, wrong content type → 415, unknown route → 404', async () => {
    const big = { deviceId: 'x'.repeat(40_000) };
    expectRefusal(await http(t.url, 'POST', ROUTES.challenge, { json: big }), 413, 'ENTWINE_ERR_REQ_TOO_LARGE');
    expectRefusal(
      await http(t.url, 'POST', ROUTES.challenge, { raw: 'hello', contentType: 'text/plain' }),
      415,
      'ENTWINE_ERR_REQ_UNSUPPORTED_TYPE',
    );
    expectRefusal(
      await http(t.url, 'POST', ROUTES.envelopes, { token: alice.token, json: { envelope: 'x' } }),
      415,
      'ENTWINE_ERR_REQ_UNSUPPORTED_TYPE',
    );
    expectRefusal(await http(t.url, 'GET', '/v2/nothing'), 404, 'ENTWINE_ERR_REQ_NOT_FOUND');
    expectRefusal(await http(t.url, 'DELETE', ROUTES.bonds, { token: alice.token }), 404, 'ENTWINE_ERR_REQ_NOT_FOUND');
    expectRefusal(await http(t.url, 'GET', ROUTES.ws), 404, 'ENTWINE_ERR_REQ_NOT_FOUND');
  });

  it('a session route without a token is 401 before its body is read', async () => {
    expectRefusal(
      await http(t.url, 'POST', ROUTES.invites, { raw: '{not json', contentType: 'application/json' }),
      401,
      'ENTWINE_ERR_AUTH_REQUIRED',
    );
  });
});

async function opened(): Promise<TestSocket> {
  const s = connect(t.url);
  await new Promise((resolve) => s.ws.once('open', resolve));
  return s;
}

describe('bad WebSocket input closes only that socket, with a reason', () => {
  it('no hello in time → 4002; a binary frame before hello or a bad token → 4001', async () => {
    const silent = await opened();
    expect((await silent.closed).code).toBe(4002);
    const early = await opened();
    early.ws.send(new Uint8Array([1, 0, 0]));
    expect(await early.closed).toMatchObject({ code: 4001 });
    const badToken = await opened();
    badToken.ws.send(JSON.stringify({ type: 'hello', token: 'A'.repeat(43) }));
    expect(await badToken.closed).toEqual({ code: 4001, reason: 'ENTWINE_ERR_AUTH_REQUIRED' });
    const shortToken = await opened();
    shortToken.ws.send(JSON.stringify({ type: 'hello', token: 'nope' }));
    expect(await shortToken.closed).toEqual({ code: 4001, reason: 'ENTWINE_ERR_AUTH_REQUIRED' });
  });

  it('garbage text or binary → 1007 naming the error code and what was wrong', async () => {
    const notJson = await opened();
    notJson.ws.send('hello?');
    const c1 = await notJson.closed;
    expect(c1.code).toBe(1007);
    expect(c1.reason).toMatch(/^ENTWINE_ERR_REQ_MALFORMED: hello/);

    const cases: [Uint8Array | string, RegExp][] = [
      [new Uint8Array([9, 9, 9]), /frame type: expected 1/],
      [new Uint8Array([1, 0, 1, 0, 0, 0, 200, 1, 2]), /send frame envelope: expected 200 more bytes/],
      [new Uint8Array([1, 0, 0]), /send frame count/],
      ['{"type":"hello"}', /expected a binary SEND frame/],
    ];
    for (const [frame, why] of cases) {
      const s = await connectReady(t.url, alice.token);
      s.ws.send(frame);
      const closed = await s.closed;
      expect(closed.code).toBe(1007);
      expect(closed.reason).toMatch(/^ENTWINE_ERR_REQ_MALFORMED: /);
      expect(closed.reason).toMatch(why);
    }
  });

  it('a frame over the size cap → 1009', async () => {
    const s = await connectReady(t.url, alice.token);
    s.ws.send(new Uint8Array(30_000).fill(1));
    expect(await s.closed).toEqual({ code: 1009, reason: 'ENTWINE_ERR_REQ_TOO_LARGE: frames are at most 20000 bytes' });
  });

  it('a text frame that is not UTF-8 → 1007 with a reason', async () => {
    const s = await connectReady(t.url, alice.token);
    s.ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    expect(await s.closed).toEqual({ code: 1007, reason: 'ENTWINE_ERR_REQ_MALFORMED: text frame is not valid UTF-8' });
  });

  it('leaves every other socket working', async () => {
    const env = await seal(alice.person.devices[0]!, bondId, newEpochId(), 1n);
    bystander.ws.send(encodeSendFrame([env]));
    expect(decodeAckFrame(await bystander.binary(FRAME.ack))[0]!.status).toBe(ACK_STATUS.stored);
    expect((await http(t.url, 'GET', ROUTES.health)).json).toEqual({ ok: true });
  });
});
