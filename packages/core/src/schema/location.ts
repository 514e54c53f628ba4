/** `location`: one live fix. Optional fields are present only at the exact level (DESIGN §6). */
import { z } from 'zod';
import { timestampMs } from './common.ts';

export const locationSchema = z.object({
  kind: z.literal('location'),
  ts: timestampMs,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Horizontal accuracy in metres. */
  acc: z.number().nonnegative().max(1e6).optional(),
  alt: z.number().min(-1e4).max(1e5).optional(),
  /** Metres per second. */
  speed: z.number().nonnegative().max(1e4).optional(),
  /** Degrees clockwise from north. */
  bearing: z.number().min(0).max(360).optional(),
});
export type LocationMessage = z.infer<typeof locationSchema>;
