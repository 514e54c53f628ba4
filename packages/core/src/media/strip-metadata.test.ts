/**
 * Real images in, independent readers out: each fixture (MozJPEG baseline and progressive, fast-png, libwebp
 * lossy+alpha and lossless, all carrying GPS Exif, XMP with GPS and a city, a MakerNote and a serial) is
 * first shown to hold that metadata — so the test cannot pass on an image that never had it — then stripped
 * and read back with ExifTool and, for JPEG and PNG, exifr. After stripping, neither reader finds GPS, XMP,
 * a maker note or a serial; the progressive JPEG's Exif holds Orientation 6 and nothing else; and the image
 * decodes to exactly the same pixels (jpeg-js, fast-png, libwebp), its coded bitstream unchanged.
 */
import { decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeWebp } from '../../test/fixtures/media/codecs.ts';
import { riffChunks } from '../../test/fixtures/media/metadata-blocks.ts';
import { exifrAll, exiftool, FIXTURES, fixture, metadataTags } from '../../test/fixtures/media/read-metadata.ts';
import { stripMetadata } from './strip-metadata.ts';

const keysMatching = (tags: Record<string, unknown>, pattern: RegExp) => Object.keys(tags).filter((k) => pattern.test(k));

/** What the planted metadata looks like to ExifTool before stripping: the precondition of every test here. */
function expectPlanted(tags: Record<string, unknown>) {
  expect(tags['GPS:GPSLatitude']).toBeCloseTo(47.123456, 6);
  expect(tags['GPS:GPSLongitude']).toBeCloseTo(8.987654, 6);
  expect(tags['XMP-exif:GPSLatitude']).toBeCloseTo(47.123456, 6);
  expect(tags['XMP-drone-dji:GPSLatitude']).toBeCloseTo(47.123456, 6);
  expect(tags['ExifIFD:MakerNoteUnknownText']).toContain('SN-CANARY-90125');
  expect(tags['ExifIFD:SerialNumber']).toBe('SN-CANARY-90125');
  expect(tags['IFD1:ThumbnailImage']).toBeDefined();
}

/** After stripping: nothing that places, dates or identifies, and no complaint from ExifTool about the file. */
function expectClean(tags: Record<string, unknown>, allowed: string[] = []) {
  expect(keysMatching(tags, /gps|latitude|longitude|position/i)).toEqual([]);
  expect(keysMatching(tags, /^XMP/)).toEqual([]);
  // The ICC header has DeviceManufacturer/DeviceModel fields of its own: the profile's, kept with it.
  expect(keysMatching(tags, /makernote|serial|make|model/i).filter((k) => !k.startsWith('ICC-header:'))).toEqual([]);
  expect(metadataTags(tags)).toEqual(allowed);
  expect(tags['ExifTool:Warning']).toBeUndefined();
}

function decodeJpeg(bytes: Uint8Array) {
  const { width, height, data } = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
  return { width, height, data: new Uint8Array(data) };
}

describe('JPEG', () => {
  it('baseline: GPS, XMP (+ extended), IPTC, MakerNote, thumbnails and COM are gone; nothing else remains', async () => {
    const input = fixture(FIXTURES.baselineJpeg);
    expectPlanted(exiftool(input));
    const before = await exifrAll(input);
    expect(before.gps?.latitude).toBeCloseTo(47.123456, 6);
    expect(before.makerNote).toBeDefined();
    expect(before['drone-dji']?.GpsLatitude).toBe(47.123456);

    const out = stripMetadata(input);
    expect(out.type).toBe('jpeg');
    expect(out.removed).toEqual(['APP0 JFIF thumbnail', 'APP1 Exif', 'APP1 XMP', 'APP1 XMP extension', 'APP13 Photoshop IRB', 'COM']);
    const after = exiftool(out.bytes);
    expectClean(after);
    expect(after['JFIF:ThumbnailWidth']).toBeUndefined();
    expect(after['ICC_Profile:MediaWhitePoint']).toBeDefined();
    expect(after['Adobe:ColorTransform']).toBe(1);
    expect(await exifrAll(out.bytes)).toEqual({});
  });

  it('baseline: same pixels, and the scan bytes from SOS to EOI are unchanged', () => {
    const input = fixture(FIXTURES.baselineJpeg);
    const out = stripMetadata(input).bytes;
    expect(decodeJpeg(out)).toEqual(decodeJpeg(input));
    // The last FF DA is the main image's only SOS: entropy data never holds FF DA, the Exif thumbnail does.
    const scan = (b: Uint8Array) => b.subarray(b.findLastIndex((v, i) => v === 0xff && b[i + 1] === 0xda));
    expect(scan(input).length).toBeGreaterThan(500);
    expect(Buffer.from(scan(out)).equals(Buffer.from(scan(input)))).toBe(true);
  });

  it('progressive, Orientation 6: the Exif left holds Orientation 6 and nothing else; pixels unchanged', async () => {
    const input = fixture(FIXTURES.progressiveJpeg);
    expectPlanted(exiftool(input));
    expect(exiftool(input)['IFD0:Orientation']).toBe(6);

    const out = stripMetadata(input);
    expect(out.removed).toEqual(['APP1 Exif', 'APP1 XMP', 'COM']);
    const after = exiftool(out.bytes);
    expectClean(after, ['IFD0:Orientation']);
    expect(after['IFD0:Orientation']).toBe(6);
    expect(after['File:EncodingProcess']).toBe(2); // progressive DCT, Huffman coding
    expect(await exifrAll(out.bytes)).toEqual({ ifd0: { Orientation: 'Rotate 90 CW' } });
    expect(decodeJpeg(out.bytes)).toEqual(decodeJpeg(input));
  });
});

