/**
 * `thought`: a message between the two, kept by the relay until the partner comes back, padded to the
 * 256 B / 1 KiB / 4 KiB buckets. `receipt`: the partner's device telling the sender a thought arrived
 * (`delivered`) or was shown (`read`); "stored" is the relay's durable ack to the sender itself.
 */
import { z } from 'zod';
import { utf8Encode } from '../bytes.ts';
import { id8, timestampMs } from './common.ts';

/** Characters and bytes: the whole message must fit the 4 KiB bucket. */
export const THOUGHT_MAX_CHARS = 2000;
export const THOUGHT_MAX_BYTES = 3900;

export const thoughtSchema = z
  .object({
    kind: z.literal('thought'),
    ts: timestampMs,
    id: id8,
    text: z
      .string()
      .min(1)
      .max(THOUGHT_MAX_CHARS)
      .refine((s) => utf8Encode(s).length <= THOUGHT_MAX_BYTES, `text: at most ${THOUGHT_MAX_BYTES} bytes`),
  })
  .strict();
export type ThoughtMessage = z.infer<typeof thoughtSchema>;

/** At most this many ids per receipt, so a receipt always fits 256 bytes. */
export const RECEIPT_MAX_IDS = 12;

export const receiptSchema = z
  .object({
    kind: z.literal('receipt'),
    ts: timestampMs,
    mark: z.enum(['delivered', 'read']),
    ids: z.array(id8).min(1).max(RECEIPT_MAX_IDS),
  })
  .strict();
export type ReceiptMessage = z.infer<typeof receiptSchema>;
