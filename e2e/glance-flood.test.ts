// Acceptance 5 (issue 6): a modified client floods its partner with glances. The relay's per-device rate
// limit refuses the excess (429), the receiving client mutes what gets through beyond a gentle burst, and
// neither drops anything else of the bond: Alice's and Bob's ticks and Bob's thought all arrive.
import type { DeviceState } from '@entwine/client';
import { detectEd25519, fromBase64url, hpkeSuite, newEpoch, ROUTES, sealKeyDist, toBase64url } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { newDevice, numbersMatch } from './support/devices.ts';
import { craftEnvelope, postEnvelope, rawSession } from './support/raw-client.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { until } from './support/until.ts';

// A tight per-device limit so the flood meets it within the test: 10 envelopes/s, bursts of 40. The flood
// would have to take the relay over 16 s to pass unrefused (at 20/s and 150, a loaded machine once let all through).
const LIMITS = { envelopesPerSecond: 10, envelopeBurst: 40 };
const relay = hookedRelayForSuite({}, LIMITS);
/** How long the relay's bucket takes to refill from empty: a property of its rate, not a guess at the machine. */
const REFILL_MS = (LIMITS.envelopeBurst / LIMITS.envelopesPerSecond) * 1000 + 500;

const FLOOD = 200;

describe('a glance flood', () => {
  it('is limited by the relay and by the receiving client, and nothing else of the bond is lost', async () => {
    const alice = await newDevice(relay.url, 'Alice', { publishTickMs: 200 });
    const bob = await newDevice(relay.url, 'Bob', { publishTickMs: 200 });
    const share = { location: 'exact', presence: 'exact', glances: 'exact', thoughts: 'exact' } as const;
    const { link } = await alice.device.invite();
    await bob.device.acceptInvite(link, share);
    await alice.device.confirm('Bob', share, 'match');
    await numbersMatch(bob.device, 'Alice');
    await alice.device.sync();
    await alice.device.connect();

    // Bob's honest device shares a few ticks first.
    await bob.device.recordFix({ lat: 52.52, lon: 13.405 });
    for (let i = 0; i < 3; i++) await bob.device.publishTick();

    // Bob's modified client: the same device keys, a fresh epoch of its own (so its seqs cannot collide
    // with the honest device's), and no pacing at all.
    const state = JSON.parse(bob.store.value!) as DeviceState;
    const bond = Object.values(state.bonds)[0]!;
    const ed = await detectEd25519();
    const epoch = newEpoch({ bytes: (n) => crypto.getRandomValues(new Uint8Array(n)) }, bond.bondId, state.device.deviceId);
    const d = state.device;
    const keyDist = await sealKeyDist({
      ed,
      suite: hpkeSuite(),
      epoch,
      sender: {
        deviceId: d.deviceId,
        signSeed: fromBase64url(d.signSeed),
        signPub: fromBase64url(d.signPub),
        dhPriv: fromBase64url(d.dhPriv),
        dhPub: fromBase64url(d.dhPub),
      },
      senderUser: state.identity.userId,
      recipients: bond.peer.devices.map((p) => ({
        deviceId: p.deviceId,
        signPub: fromBase64url(p.signPub),
        dhPub: fromBase64url(p.dhPub),
      })),
      createdAt: Date.now(),
    });
    const token = await rawSession(relay.url, state);
    const posted = await fetch(new URL(ROUTES.bondKeys(bond.bondId), relay.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ keyDist }),
    });
    expect(posted.status).toBeLessThan(300);
    // Every envelope sealed first, then all posted at once: a burst however slow the machine, so the
    // bucket cannot refill between posts (sealing one by one under load once let all 150 through).
    const flood: Uint8Array[] = [];
    for (let i = 0; i < FLOOD; i++) {
      const id = toBase64url(crypto.getRandomValues(new Uint8Array(8))).slice(0, 11);
      flood.push(
        await craftEnvelope(state, {
          bondId: bond.bondId,
          epochId: epoch.epochId,
          key: epoch.key,
          seq: BigInt(i),
          message: { kind: 'glance', ts: Date.now(), id, glance: 'heartbeat' },
        }),
      );
    }
    const statuses = (await Promise.all(flood.map((envelope) => postEnvelope(relay.url, token, envelope)))).map((r) => r.status);
    const floodEnded = Date.now();
    const stored = statuses.filter((s) => s === 201).length;
    const limited = statuses.filter((s) => s === 429).length;
    console.log(`flood of ${FLOOD} glances: relay stored ${stored}, refused ${limited} with 429`);
    expect(limited).toBeGreaterThan(0);
    expect(stored + limited).toBe(FLOOD);

    // After the flood, the honest side goes on: Bob's ticks and a thought, Alice's ticks.
    // The honest device's next posts need the relay's bucket refilled: wait out its refill time.
    await until('the relay’s bucket to refill', async () => (Date.now() - floodEnded > REFILL_MS ? true : undefined));
    for (let i = 0; i < 3; i++) await bob.device.publishTick();
    const said = await bob.device.say('Alice', 'still here');
    await alice.device.recordFix({ lat: 48.137, lon: 11.575 });
    for (let i = 0; i < 3; i++) await alice.device.publishTick();
    await bob.device.pull();

    await until('Bob’s thought on Alice’s device', async () => (alice.events.some((e) => e.type === 'thought') ? true : undefined));
    const shown = alice.events.filter((e) => e.type === 'glance').length;
    const muted = alice.events.filter((e) => e.type === 'glances-muted');
    console.log(
      `Alice was shown ${shown} glances; muted events: ${muted.map((m) => (m.type === 'glances-muted' ? m.count : 0)).join(', ')}`,
    );
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(11); // the burst of 10, plus at most one refilled in the test's seconds
    expect(muted.length).toBeGreaterThan(0);
    expect(alice.events.filter((e) => e.type === 'forged')).toEqual([]);
    expect(alice.events.filter((e) => e.type === 'location' && e.message.level === 'exact')).toHaveLength(6);
    expect(alice.events.find((e) => e.type === 'thought' && e.message.id === said.id)).toBeDefined();
    expect(bob.events.filter((e) => e.type === 'location' && e.message.level === 'exact').length).toBeGreaterThanOrEqual(3);
    alice.device.close();
    bob.device.close();
  }, 60_000);
});
