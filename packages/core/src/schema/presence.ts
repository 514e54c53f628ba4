/**
 * `presence`: online / last seen and the device's state, sent on every tick (DESIGN §6). Last seen is
 * the tick time (`ts`), never a finer one; battery travels only as one of four buckets, so its slope
 * does not tell sleep and wake apart. `frozen` keeps the last value with its age; `hidden` drops it.
 */
import { z } from 'zod';
import { timestampMs } from './common.ts';

export const BATTERY_BUCKETS = ['0-25', '25-50', '50-75', '75-100'] as const;
export type BatteryBucket = (typeof BATTERY_BUCKETS)[number];

/** 0…1 → its quarter; exactly 1 (and anything above) is the top bucket. */
export function batteryBucket(level: number): BatteryBucket {
  const i = Math.min(3, Math.max(0, Math.floor(level * 4)));
  return BATTERY_BUCKETS[i] as BatteryBucket;
}

export const sharedPresenceSchema = z
  .object({
    kind: z.literal('presence'),
    level: z.literal('exact'),
    ts: timestampMs,
    battery: z.enum(BATTERY_BUCKETS).optional(),
    charging: z.boolean().optional(),
    /**
     * Moving or still, no finer than the bond's location level: from the fixes only at exact; at an area
     * level, whether the area this partner was shown changed within that level's quantum; absent while the
     * location is frozen, hidden or unknown.
     */
    moving: z.boolean().optional(),
  })
  .strict();

export const presenceStatusSchema = z
  .object({
    kind: z.literal('presence'),
    level: z.enum(['frozen', 'hidden']),
    ts: timestampMs,
  })
  .strict();

export const presenceSchema = z.discriminatedUnion('level', [sharedPresenceSchema, presenceStatusSchema]);
export type PresenceMessage = z.infer<typeof presenceSchema>;
