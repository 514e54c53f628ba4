/** In-process devices for whole-system tests: the real @entwine/client with the CLI's Node adapters. */
import { Device, type DeviceEvent, type DeviceStore, deviceStateOf, memoryStore } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { nodeTimers, nodeTransport } from '../../packages/cli/src/node-transport.ts';

/**
 * A device store in memory; `value` is the device's state as its records hold it now, as JSON (what tests
 * read to find keys, or scan for what must not be kept).
 */
export function memoryDeviceStore(): DeviceStore & { readonly value: string | undefined } {
  const store = memoryStore();
  return Object.defineProperty(store, 'value', {
    get() {
      const state = deviceStateOf(store.data);
      return state && JSON.stringify(state);
    },
  }) as unknown as DeviceStore & { readonly value: string | undefined };
}

export async function newDevice(
  server: string,
  name: string,
  opts: { publishTickMs?: number } = {},
): Promise<{ device: Device; events: DeviceEvent[]; store: ReturnType<typeof memoryDeviceStore> }> {
  const store = memoryDeviceStore();
  const deps = {
    transport: nodeTransport(server),
    store,
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: nodeTimers,
    ...opts,
  };
  const { device } = await Device.create(deps, { name });
  const events: DeviceEvent[] = [];
  device.on((e) => events.push(e));
  return { device, events, store };
}

/**
 * Bonds two in-process devices through the full ceremony, both people saying the numbers match (the
 * inviter on the request, before her yes; the invitee once the reveal arrived), so what each chose flows.
 */
export async function bond(a: Device, b: Device): Promise<void> {
  const { link } = await a.invite();
  await b.acceptInvite(link, { location: 'exact', presence: 'exact' });
  await a.confirm(b.name, { location: 'exact', presence: 'exact' }, 'match');
  await numbersMatch(b, a.name);
  await a.sync();
}

/** The invitee's side of the check: picks up the reveal (the bond appears), then says the numbers match. */
export async function numbersMatch(invitee: Device, inviter: string): Promise<void> {
  await invitee.sync();
  await invitee.verifyBond(inviter, 'match');
}
