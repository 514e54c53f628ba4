// Lowering a shield while a tick is being sealed (issue 5): the tick was computed at the old level, so it
// must not leave after the change. Bob decrypts only what the new level allows — no exact fix at all —
// and the tick is sealed again at the new level, so it is neither missing nor doubled (issue 10).
import { describe, expect, it } from 'vitest';
import { bond, newDevice } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';

const relay = hookedRelayForSuite();

describe('lowering during a tick', () => {
  it('drops the tick computed at the old level', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    await bond(alice.device, bob.device); // location and presence exact both ways
    await alice.device.recordFix({ lat: 59.3293, lon: 18.0686, acc: 4 });
    const tick = alice.device.publishTick(); // computed now, at exact …
    const lowered = alice.device.setShield('Bob', 'location', 'city'); // … lowered before it is sealed
    await Promise.all([tick, lowered]);
    await alice.device.drainOutbox();
    await bob.device.pull();
    const got = bob.events.flatMap((e) => (e.type === 'location' ? [e.message] : []));
    // The stale tick is computed again at city: still one location per tick, so the relay sees the usual count.
    expect(got.length).toBe(1);
    expect(got.map((m) => m.level)).toEqual(['city']);
    alice.device.close();
    bob.device.close();
  }, 60_000);
});
