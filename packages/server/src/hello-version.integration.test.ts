// A versioned hello (issue 12): the relay closes a client whose protocol version it does not serve with a
// dedicated code and a reason that says what to update — before looking at the token — and still takes the
// clients that said no version (they spoke version 1).
import { CLOSE, MESSAGE_KINDS, PROTOCOL_VERSION } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { makePerson } from './test-support/people.ts';
import { connect, register, signIn, type TestSocket } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

async function hello(url: string, frame: Record<string, unknown>): Promise<TestSocket> {
  const socket = connect(url);
  await new Promise<void>((resolve, reject) => {
    socket.ws.once('open', () => resolve());
    socket.ws.once('error', reject);
  });
  socket.ws.send(JSON.stringify({ type: 'hello', ...frame }));
  return socket;
}

async function tokenOf(url: string): Promise<string> {
  const alice = await makePerson('Alice');
  await register(url, alice);
  return signIn(url, alice.devices[0]!);
}

describe('the hello names its protocol version', () => {
  it('a version older than the relay serves is closed with 4003 and "update Entwine"', async () => {
    t = await startTestRelay();
    const socket = await hello(t.url, { token: await tokenOf(t.url), protocol: 0, kinds: ['location'] });
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE.clientTooOld);
    expect(closed.reason).toMatch(/^ENTWINE_ERR_PROTOCOL_TOO_OLD: update Entwine/);
    expect(socket.events).toEqual([]); // never ready
  });

  it('is checked before the token: an outdated client with a bad token still learns to update', async () => {
    t = await startTestRelay();
    const socket = await hello(t.url, { token: 'x'.repeat(32), protocol: 0 });
    expect((await socket.closed).code).toBe(CLOSE.clientTooOld);
  });

  it('a version newer than the relay knows is closed with 4004, naming the relay as the one to update', async () => {
    t = await startTestRelay();
    const socket = await hello(t.url, { token: await tokenOf(t.url), protocol: PROTOCOL_VERSION + 1 });
    const closed = await socket.closed;
    expect(closed.code).toBe(CLOSE.relayTooOld);
    expect(closed.reason).toMatch(/^ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD: update the relay/);
  });

  it('the current version with its kinds, and a hello with no version (version 1), are both served', async () => {
    t = await startTestRelay();
    const token = await tokenOf(t.url);
    const current = await hello(t.url, { token, protocol: PROTOCOL_VERSION, kinds: [...MESSAGE_KINDS, 'check-in'] });
    await current.event((e) => e.type === 'ready');
    const unversioned = await hello(t.url, { token });
    await unversioned.event((e) => e.type === 'ready');
    await current.close();
    await unversioned.close();
  });

  it('a version that is not an integer is a malformed hello', async () => {
    t = await startTestRelay();
    const socket = await hello(t.url, { token: await tokenOf(t.url), protocol: '1' });
    expect((await socket.closed).code).toBe(CLOSE.malformed);
  });

  it('a test hook can play an older client (what the web and CLI tests use)', async () => {
    t = await startTestRelay({ testHooks: { onHello: () => 0 } });
    const socket = await hello(t.url, { token: await tokenOf(t.url), protocol: PROTOCOL_VERSION });
    expect((await socket.closed).code).toBe(CLOSE.clientTooOld);
  });
});
