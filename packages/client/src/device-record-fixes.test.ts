// A tracker app's batch through `Device.recordFixes` (the bridge's one way in): resent fixes are dropped by
// time and position, a late batch is history only (the live position never goes back in time), and a batch
// with one impossible fix writes nothing at all.
import { detectEd25519, EntwineError, systemClock, systemRandom } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { DeviceDeps } from './context.ts';
import { Device } from './device.ts';
import { memoryStore, memoryStoreData } from './store/memory-store.ts';

async function offlineDeps(): Promise<DeviceDeps> {
  return {
    transport: {
      origin: 'http://relay.invalid',
      request: async (req) => {
        if (req.method === 'PUT' && req.path.startsWith('/v1/users/'))
          return { status: 201, json: { userId: 'u', version: 1, known: false } };
        throw new Error('offline'); // a background seal fails and leaves the days unsealed
      },
      openSocket: () => {
        throw new Error('offline');
      },
    },
    store: memoryStore(memoryStoreData()),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: { setTimeout: () => undefined, clearTimeout: () => undefined },
  };
}

const T = Date.UTC(2026, 11, 1, 9, 0, 0);
const at = (min: number, lat = 52.52, lon = 13.405) => ({ ts: T + min * 60_000, lat: lat + min * 1e-4, lon });

describe('Device.recordFixes', () => {
  it('keeps a batch once, drops a resend, and moves the live position only forward', async () => {
    const { device } = await Device.create(await offlineDeps(), { name: 'Alice' });
    expect(await device.recordFixes([at(2), at(0), at(1)])).toEqual({ added: 3, duplicates: 0 });
    expect(device.myFix()?.ts).toBe(at(2).ts);
    // The app resends the batch (it got no answer), with one fix more.
    expect(await device.recordFixes([at(0), at(1), at(2), at(3)])).toEqual({ added: 1, duplicates: 3 });
    expect(device.myFix()?.ts).toBe(at(3).ts);
    // A batch that queued on the phone arrives late: history, not the live position.
    expect(await device.recordFixes([at(-30), at(-29)])).toEqual({ added: 2, duplicates: 0 });
    expect(device.myFix()?.ts).toBe(at(3).ts);
    expect(await device.unsealedDays()).toEqual([Math.floor(T / 86_400_000)]);
    device.close();
  });

  it('writes nothing of a batch that holds an impossible fix', async () => {
    const { device } = await Device.create(await offlineDeps(), { name: 'Alice' });
    const refused = await device.recordFixes([at(0), { ts: T, lat: 91, lon: 0 }]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EntwineError);
    expect((refused as EntwineError).code).toBe('ENTWINE_ERR_INPUT_INVALID');
    expect(device.myFix()).toBeUndefined();
    expect(await device.recordFixes([at(0)])).toEqual({ added: 1, duplicates: 0 });
    device.close();
  });
});
