import { describe, expect, it } from 'vitest';
import { toBase64url } from '../bytes.ts';
import { CHUNK_HEADER_LENGTH, dayToIso, decodeChunkHeader, encodeChunkHeader, isoToDay, utcDayOf } from './chunk-header.ts';

const id = (n: number, len: number) => toBase64url(new Uint8Array(len).fill(n));
const header = { ownerId: id(1, 16), senderDevice: id(2, 16), epochId: id(3, 8), day: 20_428, revision: 2n ** 63n + 5n };

describe('chunk header', () => {
  it('round-trips every field at its offset', () => {
    const bytes = encodeChunkHeader(header);
    expect(bytes.length).toBe(CHUNK_HEADER_LENGTH);
    expect(bytes[0]).toBe(2);
    expect(decodeChunkHeader(bytes)).toEqual(header);
  });
  it('refuses an envelope (version 1), a short header and a day out of range', () => {
    const bytes = encodeChunkHeader(header);
    bytes[0] = 1;
    expect(() => decodeChunkHeader(bytes)).toThrow('chunk version: expected 2, got 1');
    expect(() => decodeChunkHeader(bytes.subarray(0, 52))).toThrow('expected at least 53 bytes, got 52');
    expect(() => encodeChunkHeader({ ...header, day: -1 })).toThrow('day: expected an integer');
  });
  it('names UTC days', () => {
    expect(dayToIso(utcDayOf(Date.UTC(2026, 11, 6, 23, 59)))).toBe('2026-12-06');
    expect(isoToDay('1970-01-02')).toBe(1);
    expect(() => isoToDay('2026-02-30')).toThrow('expected YYYY-MM-DD');
  });
});
