/**
 * Tells the three photo containers apart by their magic bytes alone, before any parsing: a file that
 * merely claims a type by name or MIME gets no say. Returns `undefined` for anything else (GIF, HEIC, …),
 * which the caller must refuse rather than pass through unstripped.
 *
 *   JPEG  FF D8 FF                       SOI followed by the first marker's FF
 *   PNG   89 50 4E 47 0D 0A 1A 0A        PNG 3rd ed. §5.2
 *   WebP  "RIFF" <u32le size> "WEBP"     RIFF container with the WEBP form type
 */
import { startsWith } from './_image-bytes.ts';

export const IMAGE_TYPES = ['jpeg', 'png', 'webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

export function imageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (startsWith(bytes, 0, 'RIFF') && startsWith(bytes, 8, 'WEBP')) return 'webp';
  return undefined;
}
