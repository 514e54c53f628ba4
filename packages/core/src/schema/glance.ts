/**
 * `glance`: a one-tap signal, sent at once (a glance that waited for the next tick would not be a glance).
 * `id` lets a receiver drop the same glance delivered twice (a backlog read after live delivery).
 */
import { z } from 'zod';
import { id8, timestampMs } from './common.ts';

export const GLANCES = ['thinking-of-you', 'heartbeat', 'im-ok', 'call-me', 'miss-you', 'hug', 'good-morning', 'goodnight'] as const;
export type GlanceKind = (typeof GLANCES)[number];

export const glanceSchema = z
  .object({
    kind: z.literal('glance'),
    ts: timestampMs,
    id: id8,
    glance: z.enum(GLANCES),
  })
  .strict();
export type GlanceMessage = z.infer<typeof glanceSchema>;
