// The scanner itself must be able to fail: each encoding it claims to cover is found when planted.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canaryNeedles, scanFiles } from './canary.ts';

const LAT = 47.3769183746;
const LON = 8.5417293651;

describe('canary scanner', () => {
  it.each([
    ['decimal text at precision 4, inside JSON', Buffer.from('{"lat":47.3769,"x":1}')],
    ['E7 integer text', Buffer.from('lat=473769184;')],
    [
      'float64 little-endian inside binary',
      Buffer.concat([
        Buffer.from([1, 2, 3]),
        (() => {
          const b = Buffer.alloc(8);
          b.writeDoubleLE(LAT);
          return b;
        })(),
        Buffer.from([9]),
      ]),
    ],
    [
      'float32 big-endian as hex',
      Buffer.from(
        `x${(() => {
          const b = Buffer.alloc(4);
          b.writeFloatBE(LAT);
          return b.toString('hex');
        })()}y`,
      ),
    ],
    // 473769184 zigzagged is 947538368 = 0x387a49c0, in 7-bit groups low first.
    ['E7 as the zigzag varint a trail day starts its lat column with', Buffer.from([0x00, 0xc0, 0x93, 0xe9, 0xc3, 0x03, 0x01])],
    [
      'float64 as base64 at an odd offset',
      Buffer.from(
        `AB${Buffer.concat([
          Buffer.from([7]),
          (() => {
            const b = Buffer.alloc(8);
            b.writeDoubleBE(LAT);
            return b;
          })(),
          Buffer.from([1, 2]),
        ]).toString('base64')}`,
      ),
    ],
    ['float32 big-endian as a whole base64 value, inside JSON', Buffer.from(`{"lat":"${float32be(LAT).toString('base64')}"}`)],
    [
      'a (lat, lon) float32 pair as base64 at an odd offset, inside longer text',
      Buffer.from(`xy${Buffer.concat([Buffer.from([3]), float32be(LAT), float32be(LON), Buffer.from([5])]).toString('base64')}`),
    ],
  ])('finds %s', async (_label, content) => {
    expect((await scan(content)).length).toBeGreaterThan(0);
  });

  // A 4-byte value's base64 embedded in longer text is 4–5 characters: as a needle it matched the relay's own
  // IDs and signatures by chance (issue 15's CI, 2026-12-06). Only its pair, or its whole value, is a needle.
  it('does not take a 4-character base64 run for a canary', async () => {
    const embedded = Buffer.concat([Buffer.from([0]), float32be(LAT)])
      .toString('base64')
      .slice(2, 6);
    expect(embedded).toHaveLength(4);
    expect(await scan(Buffer.from(`sig:AAAA${embedded}BBBB`))).toEqual([]);
  });
});

function float32be(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatBE(value);
  return b;
}

async function scan(content: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'entwine-canary-self-'));
  try {
    await writeFile(join(dir, 'f'), content);
    return (await scanFiles([join(dir, 'f')], canaryNeedles([LAT, LON], []))).hits;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
