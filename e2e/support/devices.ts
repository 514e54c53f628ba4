/** In-process devices for whole-system tests: the real @entwine/client with the CLI's Node adapters. */
import { Device, type DeviceEvent, type KeyStore } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { nodeTimers, nodeTransport } from '../../packages/cli/src/node-transport.ts';

export function memoryKeyStore(): KeyStore & { value: string | undefined } {
  const store = {
    value: undefined as string | undefined,
    load: async () => store.value,
    save: async (s: string) => {
      store.value = s;
    },
  };
  return store;
}

export async function newDevice(
  server: string,
  name: string,
  opts: { publishTickMs?: number } = {},
): Promise<{ device: Device; events: DeviceEvent[]; keyStore: ReturnType<typeof memoryKeyStore> }> {
  const keyStore = memoryKeyStore();
  const deps = {
    transport: nodeTransport(server),
    keyStore,
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: nodeTimers,
    ...opts,
  };
  const { device } = await Device.create(deps, { name });
  const events: DeviceEvent[] = [];
  device.on((e) => events.push(e));
  return { device, events, keyStore };
}

/** Bonds two in-process devices through the full ceremony. */
export async function bond(a: Device, b: Device): Promise<void> {
  const { link } = await a.invite();
  await b.acceptInvite(link, { location: 'exact', presence: 'exact' });
  await a.confirm(b.name, { location: 'exact', presence: 'exact' });
  await b.sync();
  await a.sync();
}
