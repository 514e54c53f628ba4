// Acceptance 4 (issue 10): a relay that says "the bond ended" without the partner's signed end is a relay
// fault, never the partner's choice. A relay that owns its bus pushes `bond-ended` events straight to Bob's
// socket — with no document, with one signed by a key that is not on Alice's device list, and with a real
// end of another bond (Carol ending hers with Bob) — and its bonds list claims the same on sync. Bob keeps
// the bond and everything in it and reports the fault (a typed event, the bond's summary, the CLI). A real
// end by Alice still ends it on Bob's side, measured from her call to Bob's device having forgotten the bond.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BondSummary } from '@entwine/client';
import { type BondEnd, detectEd25519, fromBase64url, type RelayEvent, type SignedBlob, signBlob, systemRandom } from '@entwine/core';
import { createRelay, LocalBus, type Relay, type TestHooks } from '@entwine/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bondedPair, tempDir } from './support/cli.ts';
import { bond, newDevice } from './support/devices.ts';
import { PUSHED_WITHIN_MS } from './support/pushed-within.ts';
import { until } from './support/web-app.ts';

const hooks: TestHooks = {};
const bus = new LocalBus(() => undefined);
let relay: Relay;
let root: string;

beforeAll(async () => {
  root = await tempDir('forged-end');
  relay = await createRelay({ dataDir: join(root, 'data'), port: 0, logger: false, testHooks: hooks, bus });
});
afterAll(async () => {
  await relay.close();
  await bus.close();
  await rm(root, { recursive: true, force: true });
});

/** What the relay would push to one person's sockets. */
function push(userId: string, event: RelayEvent): void {
  bus.publish(userId, { type: 'event', event });
}

const bondWith = (bonds: BondSummary[], name: string) => bonds.find((b) => b.name === name) as BondSummary;

describe('a bond-end the relay cannot prove', () => {
  it('keeps the bond and is reported as a relay fault; a real end still ends it at once (latency printed)', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    const carol = await newDevice(relay.url, 'Carol');
    await bond(alice.device, bob.device);
    await bond(carol.device, bob.device);
    await alice.device.setShield('Bob', 'thoughts', 'exact');
    await alice.device.say('Bob', 'canary thought kept through a forged end');
    await bob.device.connect();
    await bob.device.pull();
    const bondId = bondWith(bob.device.bonds(), 'Alice').bondId;
    expect(bob.device.thoughtsWith('Alice').map((t) => t.text)).toEqual(['canary thought kept through a forged end']);

    const faults = () => bob.events.flatMap((e) => (e.type === 'relay-fault' && e.bondId === bondId ? [e.reason] : []));
    const faultCount = (n: number) => async () => (faults().length >= n ? true : undefined);
    const ed = await detectEd25519();
    const random = systemRandom();
    const aliceEnd: BondEnd = { v: 1, bondId, userId: alice.device.userId, deviceId: alice.device.deviceId, at: Date.now() };

    // 1. No document at all.
    push(bob.device.userId, { type: 'bond-ended', bondId, by: alice.device.userId });
    await until('the unsigned end to be reported', faultCount(1));

    // 2. Alice's ids, but signed by a key that is not on Alice's device list.
    const strangerKey = random.bytes(32);
    const wrongKey = await signBlob(ed, 'bond-end', aliceEnd, strangerKey);
    push(bob.device.userId, { type: 'bond-ended', bondId, by: alice.device.userId, end: wrongKey });
    await until('the mis-signed end to be reported', faultCount(2));

    // 3. A real, validly signed end — of another bond, by another person — presented as Alice's.
    const carolBondId = bondWith(carol.device.bonds(), 'Bob').bondId;
    const carolEnd: SignedBlob = await signBlob(
      ed,
      'bond-end',
      { v: 1, bondId: carolBondId, userId: carol.device.userId, deviceId: carol.device.deviceId, at: Date.now() } satisfies BondEnd,
      fromBase64url((JSON.parse(carol.store.value as string) as { device: { signSeed: string } }).device.signSeed),
    );
    push(bob.device.userId, { type: 'bond-ended', bondId, by: carol.device.userId, end: carolEnd });
    await until('the replayed end of another bond to be reported', faultCount(3));
    expect(faults()).toEqual(['unsigned-end', 'forged-end', 'forged-end']);

    // The bonds list a returning device reads says "ended" too: without a document, and with a stolen one
    // (a claim that repeats the last one is not announced again; the bond still shows it).
    hooks.onBondList = (_user, bonds) => bonds.map((b) => (b.bondId === bondId ? { ...b, state: 'ended' as const } : b));
    await bob.device.sync();
    hooks.onBondList = (_user, bonds) => bonds.map((b) => (b.bondId === bondId ? { ...b, state: 'ended' as const, end: carolEnd } : b));
    await bob.device.sync();
    await bob.device.sync();
    delete hooks.onBondList;

    // Bob kept the bond and everything in it; the fault is on the bond, never "Alice ended it".
    const kept = bondWith(bob.device.bonds(), 'Alice');
    expect(kept.status).toBe('active');
    expect(kept.relayFault).toBeDefined();
    expect(kept.endedBy).toBeUndefined();
    expect(bob.device.thoughtsWith('Alice').map((t) => t.text)).toEqual(['canary thought kept through a forged end']);
    expect(bob.events.filter((e) => e.type === 'bond-ended')).toEqual([]);
    expect(faults()).toEqual(['unsigned-end', 'forged-end', 'forged-end', 'unsigned-end', 'forged-end']); // the repeat: once
    // Carol's bond with Bob is untouched by its end document being replayed.
    expect(bondWith(bob.device.bonds(), 'Carol').status).toBe('active');

    // A real end by Alice: Bob's device verifies it and forgets the bond as soon as it is pushed.
    const started = performance.now();
    await alice.device.end('Bob');
    await until(
      "Bob's device to end the bond",
      async () => (bondWith(bob.device.bonds(), 'Alice').status === 'ended' ? true : undefined),
      PUSHED_WITHIN_MS,
    );
    const tookMs = performance.now() - started;
    console.log(`end: Alice's end → Bob's device forgot the bond in ${tookMs.toFixed(0)} ms`);
    expect(tookMs).toBeLessThan(PUSHED_WITHIN_MS);
    const ended = bondWith(bob.device.bonds(), 'Alice');
    expect(ended.endedBy).toBe('peer');
    expect(bob.device.thoughtsWith('Alice')).toEqual([]);
    for (const d of [alice, bob, carol]) d.device.close();
  }, 60_000);

  it('the CLI lists the fault and keeps the bond', async () => {
    const pair = await bondedPair(relay.url);
    const bondId = pair.bondsB.bonds[0].bondId as string;
    hooks.onBondList = (_user, bonds) => bonds.map((b) => (b.bondId === bondId ? { ...b, state: 'ended' as const } : b));
    try {
      const listing = await pair.b('bonds');
      expect(listing).toContain('Alice  [active]');
      expect(listing).toMatch(/RELAY FAULT: +the relay said this bond ended, without an end signed by Alice or you; it was NOT ended/);
      const json = JSON.parse(await pair.b('bonds', '--json'));
      expect(json.bonds[0]).toMatchObject({ status: 'active', relayFault: 'unsigned-end' });
    } finally {
      delete hooks.onBondList;
    }
  }, 60_000);
});
