/**
 * Removes metadata from a JPEG without touching a single coded pixel. Layout (ITU-T T.81 Annex B):
 *
 *   FF D8                               SOI
 *   FF xx <u16be length> <length − 2>   segments: APPn, COM, DQT, DHT, DAC, DRI, one SOFn
 *   FF DA <u16be length> <header>       SOS, then entropy-coded data, in which FF 00 is a stuffed FF,
 *   …entropy-coded data…                FF D0..D7 are restart markers and FF FF… are fill bytes
 *   (DHT | DQT | DAC | DRI | DNL | APPn | COM)* SOS …   further scans of a progressive JPEG
 *   FF D9                               EOI; anything after it is a trailer
 *
 * Guarantees:
 * - The output is SOI, the kept segments in their order, every scan's header and entropy-coded bytes
 *   verbatim, and EOI. Kept: DQT, DHT, DAC, DRI, DNL, SOFn, SOS, APP0 JFIF (rebuilt without its thumbnail),
 *   APP2 ICC_PROFILE (verbatim) and APP14 Adobe (rebuilt to its 12 defined bytes, for the colour transform).
 * - Every other APPn — Exif (GPS, MakerNote, serials, IFD1 thumbnail), XMP and extended XMP, Photoshop
 *   IRB/IPTC, MPF, JUMBF/C2PA, vendor blocks — every COM, and any APPn between scans, is dropped. So is the
 *   trailer after EOI: that is where motion-photo video and MPF's second images live, with their own Exif.
 * - If the first Exif block had Orientation 2..8, one minimal Exif block holding only that tag is written
 *   where it was (see exif-orientation.ts), so the photo is not shown on its side.
 * - Either the whole file parses to EOI, every kept table fills its segment exactly, and the result is
 *   returned; or a RangeError is thrown. Nothing partially parsed is ever returned.
 */
import { concatBytes } from '../bytes.ts';
import { hex2, need, noteRemoved, printable, type Stripped, startsWith, u8, u16be } from './_image-bytes.ts';
import { isRotation, ORIENTATION_TIFF_LENGTH, orientationTiff, readOrientation } from './exif-orientation.ts';
import { checkDac, checkDht, checkDqt, checkSof, checkSos, checkTwoBytes } from './jpeg-segments.ts';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DQT = 0xdb;
const DNL = 0xdc;
const DRI = 0xdd;
const DHT = 0xc4;
const DAC = 0xcc;
const COM = 0xfe;

/** SOF0..SOF15 minus DHT (C4), JPG (C8) and DAC (CC), which share the range (T.81 Table B.1). */
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== DHT && m !== 0xc8 && m !== DAC;
const isApp = (m: number): boolean => m >= 0xe0 && m <= 0xef;
const isRst = (m: number): boolean => m >= 0xd0 && m <= 0xd7;

/** Names for the APPn identifiers people have heard of; anything else is shown as "APPn <identifier>". */
const KNOWN_APPS: readonly [number, string, string][] = [
  [1, 'Exif\0', 'APP1 Exif'],
  [1, 'http://ns.adobe.com/xap/1.0/\0', 'APP1 XMP'],
  [1, 'http://ns.adobe.com/xmp/extension/\0', 'APP1 XMP extension'],
  [2, 'MPF\0', 'APP2 MPF'],
  [2, 'FPXR\0', 'APP2 FlashPix'],
  [13, 'Photoshop 3.0\0', 'APP13 Photoshop IRB'],
];

function appLabel(n: number, payload: Uint8Array): string {
  for (const [app, id, label] of KNOWN_APPS) if (app === n && startsWith(payload, 0, id)) return label;
  const id = printable(payload, 0);
  return id === '' ? `APP${n}` : `APP${n} ${id}`;
}

const segment = (marker: number, payload: Uint8Array): Uint8Array =>
  concatBytes(Uint8Array.of(0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff), payload);

/** Finds the marker at `pos`, skipping fill bytes (B.1.1.2); returns the offset of the FF just before it. */
function readMarker(bytes: Uint8Array, pos: number): { marker: number; at: number } {
  need(bytes, pos, 2, 'jpeg', 'marker');
  if (u8(bytes, pos) !== 0xff) throw new RangeError(`jpeg: expected a marker (FF) at offset ${pos}, got ${hex2(u8(bytes, pos))}`);
  let i = pos + 1;
  while (i < bytes.length && u8(bytes, i) === 0xff) i++;
  need(bytes, i, 1, 'jpeg', 'marker');
  return { marker: u8(bytes, i), at: i - 1 };
}

/** End of a scan's entropy-coded data: the first FF that starts a real marker, not FF 00 stuffing or RSTn. */
function scanEnd(bytes: Uint8Array, start: number): number {
  let i = start;
  for (;;) {
    i = bytes.indexOf(0xff, i);
    if (i < 0) throw new RangeError(`jpeg: truncated scan at offset ${start}`);
    let j = i + 1;
    while (j < bytes.length && u8(bytes, j) === 0xff) j++;
    if (j >= bytes.length) throw new RangeError(`jpeg: truncated scan at offset ${start}`);
    const m = u8(bytes, j);
    if (m === 0x00 || isRst(m)) {
      i = j + 1;
      continue;
    }
    return i;
  }
}

