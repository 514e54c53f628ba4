// The scanner itself must be able to fail: each encoding it claims to cover is found when planted.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canaryNeedles, scanFiles } from './canary.ts';

const LAT = 47.3769183746;

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
  ])('finds %s', async (_label, content) => {
    const dir = await mkdtemp(join(tmpdir(), 'entwine-canary-self-'));
    try {
      await writeFile(join(dir, 'f'), content);
      const { hits } = await scanFiles([join(dir, 'f')], canaryNeedles([LAT], []));
      expect(hits.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
