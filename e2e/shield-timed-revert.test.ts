// Acceptance 6 (issue 5): a timed shield reverts by itself on a fake clock, and the partner's view follows.
// "City for 2 h" over a standing exact share: Bob sees an area for two hours, then Alice's exact position
// again at the next tick. "Exact for 30 min" over a standing hidden one: the revert lowers the level; it
// acts at its end time on what is queued, and Bob sees "hidden" from the next tick — the lowering itself
// starts no epoch and sends nothing off the tick (issue 10: a lowering leaves the relay no record).
import type { DeviceState } from '@entwine/client';
import { describe, expect, it } from 'vitest';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { startSharing, virtualDevice, virtualTimeOnTick } from './support/virtual-devices.ts';

const relay = hookedRelayForSuite();

const HOUR = 3_600_000;
const TICK = 15_000;

describe('timed shields', () => {
  it('revert by themselves, and the partner sees the revert', async () => {
    const vt = virtualTimeOnTick(TICK);
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: 11 });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: 12 });
    const { settle, partnerSees: bobSees } = await startSharing(vt, alice.device, bob.device, {
      shares: { location: 'exact' },
      fix: { lat: 48.8566, lon: 2.3522, acc: 5 },
      tickMs: TICK,
    });
    expect((await bobSees()).location).toMatchObject({ level: 'exact', lat: 48.8566, lon: 2.3522 });

    // City for two hours: a lowering, yet the same epoch and nothing sent off the tick; Bob gets the area
    // at the next tick.
    const epochOf = () => Object.values((JSON.parse(alice.store.value!) as DeviceState).bonds)[0]!.sending?.epochId;
    const epochBefore = epochOf();
    const t0 = vt.now();
    const sentAtLowering = alice.sent.length;
    await alice.device.setShield('Bob', 'location', 'city', { forMs: 2 * HOUR });
    expect(epochOf()).toBe(epochBefore);
    expect(alice.sent.length).toBe(sentAtLowering);
    await vt.advanceTo(t0 + TICK + TICK / 4 + 1, settle);
    expect((await bobSees()).location).toMatchObject({ level: 'city', radius: 10_000 });
    expect(alice.device.shields()[0]!.shield.location).toEqual({ level: 'city', until: t0 + 2 * HOUR, revertTo: 'exact' });

    await vt.advanceTo(t0 + HOUR, settle);
    const midway = await bobSees();
    expect(midway.location?.level).toBe('city');
    expect(midway.locationAt).toBeGreaterThan(t0 + HOUR - 2 * TICK); // still published every tick

    // Past the end: raising, so it shows at the next tick after the end, by itself.
    await vt.advanceTo(t0 + 2 * HOUR + TICK + TICK / 4 + 1, settle);
    expect((await bobSees()).location).toMatchObject({ level: 'exact', lat: 48.8566, lon: 2.3522 });
    expect(alice.device.shields()[0]!.shield.location).toEqual({ level: 'exact' });
    expect(alice.events.filter((e) => e.type === 'shield-reverted')).toHaveLength(1);

    // Exact for 30 minutes over a standing "hidden": the revert lowers at its end; nothing is sent at that
    // instant (unless a tick falls on it), and Bob sees "hidden" from the next tick.
    await alice.device.setShield('Bob', 'location', 'hidden');
    await alice.device.setShield('Bob', 'location', 'exact', { forMs: HOUR / 2 });
    const t1 = vt.now();
    await vt.advanceTo(t1 + HOUR / 2 - 1, settle);
    expect((await bobSees()).locationState).toBe('live');
    await vt.advanceTo(t1 + HOUR / 2, settle);
    expect(alice.device.shields()[0]!.levels.location).toBe('hidden');
    const offTick = alice.sent.filter((s) => s.at % TICK > TICK / 4 + 1 || s.at % TICK === 0);
    expect(offTick).toEqual([]); // every send fell inside a tick's jitter window
    await vt.advanceTo(t1 + HOUR / 2 + TICK + TICK / 4 + 1, settle);
    const after = await bobSees();
    expect(after.locationState).toBe('hidden');
    expect(after.location).toBeUndefined();
    alice.device.close();
    bob.device.close();
  }, 120_000);
});
