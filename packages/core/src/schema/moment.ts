/**
 * `moment`: a photo pinned to a place, at the bond's `moments` level, and `moment-chunk`: its bytes.
 * The photo (metadata already stripped on the sender's device) is cut into chunks that each fill one
 * 64 KiB padding bucket; `index` and `id` are inside the authenticated plaintext, so a chunk cannot be
 * moved into another moment or another position. The header names the chunk count, size and SHA-256,
 * and the receiver shows the photo only once every chunk arrived and the hash matches.
 */
import { z } from 'zod';
import { id8, timestampMs } from './common.ts';

export const MOMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Raw bytes per chunk: base64 of it plus the JSON around it fills, and never spills, a 64 KiB bucket. */
export const MOMENT_CHUNK_BYTES = 45_000;
/** A moment is at most this big after stripping and resizing (about 90 chunks). */
export const MOMENT_MAX_BYTES = 4 * 1024 * 1024;
export const MOMENT_MAX_CHUNKS = Math.ceil(MOMENT_MAX_BYTES / MOMENT_CHUNK_BYTES);
export const MOMENT_CAPTION_MAX = 200;

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

const place = z.discriminatedUnion('level', [
  z.object({ level: z.literal('exact'), lat, lon }).strict(),
  z.object({ level: z.enum(['street', 'neighbourhood', 'city']), lat, lon, radius: z.number().positive().max(1e5) }).strict(),
  z.object({ level: z.literal('none') }).strict(),
]);

export const momentSchema = z
  .object({
    kind: z.literal('moment'),
    ts: timestampMs,
    id: id8,
    /** Where it was taken, at the bond's moments level (`none`: no position known, or the level hides it). */
    place,
    mime: z.enum(MOMENT_TYPES),
    width: z.number().int().positive().max(20_000).optional(),
    height: z.number().int().positive().max(20_000).optional(),
    size: z.number().int().positive().max(MOMENT_MAX_BYTES),
    chunks: z.number().int().positive().max(MOMENT_MAX_CHUNKS),
    /** base64url SHA-256 of the whole photo. */
    sha256: z.string().length(43),
    caption: z.string().max(MOMENT_CAPTION_MAX).optional(),
  })
  .strict();
export type MomentMessage = z.infer<typeof momentSchema>;

export const momentChunkSchema = z
  .object({
    kind: z.literal('moment-chunk'),
    ts: timestampMs,
    id: id8,
    index: z
      .number()
      .int()
      .nonnegative()
      .max(MOMENT_MAX_CHUNKS - 1),
    /** base64url of at most MOMENT_CHUNK_BYTES bytes. */
    data: z
      .string()
      .min(1)
      .max(Math.ceil((MOMENT_CHUNK_BYTES * 4) / 3)),
  })
  .strict();
export type MomentChunkMessage = z.infer<typeof momentChunkSchema>;
