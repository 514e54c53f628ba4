import { encodeSendFrame, FRAME, ROUTES, toBase64url } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { connectReady, http } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

describe('relay logs', () => {
  it('carry method, route pattern, status and duration — never an IP, a body, a token or a query string', async () => {
    t = await startTestRelay();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const bonding = await activeBond(t.url, alice, bob);
    const socket = await connectReady(t.url, bob.token);
    const envelope = await seal(bob.person.devices[0]!, bonding.bondId, newEpochId(), 1n, 'a secret place');
    socket.ws.send(encodeSendFrame([envelope]));
    await socket.binary(FRAME.ack);
    await http(t.url, 'POST', ROUTES.envelopes, {
      token: alice.token,
      bytes: await seal(alice.person.devices[0]!, bonding.bondId, newEpochId(), 1n),
    });
    await http(t.url, 'GET', `${ROUTES.bondEnvelopes(bonding.bondId, 0n, 5)}&secret=hunter2`, { token: alice.token });
    await http(t.url, 'GET', '/nowhere?token=hunter2');
    await http(t.url, 'POST', ROUTES.challenge, { raw: '{"deviceId":"hunter2', contentType: 'application/json' });
    await socket.close();
    await t.relay.close();

    const text = t.logs.join('');
    if (process.env.SHOW_LOGS) console.log(text);
    const secrets = [
      '127.0.0.1',
      'localhost',
      'hunter2',
      alice.token,
      bob.token,
      toBase64url(bonding.inv.inviteBlob).slice(0, 40),
      toBase64url(bonding.responseBlob).slice(0, 40),
      toBase64url(bonding.revealBlob).slice(0, 40),
      toBase64url(envelope.subarray(60, 100)),
      alice.person.deviceList.body.slice(0, 40),
      'after=',
    ];
    for (const s of secrets) expect(text, s).not.toContain(s);
    const lines = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines) {
      for (const key of ['req', 'res', 'url', 'host', 'hostname', 'remoteAddress', 'remotePort', 'pid', 'ip'])
        expect(line).not.toHaveProperty(key);
    }
    const routes = new Set(lines.filter((l) => l.msg === 'request').map((l) => `${l.method} ${l.route} ${l.status}`));
    expect(routes).toContain('POST /v1/invites/:inviteId/response 200');
    expect(routes).toContain('GET /v1/bonds/:bondId/envelopes 200');
    expect(routes).toContain('PUT /v1/users/:userId/devices 200');
    expect(routes).toContain('GET null 404');
    const sample = lines.find((l) => l.msg === 'request');
    expect(Object.keys(sample ?? {}).sort()).toEqual(['level', 'method', 'ms', 'msg', 'reqId', 'route', 'status', 'time']);
  });
});
