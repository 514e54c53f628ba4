// Acceptance 2 (issue 6): JPEG, PNG and WebP photos carrying GPS EXIF, XMP (with GPS and a city) and a
// maker note go from Alice to Bob as moments. What Bob decrypts has no location tag, no XMP and no maker
// note — read back with ExifTool and, where it can read the format, exifr — and still decodes to the same
// pixels as the original.
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { leakedCanaries } from '../packages/core/test/fixtures/media/canary.ts';
import { decodeWebp } from '../packages/core/test/fixtures/media/codecs.ts';
import { exifrAll, exiftool, FIXTURES, fixture } from '../packages/core/test/fixtures/media/read-metadata.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';
import { bondWith, virtualDevice } from './support/virtual-devices.ts';
import { VirtualTime } from './support/virtual-time.ts';

const relay = hookedRelayForSuite();

const locationKeys = (tags: Record<string, unknown>) =>
  Object.keys(tags).filter((k) => /gps|latitude|longitude|position|city|location|^XMP|makernote|serial/i.test(k) && !k.startsWith('ICC'));

async function pixels(type: string, bytes: Uint8Array): Promise<Uint8Array> {
  if (type === 'image/jpeg') return new Uint8Array(jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true }).data);
  if (type === 'image/png') return new Uint8Array(decodePng(bytes).data as Uint8Array);
  return new Uint8Array((await decodeWebp(bytes)).data);
}

describe('photo metadata through a bond', () => {
  it('reaches the partner without GPS, XMP or maker notes, and still renders the same', async () => {
    const vt = new VirtualTime(Date.now());
    const alice = await virtualDevice(relay.url, 'Alice', vt, { seed: 71 });
    const bob = await virtualDevice(relay.url, 'Bob', vt, { seed: 72 });
    await bondWith(alice.device, bob.device, { a: { moments: 'exact' }, b: {} });
    const names = [FIXTURES.baselineJpeg, FIXTURES.progressiveJpeg, FIXTURES.png, FIXTURES.lossyWebp, FIXTURES.losslessWebp];
    for (const name of names) {
      const original = fixture(name);
      expect(locationKeys(exiftool(original)).length, `${name} carries metadata to begin with`).toBeGreaterThan(3);
      expect(leakedCanaries(original).length).toBeGreaterThan(0);
      await alice.device.shareMoment('Bob', { bytes: original });
      await vt.advanceTo(vt.now() + 2000, async () => undefined); // photos a little apart, as a person takes them
    }
    await bob.device.pull();
    const got = bob.events.flatMap((e) => (e.type === 'moment' ? [e] : []));
    expect(got.map((e) => e.message.mime)).toEqual(['image/jpeg', 'image/jpeg', 'image/png', 'image/webp', 'image/webp']);
    for (const [i, e] of got.entries()) {
      const name = names[i]!;
      const tags = exiftool(e.photo);
      expect(locationKeys(tags), name).toEqual([]);
      expect(tags['ExifTool:Warning'], name).toBeUndefined();
      expect(leakedCanaries(e.photo), name).toEqual([]);
      if (e.message.mime !== 'image/webp') {
        const read = await exifrAll(e.photo);
        expect(
          Object.keys(read).filter((k) => k !== 'ifd0'),
          name,
        ).toEqual([]); // ifd0: the kept Orientation only
      }
      expect(await pixels(e.message.mime, e.photo), `${name} renders the same`).toEqual(await pixels(e.message.mime, fixture(name)));
    }
    alice.device.close();
    bob.device.close();
  }, 120_000);
});
