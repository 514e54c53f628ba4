// "Stop sharing with everyone" with the relay down (review of issue 5): every bond's every facet is
// hidden and saved at once, before anything waits for the relay, and the exact envelopes still queued
// for any partner are dropped — none of them is delivered when the relay comes back.

import { join } from 'node:path';
import type { DeviceState } from '@entwine/client';
import { FACETS } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.ts';
import { bond, newDevice } from './support/devices.ts';
import { startRelayProcess } from './support/relay-process.ts';
import { until } from './support/until.ts';

describe('stop sharing with everyone while offline', () => {
  it('hides and saves every bond at once and drops what was queued', async () => {
    const root = await tempDir('panic');
    let relay = await startRelayProcess({ dataDir: join(root, 'data'), logDir: join(root, 'logs') });
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    const carol = await newDevice(relay.url, 'Carol');
    await bond(alice.device, bob.device);
    await bond(alice.device, carol.device);
    // One tick online first, before any fix: each bond's sending epoch is made and its key handed out, so
    // the offline tick below can seal and queue its envelopes instead of waiting for the relay to hand one out.
    await alice.device.publishTick();
    const port = relay.port;
    await relay.stop();

    // Offline: a tick is queued for both partners at exact, then the panic button.
    await alice.device.recordFix({ lat: 40.4168, lon: -3.7038, acc: 5 });
    const savedState = () => JSON.parse(alice.store.value!) as DeviceState;
    void alice.device.publishTick().catch(() => undefined);
    // The facets the bonds share above hidden (`bond` shares location and presence); the others go out
    // as hidden-level envelopes every tick (uniform traffic), which carry nothing to drop.
    const shared = new Set<string | undefined>(['location', 'presence']);
    await until('the offline tick’s exact envelopes to be queued', async () =>
      savedState().outbox.some((e) => e.facet === 'location') ? true : undefined,
    );
    void alice.device.stopSharingWithEveryone().catch(() => undefined);
    // The relay stays down throughout: had the button waited for it, nothing below would ever be saved.
    await until('every facet of every bond saved as hidden', async () =>
      Object.values(savedState().bonds).every((b) => FACETS.every((f) => b.shield[f].level === 'hidden')) ? true : undefined,
    );
    const saved = savedState();
    for (const b of Object.values(saved.bonds)) for (const f of FACETS) expect(b.shield[f].level, `${b.peer.name} ${f}`).toBe('hidden');
    // Nothing of a shared facet is left to go out (and the "hidden" markers wait for the next tick, like
    // every level: a send at the moment of the button would tell the relay when it was pressed).
    expect(saved.outbox.filter((e) => shared.has(e.facet)).map((e) => e.facet)).toEqual([]);

    // Back online: Bob and Carol get only "hidden", never the exact fix queued before the button.
    relay = await startRelayProcess({ dataDir: join(root, 'data'), logDir: join(root, 'logs'), port, tag: 'again' });
    await alice.device.publishTick(); // the next tick, as a running app's ticker would
    await alice.device.drainOutbox();
    for (const partner of [bob, carol]) {
      await partner.device.pull();
      const got = partner.events.flatMap((e) => (e.type === 'location' ? [e.message.level] : []));
      expect(got).toContain('hidden');
      expect(got).not.toContain('exact');
    }
    for (const d of [alice, bob, carol]) d.device.close();
    await relay.stop();
  }, 60_000);
});