describe('PNG', () => {
  it('eXIf, iTXt XMP, zTXt raw Exif, tEXt and tIME are gone; colour chunks stay; same pixels', async () => {
    const input = fixture(FIXTURES.png);
    expectPlanted(exiftool(input));
    expect((await exifrAll(input)).gps?.latitude).toBeCloseTo(47.123456, 6);

    const out = stripMetadata(input);
    expect(out.type).toBe('png');
    expect(out.removed).toEqual(['eXIf', 'iTXt XMP', 'zTXt Raw profile type exif', 'tIME', 'tEXt Comment']);
    const after = exiftool(out.bytes);
    expectClean(after);
    expect(after['PNG:SRGBRendering']).toBe(0);
    expect(after['PNG:Gamma']).toBeCloseTo(2.2, 2);
    expect(after['PNG-pHYs:PixelsPerUnitX']).toBe(2835);
    expect(await exifrAll(out.bytes)).toEqual({});
    const [a, b] = [decodePng(input), decodePng(out.bytes)];
    expect([b.width, b.height, b.channels, b.depth]).toEqual([a.width, a.height, a.channels, a.depth]);
    expect(Buffer.from(b.data as Uint8Array).equals(Buffer.from(a.data as Uint8Array))).toBe(true);
  });
});

describe('WebP', () => {
  // exifr does not read WebP, so ExifTool alone reads these back. The render check decodes with libwebp
  // (wasm) before and after and compares every RGBA byte, and compares the coded chunks byte for byte.
  for (const [name, coded, removed] of [
    [FIXTURES.lossyWebp, ['ALPH', 'VP8 ', 'ICCP'], ['ENTW', 'EXIF', 'XMP']],
    [FIXTURES.losslessWebp, ['VP8L'], ['EXIF', 'XMP']],
  ] as const) {
    it(`${name}: EXIF, XMP and unknown chunks are gone, the VP8X flags say so; same pixels and bitstream`, async () => {
      const input = fixture(name);
      expectPlanted(exiftool(input));

      const out = stripMetadata(input);
      expect(out.type).toBe('webp');
      expect(out.removed).toEqual(removed);
      const after = exiftool(out.bytes);
      expectClean(after);
      expect(Number(after['RIFF:WebP_Flags']) & 0x0c).toBe(0);

      const [a, b] = [riffChunks(input), riffChunks(out.bytes)];
      expect([...b.keys()]).toEqual(['VP8X', ...[...a.keys()].filter((k) => (coded as readonly string[]).includes(k))]);
      for (const fourcc of coded) expect(Buffer.from(b.get(fourcc)!).equals(Buffer.from(a.get(fourcc)!)), fourcc).toBe(true);
      expect(await decodeWebp(out.bytes)).toEqual(await decodeWebp(input));
    });
  }
});

describe('every fixture', () => {
  it('is stripped to a fixed point: stripping the output again changes no byte', () => {
    for (const name of Object.values(FIXTURES)) {
      const once = stripMetadata(fixture(name)).bytes;
      expect(Buffer.from(stripMetadata(once).bytes).equals(Buffer.from(once)), name).toBe(true);
    }
  });

  it('returns a fresh copy that shares no memory with the input', () => {
    for (const name of Object.values(FIXTURES)) {
      const input = fixture(name);
      const out = stripMetadata(input).bytes;
      expect(out.buffer).not.toBe(input.buffer);
    }
  });
});
