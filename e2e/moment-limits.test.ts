// Moments (issue 6): what cannot be shared is refused on the sender's device with a clear code — not a
// photo, too large even after stripping, more than a bond takes in a day — and nothing leaves for it.
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { newDevice, numbersMatch } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';

const relay = hookedRelayForSuite();

function noise(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  let x = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = x & 0xff;
  }
  return encodePng({ width, height, data, channels: 3, depth: 8 });
}

describe('moment limits', () => {
  it('refuses a non-photo, an oversized photo and the photo past the daily count', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    const { link } = await alice.device.invite();
    await bob.device.acceptInvite(link, {});
    await alice.device.confirm('Bob', { moments: 'exact' }, 'match');
    await numbersMatch(bob.device, 'Alice');
    await alice.device.sync();

    await expect(alice.device.shareMoment('Bob', { bytes: new TextEncoder().encode('GIF89a not a photo') })).rejects.toMatchObject({
      code: 'ENTWINE_ERR_MOMENT_TYPE',
    });
    const big = noise(1300, 1100); // random pixels do not compress: about 4.3 MB
    expect(big.length).toBeGreaterThan(4 * 1024 * 1024);
    await expect(alice.device.shareMoment('Bob', { bytes: big })).rejects.toMatchObject({ code: 'ENTWINE_ERR_MOMENT_TOO_LARGE' });
    expect(alice.device.outboxSize).toBe(0);

    const small = noise(4, 4);
    for (let i = 0; i < 30; i++) await alice.device.shareMoment('Bob', { bytes: small });
    await expect(alice.device.shareMoment('Bob', { bytes: small })).rejects.toMatchObject({ code: 'ENTWINE_ERR_MOMENT_LIMIT' });
    await bob.device.pull();
    expect(bob.events.filter((e) => e.type === 'moment')).toHaveLength(30); // every one arrives …
    expect(bob.device.momentsWith('Alice')).toHaveLength(20); // … and the device keeps the newest 20
    alice.device.close();
    bob.device.close();
  }, 60_000);
});
