/**
 * HTTP request and response bodies of the relay, shared by the relay and every client. Byte fields are
 * unpadded base64url; envelopes themselves are binary (`application/octet-stream`), never JSON.
 */
import { z } from 'zod';
import { signedBlobSchema } from './crypto/signed-blob.ts';
import { basemapInfoSchema } from './schema/basemap.ts';
import { id16, timestampMs } from './schema/common.ts';

const blob64 = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/);

export const API = {
  putDevices: z.object({ deviceList: signedBlobSchema }),
  /** `known`: the relay had a device list for this identity before (a restore), or not (a phrase no one used yet). */
  putDevicesReply: z.object({ userId: z.string(), version: z.number(), known: z.boolean().optional() }),
  challengeRequest: z.object({ deviceId: id16 }),
  challengeResponse: z.object({ nonce: blob64(64), exp: timestampMs }),
  sessionRequest: z.object({ deviceId: id16, nonce: blob64(64), sig: z.string().length(86) }),
  sessionResponse: z.object({ token: z.string(), exp: timestampMs }),
  createInvite: z.object({ inviteId: id16, blob: blob64(64_000), expiresAt: timestampMs }),
  inviteView: z.object({
    inviteId: id16,
    blob: blob64(64_000),
    expiresAt: timestampMs,
    state: z.enum(['open', 'responded', 'revealed', 'declined', 'expired']),
  }),
  inviteResponse: z.object({ blob: blob64(64_000) }),
  inviteReveal: z.object({ blob: blob64(64_000), confirm: signedBlobSchema }),
  bondConfirm: z.object({ confirm: signedBlobSchema }),
  bondEnd: z.object({ end: signedBlobSchema }),
  keyDist: z.object({ keyDist: signedBlobSchema }),
  keyDists: z.object({ keyDists: z.array(signedBlobSchema) }),
  /** Everything pairing-related this user takes part in, from either side. */
  pairings: z.object({
    invites: z.array(
      z.object({
        inviteId: id16,
        role: z.enum(['inviter', 'invitee']),
        state: z.enum(['open', 'responded', 'revealed', 'declined', 'expired']),
        expiresAt: timestampMs,
        response: blob64(64_000).optional(),
        reveal: blob64(64_000).optional(),
        bondId: id16.optional(),
      }),
    ),
  }),
  bonds: z.object({
    bonds: z.array(
      z.object({
        bondId: id16,
        inviteId: id16,
        state: z.enum(['pending', 'active', 'ended']),
        members: z.array(id16).length(2),
        /** For an ended bond: the signed bond-end (clients verify it before acting; absent → a relay fault). */
        end: signedBlobSchema.optional(),
      }),
    ),
  }),
  /** `GET /v1/basemap`: the street map this relay serves (404 ENTWINE_ERR_BASEMAP_NONE when none). */
  basemap: basemapInfoSchema,
  error: z.object({ code: z.string(), message: z.string() }),
} as const;

export type ApiBody<K extends keyof typeof API> = z.infer<(typeof API)[K]>;
