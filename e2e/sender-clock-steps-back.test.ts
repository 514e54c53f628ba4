// Acceptance 5 (issue 12): a sender whose clock steps back one hour mid-stream is still shown with its new
// values — the partner's view follows the sender's sequence (seq within an epoch, the signed epoch index
// across epochs), not its clock. Alice's device runs on a clock an hour behind the shared virtual time from
// the middle of the stream on; Bob's view keeps following her, and the ages (which still come from her
// `ts`) say what her clock said. When her clock is set right again, the ages are right again.
import type { Clock } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { startSharing, virtualDevice, virtualTimeOnTick } from './support/virtual-devices.ts';

const relay = hookedRelayForSuite();

const HOUR = 3_600_000;
const TICK = 15_000;

describe('a sender whose clock steps back', () => {
  it('is still shown with the new values by the partner', async () => {
    const vt = virtualTimeOnTick(TICK);
    // Alice's clock reads the virtual time plus `skew.ms`; her timers stay on the shared virtual time.
    const skew = { ms: 0 };
    const aliceClock: Clock = { now: () => vt.now() + skew.ms };
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: 51, clock: aliceClock });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: 52 });
    try {
      const { settle, partnerSees: bobSees } = await startSharing(vt, alice.device, bob.device, {
        shares: { location: 'exact', presence: 'exact' },
        fix: { lat: 48.8566, lon: 2.3522, acc: 5 },
        tickMs: TICK,
      });
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
      expect(after.presenceAt as number).toBeGreaterThan(aliceClock.now() - 2 * TICK);

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
