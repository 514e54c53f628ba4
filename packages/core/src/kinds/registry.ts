/**
 * The facet registry: everything the code needs to know about one message kind, in one table — its schema,
 * the shield facet it travels under, the padding buckets it may land in, whether it goes out on the
 * publish tick or when something happens, and what a partner's view does with it. The union of message
 * schemas, the kinds a `hello` names, the client's facet checks, its padding checks and its fold all read
 * this table; a kind missing from it is a compile error there (docs/decisions/0013-facet-registry.md).
 *
 * The words people read for facets, levels, refusals and pairing failures are the registry's other half,
 * `words.ts`, which the CLI and the web app both use.
 */
import { z } from 'zod';
import { type PAD_BUCKETS, paddedLength } from '../crypto/padding.ts';
import { feelingSchema } from '../schema/feeling.ts';
import { glanceSchema } from '../schema/glance.ts';
import { locationSchema } from '../schema/location.ts';
import { momentChunkSchema, momentSchema } from '../schema/moment.ts';
import { placeEventSchema } from '../schema/place-event.ts';
import { presenceSchema } from '../schema/presence.ts';
import { receiptSchema, thoughtSchema } from '../schema/thought.ts';
import { trailNoticeSchema } from '../schema/trail.ts';
import type { Facet } from '../shield/levels.ts';

/**
 * When a kind is sent. `tick`: one per bond on every publish tick whatever its level (frozen, hidden and
 * "none yet" included), so neither timing nor count tells a change; `event`: when the person acts (a
 * glance, a thought) or a partner's message asks for an answer (a receipt), only while the shield allows it.
 */
export type Cadence = 'tick' | 'event';

/**
 * What a partner's view (client `view.ts`) does with a kind:
 * - `latest`: one current value, replaced by a newer one in the sender's sequence (never rolled back);
 * - `pin`: adds a photo pin, kept as far as the sharer's `moments` level allows;
 * - `stream`: not folded into the view; kept as a list by the inbox (glances, thoughts, receipts, photo bytes).
 */
export type FoldRule = 'latest' | 'pin' | 'stream';

export type PadBucket = (typeof PAD_BUCKETS)[number];

export interface KindSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  facet: Facet;
  /**
   * The padding buckets this kind may land in: it is padded to at least `min`, and a message that would
   * need more than `max` is a bug in the sender, never sent larger. Kinds that share one bucket are the
   * same length on the wire, so the relay cannot tell them apart.
   */
  bucket: { min: PadBucket; max: PadBucket };
  cadence: Cadence;
  fold: FoldRule;
}

/** Every schema of a message inside an envelope, keyed on `kind`. */
const SCHEMAS = [
  locationSchema,
  presenceSchema,
  feelingSchema,
  glanceSchema,
  thoughtSchema,
  receiptSchema,
  momentSchema,
  momentChunkSchema,
  trailNoticeSchema,
  placeEventSchema,
] as const;

/** Every kind of message that travels inside an envelope, keyed on `kind`. */
export const messageSchema = z.discriminatedUnion('kind', SCHEMAS);
export type Message = z.infer<typeof messageSchema>;
export type MessageKind = Message['kind'];

/** The registry (see the module header). One entry per kind of `messageSchema`, checked by the type. */
export const KINDS = {
  location: { schema: locationSchema, facet: 'location', bucket: { min: 256, max: 256 }, cadence: 'tick', fold: 'latest' },
  presence: { schema: presenceSchema, facet: 'presence', bucket: { min: 256, max: 256 }, cadence: 'tick', fold: 'latest' },
  feeling: { schema: feelingSchema, facet: 'feelings', bucket: { min: 256, max: 256 }, cadence: 'tick', fold: 'latest' },
  glance: { schema: glanceSchema, facet: 'glances', bucket: { min: 256, max: 256 }, cadence: 'event', fold: 'stream' },
  thought: { schema: thoughtSchema, facet: 'thoughts', bucket: { min: 256, max: 4096 }, cadence: 'event', fold: 'stream' },
  // A receipt belongs to the thoughts it answers; 256 B like a glance, so the two look alike.
  receipt: { schema: receiptSchema, facet: 'thoughts', bucket: { min: 256, max: 256 }, cadence: 'event', fold: 'stream' },
  moment: { schema: momentSchema, facet: 'moments', bucket: { min: 256, max: 4096 }, cadence: 'event', fold: 'pin' },
  // Photo bytes always fill a whole 64 KiB bucket, so a photo's size shows only as its chunk count.
  'moment-chunk': { schema: momentChunkSchema, facet: 'moments', bucket: { min: 65_536, max: 65_536 }, cadence: 'event', fold: 'stream' },
  // A newer version of one day of the trail is up: the partner's client fetches that day (decision 0014).
  trail: { schema: trailNoticeSchema, facet: 'trail', bucket: { min: 256, max: 256 }, cadence: 'event', fold: 'stream' },
  // Arrived at or left a named place (decision 0016): 256 B like a glance, so the relay cannot tell the two apart.
  place: { schema: placeEventSchema, facet: 'places', bucket: { min: 256, max: 256 }, cadence: 'event', fold: 'stream' },
} as const satisfies { readonly [K in MessageKind]: KindSpec<z.ZodType<{ kind: K }>> };

/** The kinds this code understands, in the registry's order: what a hello names. */
export const MESSAGE_KINDS = Object.keys(KINDS) as MessageKind[];

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

/** The kinds with a given cadence or fold rule, as a type (so code that handles them all must name each). */
export type KindsWhere<P extends 'cadence' | 'fold', V extends (typeof KINDS)[MessageKind][P]> = {
  [K in MessageKind]: (typeof KINDS)[K][P] extends V ? K : never;
}[MessageKind];
export type TickKind = KindsWhere<'cadence', 'tick'>;
export type LatestKind = KindsWhere<'fold', 'latest'>;

/** The kinds sent on every tick, in the order a tick seals them. */
export const TICK_KINDS = MESSAGE_KINDS.filter((k): k is TickKind => KINDS[k].cadence === 'tick');

/** Which shield facet each kind travels under (read from the registry). */
export const FACET_OF = Object.fromEntries(MESSAGE_KINDS.map((k) => [k, KINDS[k].facet])) as Readonly<Record<MessageKind, Facet>>;

/**
 * The smallest bucket a message of `kind` and plaintext `length` is padded to (what `sealEnvelope` takes as
 * `minBucket`). Throws when it would spill out of its kind's largest bucket: a bug in the sender.
 */
export function minBucketFor(kind: MessageKind, length: number): PadBucket {
  const { min, max } = KINDS[kind].bucket;
  // Beyond the largest bucket of all, paddedLength itself refuses: that is a spill too.
  const bucket = length < 65_536 ? paddedLength(length, min) : Number.POSITIVE_INFINITY;
  if (bucket > max) throw new RangeError(`${kind}: expected it to fit its padding bucket, got ${length} bytes`);
  return min;
}
