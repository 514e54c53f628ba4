import { afterEach, describe, expect, it } from 'vitest';
import { makePerson, withDeviceList } from './test-support/people.ts';
import { connectReady, register, signIn } from './test-support/relay-client.ts';
import { ManualClock, startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

describe('a socket lives no longer than its right to sign in', () => {
  it('closes with 4001 when its device is removed from the device list; the other device stays', async () => {
    t = await startTestRelay();
    const alice = await makePerson('Alice', 2);
    await register(t.url, alice);
    const kept = await connectReady(t.url, await signIn(t.url, alice.devices[0]!));
    const dropped = await connectReady(t.url, await signIn(t.url, alice.devices[1]!));
    await register(t.url, await withDeviceList(alice, 2, [alice.devices[0]!]));
    expect(await dropped.closed).toEqual({
      code: 4001,
      reason: 'ENTWINE_ERR_AUTH_DEVICE_REPLACED: this device was removed from its device list',
    });
    expect(kept.ws.readyState).toBe(kept.ws.OPEN);
    await kept.close();
  });

  it('closes with 4001 once its session has expired', async () => {
    const clock = new ManualClock();
    t = await startTestRelay({ clock, limits: { pingIntervalMs: 25 } });
    const alice = await makePerson('Alice');
    await register(t.url, alice);
    const socket = await connectReady(t.url, await signIn(t.url, alice.devices[0]!));
    // A few of the relay's pings (every 25 ms) come and go while the session is still valid: the socket stays.
    await new Promise<void>((resolve) => {
      let pings = 0;
      socket.ws.on('ping', () => {
        if (++pings === 3) resolve();
      });
    });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    clock.advance(12 * 3600_000);
    expect(await socket.closed).toEqual({ code: 4001, reason: 'ENTWINE_ERR_AUTH_REQUIRED: session expired' });
  });
});
