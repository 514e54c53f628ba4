/**
 * `location`: what one partner gets of a position at one tick, at the level the sharer chose for them
 * (DESIGN §6). Keyed on `level`:
 *   exact                       a fix, with the optional fields only this level carries
 * `ts` is always the publish tick (so a receiver can order what it got across levels); an exact fix also
 * carries its own time, `fixTs`, which is what its age is counted from.
 *   street | neighbourhood | city   a grid-cell centre and its radius: an area, never a pin
 *   frozen                      nothing new: keep showing the last value with its true age
 *   hidden                      nothing: show "hidden" and drop what was shown
 *   unknown                     the sharer has no position yet
 * Every variant is strict: a coarse value carrying accuracy, speed, bearing or altitude is malformed,
 * so a receiver refuses (and reports) it rather than showing more than the level allows.
 */
import { z } from 'zod';
import { timestampMs } from './common.ts';

const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);

export const exactLocationSchema = z
  .object({
    kind: z.literal('location'),
    level: z.literal('exact'),
    ts: timestampMs,
    /** When the fix was taken (its true age); `ts` is the tick it was published at. */
    fixTs: timestampMs,
    lat,
    lon,
    /** Horizontal accuracy in metres. */
    acc: z.number().nonnegative().max(1e6).optional(),
    alt: z.number().min(-1e4).max(1e5).optional(),
    /** Metres per second. */
    speed: z.number().nonnegative().max(1e4).optional(),
    /** Degrees clockwise from north. */
    bearing: z.number().min(0).max(360).optional(),
  })
  .strict();

export const areaLocationSchema = z
  .object({
    kind: z.literal('location'),
    level: z.enum(['street', 'neighbourhood', 'city']),
    /** The publish tick, not the time of any fix. */
    ts: timestampMs,
    lat,
    lon,
    /** Metres: the area to draw around the centre. */
    radius: z.number().positive().max(1e5),
  })
  .strict();

export const locationStatusSchema = z
  .object({
    kind: z.literal('location'),
    level: z.enum(['frozen', 'hidden', 'unknown']),
    ts: timestampMs,
  })
  .strict();

export const locationSchema = z.discriminatedUnion('level', [exactLocationSchema, areaLocationSchema, locationStatusSchema]);
export type LocationMessage = z.infer<typeof locationSchema>;
/** A location message that carries a position (exact or an area). */
export type LocatedMessage = z.infer<typeof exactLocationSchema> | z.infer<typeof areaLocationSchema>;
