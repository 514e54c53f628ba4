/**
 * A vault epoch (decision 0014 §3): one person's vault key for a span of time, HPKE-sealed to each of
 * their own devices and to the recovery key their identity seed derives, signed by the device that made
 * it (context `vault-epoch`). Like every signed document it drops unknown fields.
 */
import { z } from 'zod';
import { id8, id16, key32, timestampMs } from './common.ts';

const box = { enc: key32, ct: z.string().min(1).max(200) };

export const vaultEpochSchema = z.object({
  v: z.literal(1),
  vaultId: id16,
  epochId: id8,
  /** The device that made and signed it. */
  senderDevice: id16,
  createdAt: timestampMs,
  /** One box per device on the person's list. */
  sealed: z
    .array(z.object({ device: id16, ...box }))
    .min(1)
    .max(32),
  /** The box for the key the identity seed derives (`vaultRecoveryKeyOf`): a restore from the phrase opens it. */
  recovery: z.object(box),
});
export type VaultEpochDoc = z.infer<typeof vaultEpochSchema>;
