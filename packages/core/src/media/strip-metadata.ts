/**
 * The one call the sender makes before a photo ("moment") is encrypted: strip everything but pixels and
 * colour. Exif/XMP GPS would undo location shielding, and maker notes and serials identify the device, so
 * this runs on the sender's device and the relay never sees either. Pure: Uint8Array in, Uint8Array out;
 * no DOM, no Node, the same result in a browser and in the CLI.
 *
 * Guarantees:
 * - The type comes from magic bytes (sniff-image.ts), never from a file name or MIME type.
 * - The result is a fresh copy: it never aliases the input, so the caller may wipe or reuse the input.
 * - `removed` names what was dropped, once each, in the order first seen, for the sender to read.
 * - Anything that does not parse completely throws a RangeError; a partial result is never returned, so
 *   a caller cannot end up sending bytes that still hold the GPS block after an unparsed point.
 */
import { assertBytes } from '../bytes.ts';
import { hex2, type Stripped } from './_image-bytes.ts';
import { type ImageType, imageType } from './sniff-image.ts';
import { stripJpeg } from './strip-jpeg.ts';
import { stripPng } from './strip-png.ts';
import { stripWebp } from './strip-webp.ts';

export type StrippedImage = { type: ImageType; bytes: Uint8Array; removed: string[] };

const STRIPPERS: Readonly<Record<ImageType, (bytes: Uint8Array) => Stripped>> = {
  jpeg: stripJpeg,
  png: stripPng,
  webp: stripWebp,
};

function describeStart(bytes: Uint8Array): string {
  if (bytes.length === 0) return '0 bytes';
  const head = [...bytes.subarray(0, 8)].map(hex2).join(' ');
  return `${bytes.length} bytes starting ${head}`;
}

export function stripMetadata(bytes: Uint8Array): StrippedImage {
  assertBytes(bytes, undefined, 'image');
  const type = imageType(bytes);
  if (type === undefined) throw new RangeError(`image: expected JPEG, PNG or WebP, got ${describeStart(bytes)}`);
  const { bytes: stripped, removed } = STRIPPERS[type](bytes);
  return { type, bytes: stripped, removed };
}
