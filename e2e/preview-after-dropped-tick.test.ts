// "As Bob sees you" is exactly what Bob's device shows, even when a lowering drops a tick before it left:
// Alice's tick sealed while the relay was down holds a new exact position; she freezes Bob's location
// before it could leave, so the outbox drops it (nothing sealed at the old level goes out after a
// lowering). Bob never gets that position, so Alice's preview must not hold it either: the sender folds a
// message into its view of the partner once the relay stored it, not when it was sealed.
import { join } from 'node:path';
import type { DeviceState } from '@entwine/client';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.ts';
import { bond, newDevice } from './support/devices.ts';
import { startRelayProcess } from './support/relay-process.ts';
import { until } from './support/until.ts';

const ZURICH = { lat: 47.37692, lon: 8.54173, acc: 5 };
const MADRID = { lat: 40.4168, lon: -3.7038, acc: 5 };

describe('the sharer’s preview after a lowering dropped a queued tick', () => {
  it('holds neither more nor less than the partner’s view', async () => {
    const root = await tempDir('preview-drop');
    let relay = await startRelayProcess({ dataDir: join(root, 'data'), logDir: join(root, 'logs') });
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    try {
      await bond(alice.device, bob.device);
      await alice.device.recordFix(ZURICH);
      await alice.device.publishTick(); // Zürich is stored for Bob
      const port = relay.port;
      await relay.stop();

      await alice.device.recordFix(MADRID);
      const offlineTick = alice.device.publishTick();
      offlineTick.catch(() => undefined);
      const savedState = () => JSON.parse(alice.store.value as string) as DeviceState;
      await until('the offline tick’s location to be queued', async () =>
        savedState().outbox.some((e) => e.facet === 'location') ? true : undefined,
      );
      await alice.device.setShield('Bob', 'location', 'frozen');
      expect(savedState().outbox.filter((e) => e.facet === 'location')).toEqual([]);

      relay = await startRelayProcess({ dataDir: join(root, 'data'), logDir: join(root, 'logs'), port, tag: 'again' });
      await offlineTick; // its presence and feeling envelopes are stored now
      await alice.device.publishTick(); // the next tick says "frozen"
      await bob.device.pull();

      const shown = bob.device.viewOf('Alice');
      expect(shown.locationState).toBe('frozen');
      expect(shown.location).toMatchObject({ level: 'exact', lat: ZURICH.lat, lon: ZURICH.lon });
      expect(alice.device.seenBy('Bob')).toEqual(shown);
    } finally {
      alice.device.close();
      bob.device.close();
      await relay.stop();
    }
  }, 60_000);
});
