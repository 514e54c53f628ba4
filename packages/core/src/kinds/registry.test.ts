// Every fact about a message kind comes from the facet registry: the union, the hello, facets and padding.
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.ts';
import { PAD_BUCKETS, paddedLength } from '../crypto/padding.ts';
import { helloFrame } from '../protocol.ts';
import { FACET_LEVELS } from '../shield/levels.ts';
import {
  FACET_OF,
  isMessageKind,
  KINDS,
  MESSAGE_KINDS,
  type Message,
  type MessageKind,
  messageSchema,
  minBucketFor,
  TICK_KINDS,
} from './registry.ts';

const ID = 'AAAAAAAAAAA';
/** One message of every kind (a kind missing here is a type error: the record is keyed by the registry). */
const SAMPLES: { [K in MessageKind]: Extract<Message, { kind: K }> } = {
  location: { kind: 'location', level: 'exact', ts: 1, fixTs: 1, lat: 47.3769, lon: 8.5417, acc: 5 },
  presence: { kind: 'presence', level: 'exact', ts: 1, battery: '50-75', keep: { trail: 'hidden', moments: 'city' } },
  feeling: { kind: 'feeling', level: 'exact', ts: 1, since: 1, mood: 'calm', intensity: 3 },
  glance: { kind: 'glance', ts: 1, id: ID, glance: 'hug' },
  thought: { kind: 'thought', ts: 1, id: ID, text: 'hello' },
  receipt: { kind: 'receipt', ts: 1, mark: 'read', ids: [ID] },
  moment: { kind: 'moment', ts: 1, id: ID, place: { level: 'none' }, mime: 'image/jpeg', size: 10, chunks: 1, sha256: 'A'.repeat(43) },
  'moment-chunk': { kind: 'moment-chunk', ts: 1, id: ID, index: 0, data: 'AAAA' },
  trail: { kind: 'trail', ts: 1, day: 20_605, revision: '18446744073709551615' },
  place: { kind: 'place', ts: 1, event: 'arrive', placeId: ID, name: 'Home', at: 1 },
};

describe('the facet registry', () => {
  it('has one entry per schema of the message union, and that entry’s schema is the union’s', () => {
    const options = messageSchema.options;
    expect(options).toHaveLength(MESSAGE_KINDS.length);
    for (const kind of MESSAGE_KINDS) {
      expect(options, kind).toContain(KINDS[kind].schema);
      expect(KINDS[kind].schema.safeParse(SAMPLES[kind]).success, kind).toBe(true);
      expect(messageSchema.safeParse(SAMPLES[kind]).success, kind).toBe(true);
    }
  });

  it('is what a hello names: every kind, and nothing that is not in the registry', () => {
    const kinds = helloFrame('t'.repeat(16)).kinds ?? [];
    expect(new Set(kinds)).toEqual(new Set(Object.keys(KINDS)));
    expect(kinds).toHaveLength(Object.keys(KINDS).length);
    for (const kind of kinds) expect(isMessageKind(kind), kind).toBe(true);
    expect(isMessageKind('check-in')).toBe(false);
    expect(isMessageKind('toString')).toBe(false);
  });

  it('gives every kind a facet it can be shared at, and FACET_OF is read from it', () => {
    for (const kind of MESSAGE_KINDS) {
      expect(FACET_OF[kind]).toBe(KINDS[kind].facet);
      expect(FACET_LEVELS[KINDS[kind].facet], kind).toContain('exact');
    }
  });

  it('pads every kind within its own buckets, and refuses one that would spill out', () => {
    for (const kind of MESSAGE_KINDS) {
      const { min, max } = KINDS[kind].bucket;
      expect(PAD_BUCKETS, kind).toContain(min);
      expect(min, kind).toBeLessThanOrEqual(max);
      const length = utf8Encode(JSON.stringify(SAMPLES[kind])).length;
      expect(minBucketFor(kind, length), kind).toBe(min);
      expect(paddedLength(length, min), kind).toBeLessThanOrEqual(max);
      expect(() => minBucketFor(kind, max), kind).toThrow(RangeError);
    }
    expect(() => minBucketFor('thought', 4095)).not.toThrow();
    expect(() => minBucketFor('glance', 256)).toThrow(/glance: expected it to fit its padding bucket/);
  });

  it('sends on the tick exactly the kinds that fold to one latest value, all in one bucket', () => {
    expect(TICK_KINDS).toEqual(['location', 'presence', 'feeling']);
    for (const kind of TICK_KINDS) {
      expect(KINDS[kind].fold).toBe('latest');
      expect(KINDS[kind].bucket).toEqual({ min: 256, max: 256 });
    }
  });
});
