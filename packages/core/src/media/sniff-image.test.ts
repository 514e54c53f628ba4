/**
 * imageType decides by magic bytes alone: JPEG FF D8 FF, the full 8-byte PNG signature, RIFF….WEBP; a
 * near miss (GIF, HEIC, WAV's RIFF, a PNG signature with its line-ending bytes mangled) is undefined, and
 * stripMetadata refuses it with "image: expected JPEG, PNG or WebP, got …".
 */
import { describe, expect, it } from 'vitest';
import { imageType } from './sniff-image.ts';
import { stripMetadata } from './strip-metadata.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('imageType', () => {
  it('recognises the three magics', () => {
    expect(imageType(Uint8Array.of(0xff, 0xd8, 0xff, 0xe0))).toBe('jpeg');
    expect(imageType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('png');
    expect(imageType(ascii('RIFF\0\0\0\0WEBP'))).toBe('webp');
  });

  it('rejects near misses and other formats', () => {
    expect(imageType(new Uint8Array(0))).toBeUndefined();
    expect(imageType(Uint8Array.of(0xff, 0xd8))).toBeUndefined();
    expect(imageType(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x0a, 0x0a))).toBeUndefined(); // CRLF → LF damage
    expect(imageType(ascii('GIF89a'))).toBeUndefined();
    expect(imageType(ascii('\0\0\0\x18ftypheic'))).toBeUndefined();
    expect(imageType(ascii('RIFF\0\0\0\0WAVE'))).toBeUndefined();
  });
});

describe('stripMetadata on something else', () => {
  it('throws a RangeError naming what it got', () => {
    expect(() => stripMetadata(ascii('GIF89a'))).toThrow(
      new RangeError('image: expected JPEG, PNG or WebP, got 6 bytes starting 47 49 46 38 39 61'),
    );
    expect(() => stripMetadata(new Uint8Array(0))).toThrow(new RangeError('image: expected JPEG, PNG or WebP, got 0 bytes'));
  });

  it('throws a TypeError for a non-Uint8Array', () => {
    expect(() => stripMetadata('not bytes' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
