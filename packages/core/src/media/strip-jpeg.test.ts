/**
 * stripJpeg on hand-built segment streams (T.81 Annex B), where every byte's fate is known in advance:
 * tables, frame and scans survive byte for byte, including FF 00 stuffing, RSTn and fill bytes inside the
 * entropy-coded data; a progressive stream's later DHT survives while APPn/COM between scans go; JFIF loses
 * its thumbnail, Adobe APP14 keeps its 12 bytes, ICC stays verbatim; Orientation ≠ 1 from the first Exif is
 * written back as the 26-byte TIFF; the trailer after EOI goes; anything malformed throws a RangeError.
 */
import { describe, expect, it } from 'vitest';
import { latin1Bytes as ascii, concat, jpegSegment as seg } from '../../test/fixtures/media/metadata-blocks.ts';
import { orientationTiff } from './exif-orientation.ts';
import { stripJpeg } from './strip-jpeg.ts';

const b = (...bytes: number[]) => Uint8Array.from(bytes);
const SOI = b(0xff, 0xd8);
const EOI = b(0xff, 0xd9);
const DQT = seg(0xdb, b(0x00, ...new Array(64).fill(1)));
const SOF0 = seg(0xc0, b(8, 0, 8, 0, 8, 1, 1, 0x11, 0));
const SOF2 = seg(0xc2, b(8, 0, 8, 0, 8, 1, 1, 0x11, 0));
const DHT = seg(0xc4, b(0x00, 1, ...new Array(15).fill(0), 0x05));
const DHT_AC = seg(0xc4, b(0x10, 0, 2, ...new Array(14).fill(0), 0x01, 0x02));
const DRI = seg(0xdd, b(0, 4));
const SOS = seg(0xda, b(1, 1, 0x00, 0, 63, 0));
/** Entropy-coded data with a stuffed FF (FF 00) and restart markers, which are data, not segment ends. */
const SCAN = b(0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xd7, 0x78);
const SCAN2 = b(0x9a, 0xff, 0x00, 0xbc, 0xff, 0xd1, 0xde);

/** Big-endian TIFF with IFD0 = Make "Can", Orientation `value`: how a camera writes it. */
const mmTiff = (value: number) =>
  b(
    0x4d,
    0x4d,
    0,
    0x2a,
    0,
    0,
    0,
    8,
    0,
    2,
    0x01,
    0x0f,
    0,
    2,
    0,
    0,
    0,
    4,
    0x43,
    0x61,
    0x6e,
    0,
    0x01,
    0x12,
    0,
    3,
    0,
    0,
    0,
    1,
    0,
    value,
    0,
    0,
    0,
    0,
    0,
    0,
  );
