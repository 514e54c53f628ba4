// Acceptance 7 (issue 3): kill -9 of the relay during a bounded load from a client; after a restart,
// every envelope the client saw acknowledged is stored and decrypts, and the outbox resends the rest
// exactly once (the relay keys envelopes by device, epoch and seq).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeDeliverFrame } from '@entwine/core';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.ts';
import { bond, newDevice } from './support/devices.ts';
import { rawSession } from './support/raw-client.ts';
import { type RelayProcess, startRelayProcess } from './support/relay-process.ts';

/** Publish ticks; each carries a location, a presence and a feeling envelope, so 3 000 envelopes in all. */
const TICKS = 1000;
const TOTAL = TICKS * 3;
const KILL_AFTER_ACKS = 270;
const MAX_OUTSTANDING = 128;

let root: string;
let relay: RelayProcess | undefined;
afterAll(async () => {
  await relay?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('durability across kill -9', () => {
  it('keeps every acknowledged envelope and delivers the rest once', async () => {
    root = await tempDir('kill');
    const dataDir = join(root, 'data');
    relay = await startRelayProcess({ dataDir, logDir: join(root, 'logs'), tag: 'first' });
    const port = relay.port;
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    await bond(alice.device, bob.device);
    await alice.device.connect();

    const acked = new Set<number>();
    let killed = false;
    let restarted: Promise<void> | undefined;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < TICKS; i++) {
      await alice.device.recordFix({ lat: i / 10_000, lon: 1 });
      const p = alice.device.publishTick().then(() => {
        acked.add(i);
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      if (inFlight.size >= MAX_OUTSTANDING) await Promise.race(inFlight);
      if (!killed && acked.size >= KILL_AFTER_ACKS) {
        killed = true;
        await relay.stop('SIGKILL');
        const ackedAtKill = acked.size;
        expect(ackedAtKill).toBeLessThan(TICKS);
        // Bring it back on the same port and data directory while the client keeps queueing.
        restarted = startRelayProcess({ dataDir, logDir: join(root, 'logs'), port, tag: 'second' }).then((r) => {
          relay = r;
        });
      }
    }
    expect(killed).toBe(true);
    await restarted;
    await Promise.all(inFlight);
    expect(acked.size).toBe(TICKS);
    expect(alice.device.outboxSize).toBe(0);

    // Everything is stored exactly once and decrypts for Bob.
    const bondId = alice.device.bonds()[0]!.bondId;
    const token = await rawSession(relay!.url, JSON.parse(bob.store.value!));
    let stored = 0;
    for (let after = 0n; ; ) {
      const res = await fetch(new URL(`/v1/bonds/${bondId}/envelopes?after=${after}&limit=256`, relay!.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = decodeDeliverFrame(new Uint8Array(await res.arrayBuffer()));
      if (page.length === 0) break;
      stored += page.length;
      after = page[page.length - 1]!.cursor;
    }
    expect(stored).toBe(TOTAL);

    await bob.device.connect();
    const seen = bob.events.filter((e) => e.type === 'location');
    expect(bob.events.filter((e) => e.type === 'forged')).toEqual([]);
    const indexes = seen.map((e) => (e.type === 'location' && e.message.level === 'exact' ? Math.round(e.message.lat * 10_000) : -1));
    expect(new Set(indexes).size).toBe(TICKS);
    expect(indexes.length).toBe(TICKS);
    expect(bob.events.filter((e) => e.type === 'presence')).toHaveLength(TICKS);
    expect(bob.events.filter((e) => e.type === 'feeling')).toHaveLength(TICKS);
    alice.device.close();
    bob.device.close();
  }, 180_000);
});
