/**
 * A PNG of random pixels (xorshift32 from a seed): incompressible, so its bytes or pixels found anywhere in
 * a canary scan can only be the photo itself.
 */
import { encode as encodePng } from 'fast-png';

export function noisePng(width: number, height: number, seed: number): { png: Uint8Array; pixels: Uint8Array } {
  const pixels = new Uint8Array(width * height * 3);
  let x = seed;
  for (let i = 0; i < pixels.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    pixels[i] = x & 0xff;
  }
  return { png: encodePng({ width, height, data: pixels, channels: 3, depth: 8 }), pixels };
}