const exif = (value: number) => seg(0xe1, concat(ascii('Exif\0\0'), mmTiff(value)));
const XMP = seg(0xe1, ascii('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>'));
const COM = seg(0xfe, ascii('47.123456'));
const jpeg = (...parts: Uint8Array[]) => concat(...parts);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('stripJpeg keeps', () => {
  it('SOI, DQT, SOF, DHT, DRI, SOS and the entropy-coded data (FF 00, RSTn) byte for byte', () => {
    const out = stripJpeg(jpeg(SOI, exif(1), DQT, SOF0, DHT, DRI, COM, SOS, SCAN, EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, DQT, SOF0, DHT, DRI, SOS, SCAN, EOI)));
    expect(out.removed).toEqual(['APP1 Exif', 'COM']);
  });

  it('a progressive stream: DHT between scans stays, APPn and COM between scans go', () => {
    const out = stripJpeg(jpeg(SOI, DQT, SOF2, DHT, SOS, SCAN, DHT_AC, XMP, COM, SOS, SCAN2, EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, DQT, SOF2, DHT, SOS, SCAN, DHT_AC, SOS, SCAN2, EOI)));
    expect(out.removed).toEqual(['APP1 XMP', 'COM']);
  });

  it('fill bytes: FF FF before RSTn is data and kept; fill before a marker is dropped', () => {
    const scan = b(0x11, 0xff, 0xff, 0xd0, 0x22);
    const out = stripJpeg(jpeg(SOI, DQT, SOF0, DHT, SOS, scan, b(0xff, 0xff, 0xff), EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, DQT, SOF0, DHT, SOS, scan, EOI)));
  });

  it('JFIF without its thumbnail; a JFIF that had none is unchanged and not reported', () => {
    const head = b(0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 1, 0, 72, 0, 72);
    const withThumb = seg(0xe0, concat(head, b(2, 2), new Uint8Array(12).fill(0xaa)));
    const bare = seg(0xe0, concat(head, b(0, 0)));
    const out = stripJpeg(jpeg(SOI, withThumb, DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, bare, DQT, SOF0, DHT, SOS, SCAN, EOI)));
    expect(out.removed).toEqual(['APP0 JFIF thumbnail']);
    expect(stripJpeg(jpeg(SOI, bare, DQT, SOF0, DHT, SOS, SCAN, EOI)).removed).toEqual([]);
  });

  it('ICC_PROFILE verbatim, Adobe APP14 cut to its 12 bytes; MPF and other APP14 dropped', () => {
    const icc = seg(0xe2, concat(ascii('ICC_PROFILE\0'), b(1, 1), new Uint8Array(40).fill(7)));
    const mpf = seg(0xe2, concat(ascii('MPF\0'), b(0x4d, 0x4d, 0, 0x2a)));
    const adobe = concat(ascii('Adobe'), b(0, 100, 0, 0, 0, 0, 1));
    const out = stripJpeg(
      jpeg(SOI, icc, mpf, seg(0xee, concat(adobe, b(9, 9))), seg(0xee, ascii('Other')), DQT, SOF0, DHT, SOS, SCAN, EOI),
    );
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, icc, seg(0xee, adobe), DQT, SOF0, DHT, SOS, SCAN, EOI)));
    expect(out.removed).toEqual(['APP2 MPF', 'APP14 Adobe extra bytes', 'APP14 Other']);
  });
});

