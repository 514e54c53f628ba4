/**
 * The `trail` notice names a day and a revision and nothing else: a revision is a u64 in plain decimal
 * (no sign, no leading zero, nothing above 2^64 − 1); a position or any other field makes it malformed;
 * it always fits its 256-byte bucket. The trail-day header is strict the same way.
 */
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.ts';
import { minBucketFor } from '../kinds/registry.ts';
import { messageSchema } from '../protocol.ts';
import { trailDayHeaderSchema, trailNoticeSchema } from './trail.ts';

const notice = { kind: 'trail', ts: 1_765_000_000_000, day: 20_428, revision: '1765000000123' } as const;

describe('the trail notice', () => {
  it('is a message kind of its own, in the 256-byte bucket even at its longest', () => {
    expect(messageSchema.safeParse(notice).success).toBe(true);
    const longest = { ...notice, ts: 8.64e15, day: 2 ** 32 - 1, revision: '18446744073709551615' };
    expect(trailNoticeSchema.safeParse(longest).success).toBe(true);
    expect(minBucketFor('trail', utf8Encode(JSON.stringify(longest)).length)).toBe(256);
  });

  it.each(['18446744073709551616', '-1', '01', '1.5', '', '1e3', ' 1'])('refuses revision %j', (revision) => {
    expect(trailNoticeSchema.safeParse({ ...notice, revision }).success).toBe(false);
  });

  it('refuses a number for the revision, a day out of range, and any field it does not have (a position above all)', () => {
    expect(trailNoticeSchema.safeParse({ ...notice, revision: 5 }).success).toBe(false);
    expect(trailNoticeSchema.safeParse({ ...notice, day: -1 }).success).toBe(false);
    expect(trailNoticeSchema.safeParse({ ...notice, day: 2 ** 32 }).success).toBe(false);
    expect(trailNoticeSchema.safeParse({ ...notice, lat: 47.3 }).success).toBe(false);
  });

  it('the trail-day header is strict and knows one encoding', () => {
    const header = { kind: 'trail-day', day: 1, level: 'city', count: 3, encoding: 'columns-deflate-1' };
    expect(trailDayHeaderSchema.safeParse(header).success).toBe(true);
    expect(trailDayHeaderSchema.safeParse({ ...header, lon: 8 }).success).toBe(false);
    expect(trailDayHeaderSchema.safeParse({ ...header, encoding: 'gzip' }).success).toBe(false);
    expect(trailDayHeaderSchema.safeParse({ ...header, level: 'hidden' }).success).toBe(false);
  });
});
