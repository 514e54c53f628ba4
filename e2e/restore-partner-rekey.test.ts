// Issue 10, point 9 with in-process devices (the real client, Node adapters): Alice restores her phrase on a new
// device while Carol is offline. When Carol comes back she learns of the new device list on reconnect (not only
// from a live event), still reads what Alice's old device sent before as Alice's (not as forged), and her next
// epoch is sealed to the new device. Alice's old device, on its next contact, is told its identity moved: it
// records that, shares with no one and refuses to connect again.
import { Device, type DeviceEvent, RelayError } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { nodeTimers, nodeTransport } from '../packages/cli/src/node-transport.ts';
import { bond, memoryDeviceStore, newDevice } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';

const relay = hookedRelayForSuite();

async function deviceFromPhrase(name: string, phrase?: string) {
  const deps = {
    transport: nodeTransport(relay.url),
    store: memoryDeviceStore(),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: nodeTimers,
  };
  const created = await Device.create(deps, { name, ...(phrase ? { phrase } : {}) });
  const events: DeviceEvent[] = [];
  created.device.on((e) => events.push(e));
  return { ...created, events, deps };
}

describe('a restore on another device', () => {
  it('re-keys a partner who was offline, keeps the old device’s messages readable, and stops the old device', async () => {
    const old = await deviceFromPhrase('Alice');
    const carol = await newDevice(relay.url, 'Carol');
    await bond(old.device, carol.device);
    await old.device.recordFix({ lat: 47.1, lon: 8.1, acc: 5 });
    expect((await old.device.publishTick()).bonds).toBe(1);
    const safetyBefore = carol.device.bonds()[0]?.safetyNumber;

    const restored = await deviceFromPhrase('Alice', old.phrase);
    expect(restored.device.userId).toBe(old.device.userId);

    // Carol comes back: the new list is fetched on reconnect; the old device's envelopes are still Alice's.
    await carol.device.pull();
    expect(carol.events.filter((e) => e.type === 'forged')).toEqual([]);
    expect(carol.events.some((e) => e.type === 'location' && e.from === 'Alice')).toBe(true);
    expect(carol.events.filter((e) => e.type === 'peer-devices-changed').map((e) => (e as { name: string }).name)).toEqual(['Alice']);
    const [summary] = carol.device.bonds();
    expect(summary?.peerDevicesChangedAt).toBeGreaterThan(0);
    expect(summary?.safetyNumber).toBe(safetyBefore); // the same identity key: the same safety number

    // Alice's old device: told on its next contact, remembers it, and stops.
    const refused = await old.device.pull().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RelayError);
    expect((refused as RelayError).code).toBe('ENTWINE_ERR_AUTH_DEVICE_REPLACED');
    expect(old.device.displaced?.at).toBeGreaterThan(0);
    expect(old.events.some((e) => e.type === 'displaced')).toBe(true);
    expect(old.device.sharingWith()).toEqual([]);
    expect(old.device.isSharing()).toBe(false);
    await expect(old.device.connect()).rejects.toMatchObject({ code: 'ENTWINE_ERR_AUTH_DEVICE_REPLACED' });
    const reopened = await Device.open(old.deps);
    expect(reopened?.displaced).toEqual(old.device.displaced); // saved: it says so after a restart too

    old.device.close();
    carol.device.close();
    restored.device.close();
  }, 60_000);
});