describe('stripJpeg orientation', () => {
  const app1 = (v: number) => seg(0xe1, concat(ascii('Exif\0\0'), orientationTiff(v)));

  it('writes Orientation 6 back, alone, where the Exif block was', () => {
    const jfif = seg(0xe0, b(0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0));
    const out = stripJpeg(jpeg(SOI, jfif, exif(6), XMP, DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, jfif, app1(6), DQT, SOF0, DHT, SOS, SCAN, EOI)));
    expect(out.removed).toEqual(['APP1 Exif', 'APP1 XMP']);
  });

  it('writes nothing back for Orientation 1, no Orientation, or a meaningless 0 or 9', () => {
    const plain = jpeg(SOI, DQT, SOF0, DHT, SOS, SCAN, EOI);
    const noTag = seg(0xe1, concat(ascii('Exif\0\0'), b(0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
    for (const block of [exif(1), noTag, exif(0), exif(9)]) {
      expect(hex(stripJpeg(jpeg(SOI, block, DQT, SOF0, DHT, SOS, SCAN, EOI)).bytes)).toBe(hex(plain));
    }
  });

  it('takes the first Exif block, as readers do', () => {
    const out = stripJpeg(jpeg(SOI, exif(8), exif(3), DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, app1(8), DQT, SOF0, DHT, SOS, SCAN, EOI)));
  });
});

describe('stripJpeg drops', () => {
  it('the trailer after EOI (motion-photo video, MPF images)', () => {
    const out = stripJpeg(jpeg(SOI, DQT, SOF0, DHT, SOS, SCAN, EOI, ascii('ftypmp42 47.123456')));
    expect(hex(out.bytes)).toBe(hex(jpeg(SOI, DQT, SOF0, DHT, SOS, SCAN, EOI)));
    expect(out.removed).toEqual(['trailer after EOI']);
  });

  it('every other APPn, named by its identifier in printable ASCII only', () => {
    const out = stripJpeg(
      jpeg(
        SOI,
        seg(0xeb, ascii('JP\0\0jumb')),
        seg(0xed, ascii('Photoshop 3.0\0')),
        seg(0xe5, b(1, 2, 3)),
        seg(0xe9, ascii('Ev\x1bil')),
        DQT,
        SOF0,
        DHT,
        SOS,
        SCAN,
        EOI,
      ),
    );
    expect(out.removed).toEqual(['APP11 JP', 'APP13 Photoshop IRB', 'APP5', 'APP9 Ev']);
  });
});

describe('stripJpeg refuses', () => {
  const cases: [string, Uint8Array, RegExp | string][] = [
    ['no SOI', jpeg(EOI), 'jpeg: expected SOI (FF D8) at offset 0, got D9'],
    ['SOS before SOF', jpeg(SOI, DQT, DHT, SOS, SCAN, EOI), /expected SOFn before SOS at offset 93/],
    ['a second SOF', jpeg(SOI, SOF0, SOF2, SOS, SCAN, EOI), /sequential or progressive JPEG at offset 15, got FF C2/],
    ['a hierarchical DHP', jpeg(SOI, seg(0xde, b(8, 0, 8, 0, 8, 1, 1, 0x11, 0)), SOS, SCAN, EOI), /got FF DE/],
    [
      'a DQT its tables do not fill',
      jpeg(SOI, seg(0xdb, b(0, 1, 2)), SOF0, SOS, SCAN, EOI),
      /expected DQT tables filling 3 bytes at offset 2/,
    ],
    ['a DHT whose counts overrun it', jpeg(SOI, seg(0xc4, b(0, 9, ...new Array(15).fill(0), 1)), SOF0, SOS, SCAN, EOI), /expected DHT/],
    [
      'an SOS naming a component SOF did not declare',
      jpeg(SOI, SOF0, seg(0xda, b(1, 2, 0, 0, 63, 0)), SCAN, EOI),
      /component declared by SOF/,
    ],
    ['an SOS with the wrong length', jpeg(SOI, SOF0, seg(0xda, b(2, 1, 0, 0, 63, 0)), SCAN, EOI), /expected SOS 4 \+ 2 × Ns/],
    ['RSTn outside a scan', jpeg(SOI, b(0xff, 0xd0), SOF0, SOS, SCAN, EOI), /expected a segment marker at offset 2, got FF D0/],
    ['a segment longer than the file', jpeg(SOI, b(0xff, 0xe1, 0x10, 0x00, 1, 2, 3)), 'jpeg: truncated segment at offset 2'],
    ['a scan with no end', jpeg(SOI, SOF0, DHT, SOS, SCAN), /jpeg: truncated scan at offset/],
    ['EOI without any scan', jpeg(SOI, DQT, SOF0, EOI), /expected SOS before EOI/],
    ['bytes between segments', jpeg(SOI, DQT, b(0x00), SOF0, SOS, SCAN, EOI), /expected a marker \(FF\) at offset 71, got 00/],
    ['an Exif block whose TIFF header is garbage', jpeg(SOI, seg(0xe1, ascii('Exif\0\0XX*\0')), SOF0, SOS, SCAN, EOI), /exif: /],
    ['a DRI of the wrong size', jpeg(SOI, seg(0xdd, b(0, 4, 0)), SOF0, SOS, SCAN, EOI), /expected DRI a 2-byte payload/],
    ['DNL before any scan', jpeg(SOI, seg(0xdc, b(0, 8)), SOF0, SOS, SCAN, EOI), /DNL only after a scan/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      expect(() => stripJpeg(bytes)).toThrow(RangeError);
      expect(() => stripJpeg(bytes)).toThrow(message);
    });
  }
});
