/**
 * Devices on virtual time against a real relay, for shield tests that span hours: a shared VirtualTime,
 * seeded randomness (so tick jitter and every run are reproducible), and a transport that records each
 * envelope the device posts — when (virtual ms), how long, for which bond — i.e. what the relay sees.
 */
import { Device, type DeviceEvent } from '@entwine/client';
import { decodeEnvelope, detectEd25519, ROUTES } from '@entwine/core';
import { nodeTransport } from '../../packages/cli/src/node-transport.ts';
import { memoryDeviceStore, numbersMatch } from './devices.ts';
import { seededRandom } from './seeded-random.ts';
import type { VirtualTime } from './virtual-time.ts';

export interface SentEnvelope {
  at: number;
  bondId: string;
  length: number;
}

export interface VirtualDevice {
  device: Device;
  events: DeviceEvent[];
  sent: SentEnvelope[];
  store: ReturnType<typeof memoryDeviceStore>;
  /** The recovery phrase (the one given, for a restore, or the new one). */
  phrase: string;
}

export async function virtualDevice(
  server: string,
  name: string,
  vt: VirtualTime,
  opts: { seed: number; tickMs?: number; phrase?: string },
): Promise<VirtualDevice> {
  const sent: SentEnvelope[] = [];
  const store = memoryDeviceStore();
  const base = nodeTransport(server);
  const transport = {
    origin: base.origin,
    openSocket: base.openSocket.bind(base),
    request: (req: Parameters<typeof base.request>[0]) => {
      if (req.method === 'POST' && req.path === ROUTES.envelopes && req.bytes) {
        sent.push({ at: vt.now(), bondId: decodeEnvelope(req.bytes).bondId, length: req.bytes.length });
      }
      return base.request(req);
    },
  };
  const { device, phrase } = await Device.create(
    {
      transport,
      store,
      ed: await detectEd25519(),
      random: seededRandom(opts.seed),
      clock: vt.clock,
      timers: vt.timers,
      ...(opts.tickMs !== undefined ? { publishTickMs: opts.tickMs } : {}),
    },
    { name, ...(opts.phrase !== undefined ? { phrase: opts.phrase } : {}) },
  );
  const events: DeviceEvent[] = [];
  device.on((e) => events.push(e));
  return { device, events, sent, store, phrase };
}

/** Bonds two devices; each side shares what its own choice says, and each says the numbers match. */
export async function bondWith(
  a: Device,
  b: Device,
  choices: { a: Parameters<Device['confirm']>[1]; b: Parameters<Device['acceptInvite']>[1] },
): Promise<void> {
  const { link } = await a.invite();
  await b.acceptInvite(link, choices.b);
  await a.confirm(b.name, choices.a, 'match');
  await numbersMatch(b, a.name);
  await a.sync();
}
