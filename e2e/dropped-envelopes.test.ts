// Issue 10: envelopes a device sets aside before any signature check — a replay at or below the bond's read
// position, one naming a bond the device does not have — used to vanish without a trace, and garbage was
// only an event. Here a relay plays both tricks through its test hooks: every such envelope is counted per
// bond and reason (`device.dropped()`, kept in the saved state), said as it happens (a `dropped` or `forged`
// event), listed by `entwine bonds` — and none is ever shown as a position.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Delivery, decodeEnvelope } from '@entwine/core';
import type { TestHooks } from '@entwine/server';
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../packages/cli/src/commands/watch.ts';
import { ok, tempDir } from './support/cli.ts';
import { bond, newDevice } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { until } from './support/web-app.ts';

const hooks: TestHooks = {};
const relay = hookedRelayForSuite(hooks);

/** Bytes that are no envelope: the version byte alone is already wrong. */
const GARBAGE = new Uint8Array(200).fill(0xee);

const bondIdOf = (device: { bonds(): { bondId: string }[] }) => (device.bonds()[0] as { bondId: string }).bondId;

describe('envelopes set aside before the signature check', () => {
  it('counts and says a replay below the read position and garbage, and shows neither', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    await bond(alice.device, bob.device);
    const bondId = bondIdOf(bob.device);

    // A genuine tick, read by Bob; the relay remembers the page it served.
    let served: Delivery[] = [];
    hooks.onBacklogPage = (id, _after, page) => {
      if (id === bondId && page.length > 0) served = page;
      return page;
    };
    await alice.device.recordFix({ lat: 46.2044, lon: 6.1432, acc: 5 });
    await alice.device.publishTick();
    await alice.device.drainOutbox();
    await bob.device.pull();
    const genuine = bob.events.filter((e) => e.type === 'location');
    expect(genuine).toHaveLength(1);
    const aliceDevice = JSON.parse(alice.store.value as string).device.deviceId as string;
    const old = served.find((d) => decodeEnvelope(d.envelope).senderDevice === aliceDevice) as Delivery;
    const readTo = served.at(-1)?.cursor as bigint;
    expect(readTo).toBeGreaterThanOrEqual(old.cursor);

    // The next read: the relay serves that old envelope again under its old cursor, and garbage under another
    // old one (once; then the real, empty page).
    let played = false;
    hooks.onBacklogPage = (id, after, page) => {
      if (id !== bondId || played) return page;
      played = true;
      expect(after).toBe(readTo);
      return [old, { cursor: readTo, envelope: GARBAGE }];
    };
    const before = bob.events.length;
    await bob.device.pull();
    expect(played).toBe(true);
    const news = bob.events.slice(before);
    expect(news.map((e) => e.type)).toEqual(['dropped', 'forged']);
    expect(news[0]).toMatchObject({ type: 'dropped', bondId, from: 'Alice', reason: 'replay-below-cursor', cursor: String(old.cursor) });
    expect(news[1]).toMatchObject({ type: 'forged', bondId, from: 'Alice', reason: 'malformed' });
    // Never shown as real: no new position, and what Bob sees of Alice is the genuine fix.
    expect(bob.events.filter((e) => e.type === 'location')).toHaveLength(1);

    const tally = bob.device.dropped().find((t) => t.bondId === bondId);
    expect(tally).toMatchObject({ name: 'Alice', counts: { 'replay-below-cursor': 1, malformed: 1 }, total: 2, unexpected: 2 });
    // In the saved state, so a later run (a one-shot CLI command) still has it.
    await bob.device.flushed();
    const saved = JSON.parse(bob.store.value as string);
    expect(saved.bonds[bondId].dropped).toEqual({ 'replay-below-cursor': 1, malformed: 1 });

    // The CLI says it: `watch` prints the event, `bonds` the tally (from that saved state).
    expect(formatEvent(news[0] as (typeof news)[number])).toBe(
      'Set aside an envelope in the bond with Alice (replay-below-cursor) — not checked, not shown',
    );
    const home = await tempDir('dropped-bob');
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'device.json'), bob.store.value as string, { mode: 0o600 });
    const listed = await ok(['bonds', '--home', home, '--server', relay.url]);
    expect(listed).toContain('not shown:     2 (replay-below-cursor 1, malformed 1)');
    const json = JSON.parse(await ok(['bonds', '--json', '--home', home, '--server', relay.url]));
    expect(json.dropped).toEqual([{ bondId, name: 'Alice', counts: { 'replay-below-cursor': 1, malformed: 1 }, total: 2, unexpected: 2 }]);

    alice.device.close();
    bob.device.close();
  }, 60_000);

  it('counts an envelope of a bond the device does not have, delivered live, under no bond', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    const carol = await newDevice(relay.url, 'Carol');
    const dave = await newDevice(relay.url, 'Dave');
    await bond(alice.device, bob.device);
    await bond(carol.device, dave.device);
    // An envelope of Carol and Dave's bond, as the relay holds it.
    let foreign: Uint8Array | undefined;
    const carolBond = bondIdOf(carol.device);
    hooks.onBacklogPage = (id, _after, page) => {
      if (id === carolBond && page[0]) foreign = page[0].envelope;
      return page;
    };
    await carol.device.publishTick();
    await carol.device.drainOutbox();
    await dave.device.pull();
    expect(foreign).toBeDefined();

    // Bob is live; the relay swaps the next envelope it pushes for Carol and Dave's.
    await bob.device.connect();
    let swapped = false;
    hooks.onDeliver = (envelope) => {
      if (swapped) return envelope;
      swapped = true;
      return foreign as Uint8Array;
    };
    try {
      await alice.device.publishTick();
      await alice.device.drainOutbox();
      const dropped = await until('the swapped envelope to be set aside', async () => bob.events.find((e) => e.type === 'dropped'));
      expect(dropped).toMatchObject({ type: 'dropped', bondId: '', from: 'no bond of yours', reason: 'not-our-bond' });
      expect(bob.device.dropped().find((t) => t.bondId === '')).toMatchObject({ name: undefined, counts: { 'not-our-bond': 1 }, total: 1 });
      expect(formatEvent(dropped)).toBe('Set aside an envelope that names no bond of yours (not-our-bond) — not shown');
      // Nothing of Carol's reached Bob as real.
      expect(bob.events.some((e) => 'from' in e && e.from === 'Carol')).toBe(false);
    } finally {
      hooks.onDeliver = undefined;
      for (const d of [alice, bob, carol, dave]) d.device.close();
    }
  }, 60_000);
});
