/**
 * Devices on virtual time against a real relay, for shield tests that span hours: a shared VirtualTime,
 * seeded randomness (so tick jitter and every run are reproducible), and a transport that records each
 * envelope the device posts — when (virtual ms), how long, for which bond — i.e. what the relay sees.
 */
import { Device, type DeviceEvent, type PartnerView } from '@entwine/client';
import { type Clock, decodeEnvelope, detectEd25519, type Random, ROUTES } from '@entwine/core';
import { nodeTransport } from '../../packages/cli/src/node-transport.ts';
import { memoryDeviceStore, numbersMatch } from './devices.ts';
import { seededRandom } from './seeded-random.ts';
import { VirtualTime } from './virtual-time.ts';

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
  /**
   * `clock`: what the device reads as the time (default: the virtual time itself); its timers stay on `vt`.
   * `random`: the device's randomness (default: seeded with `seed`).
   */
  opts: { seed: number; tickMs?: number; phrase?: string; clock?: Clock; random?: Random },
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
      random: opts.random ?? seededRandom(opts.seed),
      clock: opts.clock ?? vt.clock,
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

/** Virtual time that starts one second into a tick slot of `tickMs`, so a test knows where the ticks fall. */
export function virtualTimeOnTick(tickMs: number): VirtualTime {
  return new VirtualTime(Math.floor(Date.now() / tickMs) * tickMs + 1000);
}

export interface Sharing {
  /** Waits for what the sender has in flight: the `until` to pass to `vt.advanceTo`. */
  settle: () => Promise<unknown>;
  /** The partner pulls, then returns its view of the sender. */
  partnerSees: () => Promise<PartnerView>;
}

/**
 * The opening of a test that watches a partner's view follow a sender on virtual time: the two bond (the
 * sender shares what `shares` says, the partner nothing), the sender records `fix` and starts publishing,
 * and two ticks run, so the partner already has a view of the sender to compare against.
 */
export async function startSharing(
  vt: VirtualTime,
  sender: Device,
  partner: Device,
  opts: { shares: Parameters<Device['confirm']>[1]; fix: Parameters<Device['recordFix']>[0]; tickMs: number },
): Promise<Sharing> {
  await bondWith(sender, partner, { a: opts.shares, b: {} });
  const settle = () => sender.settled();
  const partnerSees = async () => {
    await partner.pull();
    return partner.viewOf(sender.name);
  };
  await sender.recordFix(opts.fix);
  sender.startPublishing();
  await vt.advanceTo(vt.now() + 2 * opts.tickMs, settle);
  return { settle, partnerSees };
}
