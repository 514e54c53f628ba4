/**
 * A home made by the single-document state (test-fixtures/home-v1, made by the code before records) opens
 * as records: identity, bonds, shields (the timed one with its end), thoughts and the received photo kept;
 * the old file is gone once the records are committed, and a second open changes nothing.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Device, type DeviceState, loadDeviceState } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { LEGACY_STATE_FILE, openHomeStore } from './home-store.ts';
import { nodeTimers, nodeTransport } from './node-transport.ts';
import { STORE_FILE } from './sqlite-store.ts';

const FIXTURE = join(import.meta.dirname, '../test-fixtures/home-v1');
let home: string | undefined;
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

async function fixtureHome(): Promise<{ home: string; before: DeviceState }> {
  home = await mkdtemp(join(tmpdir(), 'entwine-migrate-'));
  await cp(FIXTURE, home, { recursive: true });
  const before = JSON.parse(await readFile(join(home, LEGACY_STATE_FILE), 'utf8')) as DeviceState;
  return { home, before };
}

describe('a home made before records', () => {
  it('opens as records keeping identity, bonds, shields, thoughts and the received photo', async () => {
    const { home, before } = await fixtureHome();
    const store = await openHomeStore(home);
    const files = await readdir(home);
    expect(files).toContain(STORE_FILE);
    expect(files).not.toContain(LEGACY_STATE_FILE);
    const after = (await loadDeviceState(store)) as DeviceState;
    expect(after.identity).toEqual(before.identity);
    expect(after.device).toEqual(before.device);
    expect(after.deviceList).toEqual(before.deviceList);
    expect(after.name).toBe('Alice');
    expect(Object.keys(after.bonds).sort()).toEqual(Object.keys(before.bonds).sort());
    for (const [id, was] of Object.entries(before.bonds)) {
      const now = after.bonds[id] as DeviceState['bonds'][string];
      expect(now.peer).toEqual(was.peer);
      expect(now.status).toBe('active');
      expect(now.verification).toBe(was.verification);
      expect(now.shield).toEqual(was.shield);
      expect(now.sending).toEqual(was.sending);
      expect(now.receiving).toEqual(was.receiving);
      expect(now.cursor).toBe(was.cursor);
      expect(now.thoughts ?? []).toEqual(was.thoughts ?? []);
      expect(now.moments ?? []).toEqual(was.moments ?? []);
      expect(now.receivedView).toEqual(was.receivedView);
    }
    const carol = Object.values(after.bonds).find((b) => b.peer.name === 'Carol');
    expect(carol?.shield.presence).toMatchObject({ level: 'hidden', revertTo: 'exact' });
    const bob = Object.values(after.bonds).find((b) => b.peer.name === 'Bob');
    expect(bob?.thoughts?.map((t) => t.text)).toEqual(['first words from Alice', 'an answer from Bob', 'second words from Alice']);
    expect(bob?.moments?.[0]?.photo.length).toBeGreaterThan(1000);
    await store.close();

    // The Device opens it offline with the same public face.
    const again = await openHomeStore(home);
    const device = (await Device.open({
      transport: nodeTransport('http://127.0.0.1:9'),
      store: again,
      ed: await detectEd25519(),
      random: systemRandom(),
      clock: systemClock,
      timers: nodeTimers,
    })) as Device;
    expect(device.userId).toBe(before.identity.userId);
    expect(device.bonds().map((b) => [b.name, b.status, b.levels.location])).toEqual(
      expect.arrayContaining([
        ['Bob', 'active', 'city'],
        ['Carol', 'active', 'hidden'],
      ]),
    );
    expect(device.thoughtsWith('Bob')).toHaveLength(3);
    expect(device.momentsWith('Bob')[0]?.header.caption).toBe('from Bob');
    device.close();
    await again.close();
  });

  it('is moved once: a second open finds the records and no file', async () => {
    const { home } = await fixtureHome();
    const first = await openHomeStore(home);
    await first.write([{ op: 'put', kind: 'probe', id: '', value: new Uint8Array([1]) }]);
    await first.close();
    const second = await openHomeStore(home);
    expect(await second.get('probe', '')).toEqual(new Uint8Array([1]));
    await second.close();
  });
});