export function stripJpeg(bytes: Uint8Array): Stripped {
  if (bytes.length < 2 || u8(bytes, 0) !== 0xff || u8(bytes, 1) !== SOI) {
    throw new RangeError(`jpeg: expected SOI (FF D8) at offset 0, got ${bytes.length < 2 ? `${bytes.length} bytes` : hex2(u8(bytes, 1))}`);
  }
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let components: Set<number> | undefined;
  let scans = 0;
  let exifSeen = false;
  let orientation: number | undefined;
  let orientationSlot = 0;
  let jfifKept = false;
  let pos = 2;

  for (;;) {
    const { marker, at } = readMarker(bytes, pos);
    if (marker === EOI) {
      if (scans === 0) throw new RangeError(`jpeg: expected SOS before EOI at offset ${at}, got none`);
      parts.push(Uint8Array.of(0xff, EOI));
      pos = at + 2;
      break;
    }
    if (marker === SOI || marker === 0x00 || marker === 0x01 || isRst(marker)) {
      throw new RangeError(`jpeg: expected a segment marker at offset ${at}, got FF ${hex2(marker)}`);
    }
    need(bytes, at, 4, 'jpeg', 'segment');
    const length = u16be(bytes, at + 2);
    if (length < 2) throw new RangeError(`jpeg: expected segment length ≥ 2 at offset ${at}, got ${length}`);
    need(bytes, at, 2 + length, 'jpeg', 'segment');
    const whole = bytes.subarray(at, at + 2 + length);
    const payload = bytes.subarray(at + 4, at + 2 + length);
    pos = at + 2 + length;

    if (isApp(marker)) {
      const n = marker - 0xe0;
      if (scans > 0) {
        noteRemoved(removed, appLabel(n, payload));
      } else if (n === 0 && !jfifKept && startsWith(payload, 0, 'JFIF\0') && payload.length >= 14) {
        // Version, units and density are kept; the optional RGB thumbnail is not: a thumbnail made before a
        // crop still shows what the crop removed.
        const jfif = payload.slice(0, 14);
        if (payload.length > 14 || u8(jfif, 12) !== 0 || u8(jfif, 13) !== 0) noteRemoved(removed, 'APP0 JFIF thumbnail');
        jfif[12] = 0;
        jfif[13] = 0;
        parts.push(segment(0xe0, jfif));
        jfifKept = true;
      } else if (n === 2 && startsWith(payload, 0, 'ICC_PROFILE\0') && payload.length >= 14) {
        parts.push(whole);
      } else if (n === 14 && startsWith(payload, 0, 'Adobe') && payload.length >= 12) {
        // "Adobe", version, flags0, flags1, transform (Adobe TN 5116): the transform says whether the
        // components are YCbCr, so dropping it would change the decoded colours.
        if (payload.length > 12) noteRemoved(removed, 'APP14 Adobe extra bytes');
        parts.push(segment(0xee, payload.subarray(0, 12)));
      } else {
        if (n === 1 && startsWith(payload, 0, 'Exif\0') && !exifSeen) {
          // Readers take the first Exif block, so its orientation is the one the sender's phone showed.
          exifSeen = true;
          orientation = readOrientation(payload.subarray(6));
          orientationSlot = parts.length;
        }
        noteRemoved(removed, appLabel(n, payload));
      }
      continue;
    }

    switch (marker) {
      case COM:
        noteRemoved(removed, 'COM');
        break;
      case DQT:
        checkDqt(payload, at);
        parts.push(whole);
        break;
      case DHT:
        checkDht(payload, at);
        parts.push(whole);
        break;
      case DAC:
        checkDac(payload, at);
        parts.push(whole);
        break;
      case DRI:
        checkTwoBytes('DRI', payload, at);
        parts.push(whole);
        break;
      case DNL:
        if (scans === 0) throw new RangeError(`jpeg: expected DNL only after a scan at offset ${at}, got it before SOS`);
        checkTwoBytes('DNL', payload, at);
        parts.push(whole);
        break;
      case SOS: {
        if (components === undefined) throw new RangeError(`jpeg: expected SOFn before SOS at offset ${at}, got none`);
        checkSos(payload, at, components);
        const end = scanEnd(bytes, pos);
        parts.push(whole, bytes.subarray(pos, end));
        pos = end;
        scans++;
        break;
      }
      default:
        // One frame only: a second SOF, DHP/EXP (hierarchical) or JPEG-LS marker is not something we can vouch for.
        if (!isSof(marker) || components !== undefined) {
          throw new RangeError(`jpeg: expected a marker of a sequential or progressive JPEG at offset ${at}, got FF ${hex2(marker)}`);
        }
        components = checkSof(payload, at);
        parts.push(whole);
    }
  }

  if (pos < bytes.length) noteRemoved(removed, 'trailer after EOI');
  if (isRotation(orientation)) {
    const app1 = new Uint8Array(2 + 2 + 6 + ORIENTATION_TIFF_LENGTH);
    app1.set([0xff, 0xe1, 0x00, app1.length - 2, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00]);
    app1.set(orientationTiff(orientation), 10);
    parts.splice(orientationSlot, 0, app1);
  }
  return { bytes: concatBytes(...parts), removed };
}
