/** A key distribution: one sending device's epoch key, HPKE-sealed to each recipient device (DESIGN §5). */
import { z } from 'zod';
import { id8, id16, key32, timestampMs } from './common.ts';

export const keyDistSchema = z.object({
  v: z.literal(1),
  bondId: id16,
  epochId: id8,
  senderDevice: id16,
  senderUser: id16,
  createdAt: timestampMs,
  /**
   * This epoch's place among the sending device's epochs in this bond: 0, 1, 2 … Signed, so it orders
   * epochs by the sender's sequence, not its clock (`client/view.ts`). Absent from key distributions
   * made before it existed; those epochs come before every numbered one.
   */
  index: z.number().int().min(0).max(2_147_483_647).optional(),
  sealed: z
    .array(z.object({ device: id16, enc: key32, ct: z.string().min(1).max(200) }))
    .min(1)
    .max(32),
});
export type KeyDist = z.infer<typeof keyDistSchema>;
