import { describe, expect, it } from 'vitest';
import { CHUNK_OVERHEAD, MAX_CHUNK_LENGTH } from './chunk.ts';
import { decodeTrailPage, encodeTrailPage, isChunkLength } from './trail-page.ts';

const chunk = (padded: number, fill: number) => new Uint8Array(padded + CHUNK_OVERHEAD).fill(fill);

describe('chunk lengths', () => {
  it('are a power of two from 1 KiB to 4 MiB plus the overhead, nothing else', () => {
    expect(CHUNK_OVERHEAD).toBe(157);
    expect(isChunkLength(1024 + 157)).toBe(true);
    expect(isChunkLength(MAX_CHUNK_LENGTH)).toBe(true);
    expect(isChunkLength(65_536 + 157)).toBe(true);
    for (const bad of [512 + 157, 1024 + 156, 1024 + 158, 3000 + 157, 8 * 1024 * 1024 + 157, 0]) expect(isChunkLength(bad)).toBe(false);
  });
});

describe('trail page', () => {
  it('round-trips chunks in order with nextDay, and an empty complete page', () => {
    const chunks = [chunk(1024, 1), chunk(4096, 2)];
    const page = decodeTrailPage(encodeTrailPage({ chunks, nextDay: 20_430 }));
    expect(page.nextDay).toBe(20_430);
    expect(page.chunks.map((c) => [c.length, c[0]])).toEqual([
      [1024 + 157, 1],
      [4096 + 157, 2],
    ]);
    expect(decodeTrailPage(encodeTrailPage({ chunks: [], nextDay: undefined }))).toEqual({ chunks: [], nextDay: undefined });
  });
  it('refuses another type, a truncated chunk, a length that is no chunk, and trailing bytes', () => {
    const good = encodeTrailPage({ chunks: [chunk(1024, 3)], nextDay: undefined });
    const wrongType = good.slice();
    wrongType[0] = 3;
    expect(() => decodeTrailPage(wrongType)).toThrow('trail page type: expected 4, got 3');
    expect(() => decodeTrailPage(good.subarray(0, good.length - 1))).toThrow('trail page chunk 0: expected 1181 bytes, got 1180');
    const badLength = good.slice();
    new DataView(badLength.buffer).setUint32(9, 1000);
    expect(() => decodeTrailPage(badLength)).toThrow('expected a chunk length, got 1000');
    expect(() => decodeTrailPage(new Uint8Array([...good, 0]))).toThrow('1 trailing bytes');
  });
});
