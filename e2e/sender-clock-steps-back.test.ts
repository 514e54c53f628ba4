// Acceptance 5 (issue 12): a sender whose clock steps back one hour mid-stream is still shown with its new
// values — the partner's view follows the sender's sequence (seq within an epoch, the signed epoch index
// across epochs), not its clock. Alice's device runs on a clock an hour behind the shared virtual time from
// the middle of the stream on; Bob's view keeps following her, and the ages (which still come from her
// `ts`) say what her clock said. When her clock is set right again, the ages are right again.
import { Device, type DeviceEvent } from '@entwine/client';
import { type Clock, detectEd25519 } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { nodeTransport } from '../packages/cli/src/node-transport.ts';
import { memoryDeviceStore } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { seededRandom } from './support/seeded-random.ts';
import { bondWith, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const HOUR = 3_600_000;
const TICK = 15_000;

/** A device on the shared virtual timers whose clock reads the virtual time plus `skew.ms`. */
async function skewedDevice(server: string, name: string, vt: VirtualTime, skew: { ms: number }) {
  const clock: Clock = { now: () => vt.now() + skew.ms };
  const { device } = await Device.create(
    {
      transport: nodeTransport(server),
      store: memoryDeviceStore(),
      ed: await detectEd25519(),
      random: seededRandom(51),
      clock,
      timers: vt.timers,
    },
    { name },
  );
  const events: DeviceEvent[] = [];
  device.on((e) => events.push(e));
  return { device, events, clock };
}

describe('a sender whose clock steps back', () => {
  it('is still shown with the new values by the partner', async () => {
    const vt = new VirtualTime(Math.floor(Date.now() / TICK) * TICK + 1000);
    const skew = { ms: 0 };
    const alice = await skewedDevice(relay.url, 'Alice', vt, skew);
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: 52 });
    try {
      await bondWith(alice.device, bob.device, { a: { location: 'exact', presence: 'exact' }, b: {} });
      const settle = () => alice.device.settled();
      const bobSees = async () => {
        await bob.device.pull();
        return bob.device.viewOf('Alice');
      };

      await alice.device.recordFix({ lat: 48.8566, lon: 2.3522, acc: 5 });
      alice.device.startPublishing();
      await vt.advanceTo(vt.now() + 2 * TICK, settle);
      const before = await bobSees();
      expect(before.location).toMatchObject({ level: 'exact', lat: 48.8566, lon: 2.3522 });
      const lastSeenBefore = before.presenceAt as number;
      expect(lastSeenBefore).toBeGreaterThan(vt.now() - 2 * TICK);

      // Her clock steps back one hour; she moves. Every message from now on carries an older ts than the
      // last one Bob has — by the clock they would all be ignored for an hour.
      skew.ms = -HOUR;
      await alice.device.recordFix({ lat: 48.86, lon: 2.36, acc: 5 });
      await vt.advanceTo(vt.now() + 2 * TICK, settle);
      const after = await bobSees();
      expect(after.location).toMatchObject({ level: 'exact', lat: 48.86, lon: 2.36 });
      expect(after.presenceState).toBe('live');
      expect(after.locationAt as number).toBeLessThan(lastSeenBefore); // her ts, from her clock: an hour behind
      expect(after.presenceAt as number).toBeGreaterThan(alice.clock.now() - 2 * TICK);

      // She keeps moving while her clock is behind: each new fix is shown.
      await alice.device.recordFix({ lat: 48.87, lon: 2.37, acc: 5 });
      await vt.advanceTo(vt.now() + 2 * TICK, settle);
      expect((await bobSees()).location).toMatchObject({ lat: 48.87, lon: 2.37 });

      // Her clock is set right again: still shown, and "last seen" is recent by Bob's clock again.
      skew.ms = 0;
      await alice.device.recordFix({ lat: 48.88, lon: 2.38, acc: 5 });
      await vt.advanceTo(vt.now() + 2 * TICK, settle);
      const righted = await bobSees();
      expect(righted.location).toMatchObject({ lat: 48.88, lon: 2.38 });
      expect(vt.now() - (righted.presenceAt as number)).toBeLessThan(2 * TICK);
      expect(bob.events.filter((e) => e.type === 'forged')).toEqual([]);
    } finally {
      alice.device.close();
      bob.device.close();
    }
  }, 120_000);
});
