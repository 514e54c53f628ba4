/**
 * `feeling`: how the sharer feels, sent on every tick like location and presence (so a change of mood is
 * not visible in the traffic). `since` is when it was set — the partner sees how long ago — and `ts` the
 * tick. The note is short: the whole message must fit the 256-byte bucket every ticked envelope uses.
 */
import { z } from 'zod';
import { utf8Encode } from '../bytes.ts';
import { timestampMs } from './common.ts';

export const MOODS = ['calm', 'happy', 'loving', 'excited', 'tired', 'sad', 'anxious', 'angry'] as const;
export type Mood = (typeof MOODS)[number];

/** Characters, and UTF-8 bytes: a note of emoji must fit the bucket as well as one of letters. */
export const FEELING_NOTE_MAX_CHARS = 80;
export const FEELING_NOTE_MAX_BYTES = 96;

const utf8Length = (s: string) => utf8Encode(s).length;

export const sharedFeelingSchema = z
  .object({
    kind: z.literal('feeling'),
    level: z.literal('exact'),
    ts: timestampMs,
    since: timestampMs,
    mood: z.enum(MOODS),
    intensity: z.number().int().min(1).max(5),
    /** One emoji (or a short sequence) of the person's own. */
    emoji: z
      .string()
      .min(1)
      .max(16)
      .refine((s) => utf8Length(s) <= 16, 'emoji: at most 16 bytes')
      .optional(),
    note: z
      .string()
      .max(FEELING_NOTE_MAX_CHARS)
      .refine((s) => utf8Length(s) <= FEELING_NOTE_MAX_BYTES, `note: at most ${FEELING_NOTE_MAX_BYTES} bytes`)
      .optional(),
  })
  .strict();

export const feelingStatusSchema = z
  .object({
    kind: z.literal('feeling'),
    level: z.enum(['frozen', 'hidden', 'unknown']),
    ts: timestampMs,
  })
  .strict();

export const feelingSchema = z.discriminatedUnion('level', [sharedFeelingSchema, feelingStatusSchema]);
export type FeelingMessage = z.infer<typeof feelingSchema>;
export type SharedFeeling = z.infer<typeof sharedFeelingSchema>;
