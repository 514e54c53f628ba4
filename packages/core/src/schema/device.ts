/** Device certificates and the signed device list (DESIGN §3). */
import { z } from 'zod';
import { signedBlobSchema } from '../crypto/signed-blob.ts';
import { id16, key32, timestampMs } from './common.ts';

export const deviceCertSchema = z.object({
  v: z.literal(1),
  userId: id16,
  deviceId: id16,
  signPub: key32,
  dhPub: key32,
  createdAt: timestampMs,
});
export type DeviceCert = z.infer<typeof deviceCertSchema>;

export const deviceListSchema = z.object({
  v: z.literal(1),
  userId: id16,
  identityPub: key32,
  /** Monotonic: a client never accepts a list whose version is at or below one it has seen. */
  version: z.number().int().positive(),
  devices: z.array(signedBlobSchema).min(1).max(16),
});
export type DeviceList = z.infer<typeof deviceListSchema>;
