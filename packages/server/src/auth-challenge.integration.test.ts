import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authMessage, fromBase64url, ROUTES, toBase64url } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { makePerson, testEd, withDeviceList } from './test-support/people.ts';
import { http, register, signIn } from './test-support/relay-client.ts';
import { ManualClock, startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

describe('device registration', () => {
  it('stores a signed device list and refuses a rollback or a list that is not the identity’s', async () => {
    t = await startTestRelay();
    const alice = await makePerson('Alice', 1, 2);
    expect(await register(t.url, alice)).toMatchObject({ status: 200, json: { userId: alice.identity.userId, version: 2 } });
    const same = await register(t.url, alice);
    expect(same).toMatchObject({ status: 409, json: { code: 'ENTWINE_ERR_DEVICE_LIST_ROLLBACK' } });
    const older = await withDeviceList(alice, 1);
    expect((await register(t.url, older)).json.code).toBe('ENTWINE_ERR_DEVICE_LIST_ROLLBACK');
    const newer = await withDeviceList(alice, 3);
    expect((await register(t.url, newer)).status).toBe(200);

    const mallory = await makePerson('Mallory');
    const wrongUrl = await http(t.url, 'PUT', ROUTES.devices(alice.identity.userId), { json: { deviceList: mallory.deviceList } });
    expect(wrongUrl).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DEVICE_LIST_INVALID' } });
    const other = await makePerson('Other');
    const mismatch = await http(t.url, 'PUT', ROUTES.devices(other.identity.userId), { json: { deviceList: mallory.deviceList } });
    expect(mismatch).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DEVICE_LIST_INVALID' } });
    expect(mismatch.json.message).toContain('userId');
    const forged = { ...mallory.deviceList, sig: toBase64url(new Uint8Array(64)) };
    const bad = await http(t.url, 'PUT', ROUTES.devices(mallory.identity.userId), { json: { deviceList: forged } });
    expect(bad).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DEVICE_LIST_INVALID' } });
  });

  it('refuses a device already certified by another identity', async () => {
    t = await startTestRelay();
    const alice = await makePerson('Alice');
    expect((await register(t.url, alice)).status).toBe(200);
    const mallory = await withDeviceList(await makePerson('Mallory'), 1, alice.devices);
    const res = await register(t.url, mallory);
    expect(res).toMatchObject({ status: 400, json: { code: 'ENTWINE_ERR_DEVICE_LIST_INVALID' } });
  });

  it('serves the stored device list to a signed-in device only', async () => {
    t = await startTestRelay();
    const alice = await makePerson('Alice');
    await register(t.url, alice);
    const token = await signIn(t.url, alice.devices[0]!);
    const path = ROUTES.devices(alice.identity.userId);
    expect(await http(t.url, 'GET', path, { token })).toMatchObject({ status: 200, json: { deviceList: alice.deviceList } });
    expect((await http(t.url, 'GET', path)).json.code).toBe('ENTWINE_ERR_AUTH_REQUIRED');
    const nobody = await makePerson('Nobody');
    expect((await http(t.url, 'GET', ROUTES.devices(nobody.identity.userId), { token })).status).toBe(404);
  });
});

describe('challenge–response sign-in', () => {
  it('issues a 32-byte nonce valid for 60 s and a 32-byte token; only the token hash is stored', async () => {
    const clock = new ManualClock(1_900_000_000_000);
    t = await startTestRelay({ clock });
    const alice = await makePerson('Alice');
    await register(t.url, alice);
    const challenge = await http(t.url, 'POST', ROUTES.challenge, { json: { deviceId: alice.devices[0]!.deviceId } });
    expect(challenge.status).toBe(200);
    expect(fromBase64url(challenge.json.nonce)).toHaveLength(32);
    expect(challenge.json.exp).toBe(clock.now() + 60_000);
    const token = await signIn(t.url, alice.devices[0]!);
    expect(fromBase64url(token)).toHaveLength(32);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token })).status).toBe(200);
    await t.relay.close();
    const files = ['entwine.db', 'entwine.db-wal'].map((f) => {
      try {
        return readFileSync(join(t.dir, f));
      } catch {
        return Buffer.alloc(0);
      }
    });
    expect(files.some((b) => b.includes(Buffer.from(token)))).toBe(false);
  });

  it('a nonce works once; a second use and an expired one are AUTH_NONCE_USED', async () => {
    const clock = new ManualClock();
    t = await startTestRelay({ clock });
    const ed = await testEd();
    const alice = await makePerson('Alice');
    await register(t.url, alice);
    const device = alice.devices[0]!;
    const ask = async () => (await http(t.url, 'POST', ROUTES.challenge, { json: { deviceId: device.deviceId } })).json;
    const answer = async (c: { nonce: string; exp: number }) => {
      const sig = await ed.sign(authMessage(t.url, device.deviceId, fromBase64url(c.nonce), c.exp), device.signSeed);
      return http(t.url, 'POST', ROUTES.session, { json: { deviceId: device.deviceId, nonce: c.nonce, sig: toBase64url(sig) } });
    };
    const c1 = await ask();
    expect((await answer(c1)).status).toBe(200);
    expect(await answer(c1)).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_AUTH_NONCE_USED' } });
    const c2 = await ask();
    clock.advance(60_001);
    expect(await answer(c2)).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_AUTH_NONCE_USED' } });
  });

  it('refuses a bad signature, a signature bound to another origin, and an unknown device', async () => {
    t = await startTestRelay();
    const alice = await makePerson('Alice');
    const stranger = await makePerson('Stranger');
    await register(t.url, alice);
    const device = alice.devices[0]!;
    await expect(signIn(t.url, device, 'https://evil.example')).rejects.toThrow(/ENTWINE_ERR_AUTH_BAD_SIGNATURE/);
    const c = (await http(t.url, 'POST', ROUTES.challenge, { json: { deviceId: device.deviceId } })).json;
    const forged = await http(t.url, 'POST', ROUTES.session, {
      json: { deviceId: device.deviceId, nonce: c.nonce, sig: toBase64url(new Uint8Array(64).fill(1)) },
    });
    expect(forged).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_AUTH_BAD_SIGNATURE' } });
    const unknown = await http(t.url, 'POST', ROUTES.challenge, { json: { deviceId: stranger.devices[0]!.deviceId } });
    expect(unknown).toMatchObject({ status: 401, json: { code: 'ENTWINE_ERR_AUTH_UNKNOWN_DEVICE' } });
  });

  it('binds signatures to publicOrigin when it is configured', async () => {
    t = await startTestRelay({ publicOrigin: 'https://relay.example' });
    const alice = await makePerson('Alice');
    await register(t.url, alice);
    await expect(signIn(t.url, alice.devices[0]!)).rejects.toThrow(/ENTWINE_ERR_AUTH_BAD_SIGNATURE/);
    expect(await signIn(t.url, alice.devices[0]!, 'https://relay.example')).toHaveLength(43);
  });

  it('a session lasts 12 h, and ends when its device leaves the device list', async () => {
    const clock = new ManualClock();
    t = await startTestRelay({ clock });
    const alice = await makePerson('Alice', 2);
    await register(t.url, alice);
    const token = await signIn(t.url, alice.devices[0]!);
    clock.advance(12 * 3600_000 - 1);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token })).status).toBe(200);
    clock.advance(1);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token })).json.code).toBe('ENTWINE_ERR_AUTH_REQUIRED');
    const fresh = await signIn(t.url, alice.devices[0]!);
    const other = await signIn(t.url, alice.devices[1]!);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: other })).status).toBe(200);
    const shrunk = await withDeviceList(alice, 2, [alice.devices[0]!]);
    expect((await register(t.url, shrunk)).status).toBe(200);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: fresh })).status).toBe(200);
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: other })).status).toBe(401);
    // A device its identity dropped is told why (410), not "unknown": it can say the identity moved and stop.
    const dropped = await http(t.url, 'POST', ROUTES.challenge, { json: { deviceId: alice.devices[1]!.deviceId } });
    expect(dropped).toMatchObject({ status: 410, json: { code: 'ENTWINE_ERR_AUTH_DEVICE_REPLACED' } });
    expect((await http(t.url, 'GET', ROUTES.bonds, { token: 'x'.repeat(43) })).status).toBe(401);
  });
});
