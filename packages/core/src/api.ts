/**
 * HTTP request and response bodies of the relay, shared by the relay and every client. Byte fields are
 * unpadded base64url; envelopes themselves are binary (`application/octet-stream`), never JSON.
 */
import { z } from 'zod';
import { signedBlobSchema } from './crypto/signed-blob.ts';
import { basemapInfoSchema } from './schema/basemap.ts';
import { digest32, id8, id16, timestampMs } from './schema/common.ts';
import { retentionDaysSchema } from './schema/retention.ts';

/**
 * A u64 cursor as a decimal string (JSON numbers lose precision past 2^53). One check, not regex then
 * refine: zod runs a refinement even after the regex failed, and BigInt('1.5') throws.
 */
const cursorDecimal = z
  .string()
  .refine((v) => /^\d{1,20}$/.test(v) && BigInt(v) <= 0xffff_ffff_ffff_ffffn, { message: 'expected a u64 in decimal' });

/**
 * The longest sealed payload a drop takes, in base64 characters: an OwnTracks location is about 300–600 bytes
 * of JSON before sealing; 16 KiB leaves room for a waypoints list and refuses anything that is not a post.
 */
export const DROP_POST_MAX_CHARS = 16_384;

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
        /**
         * Envelopes of this bond the live window deleted before the calling device read them, not yet
         * cleared by a read report at or past the newest cursor (0014 §1). Absent from a relay older than 0014.
         */
        missed: z.number().int().nonnegative().optional(),
        /** Each member's retention for this bond by userId (null: forever). Absent from a relay older than 0014. */
        retention: z.record(id16, retentionDaysSchema).optional(),
      }),
    ),
  }),
  /** `POST /v1/bonds/:bondId/read`: this device has read every envelope of the bond up to `cursor`. */
  readRequest: z.object({ cursor: cursorDecimal }),
  /**
   * The device's read position after the report (it only moves up), and how many envelopes the live window
   * deleted before this device read them; a report at or past the newest cursor clears that count after
   * answering it, so each expiry is told once.
   */
  readReply: z.object({ cursor: cursorDecimal, missed: z.number().int().nonnegative() }),
  /** `POST /v1/bonds/:bondId/retention`, request and reply: the sharer's retention for this bond. */
  retention: z.object({ days: retentionDaysSchema }),
  /** `POST /v1/chunks`: 201 stored (every refusal is an error code). */
  chunkReply: z.object({ status: z.literal('stored') }),
  /** A vault epoch key as sealed by one of the person's devices: opaque to the relay, verified by readers. */
  vaultKey: z.object({ epochId: id8, blob: signedBlobSchema }),
  vaultKeyReply: z.object({ status: z.enum(['stored', 'duplicate']) }),
  vaultKeys: z.object({ keys: z.array(z.object({ epochId: id8, blob: signedBlobSchema })) }),
  /**
   * App drops (decision 0019): a box on the relay where a tracker app that seals its own payloads (OwnTracks'
   * encrypted mode) posts straight, for the person's bridge to collect. `PUT /v1/drops/:dropId` sets the
   * token the app posts with, as its SHA-256 (the relay never holds the token).
   */
  putDrop: z.object({ tokenHash: digest32 }),
  putDropReply: z.object({ status: z.enum(['created', 'replaced']) }),
  /** `GET /v1/drops`: the caller's drops, how many posts wait in each, and when the newest came. */
  drops: z.object({
    drops: z.array(z.object({ dropId: id16, waiting: z.number().int().nonnegative(), lastPostAt: timestampMs.nullable() })),
  }),
  /**
   * `GET /v1/drops/:dropId/posts?after=N&limit=M`: posts in arrival order. `data` is the app's sealed payload
   * as it posted it (standard base64); `more`: posts after these remain.
   */
  dropPosts: z.object({
    posts: z.array(z.object({ seq: z.number().int().positive(), data: z.string(), at: timestampMs })),
    more: z.boolean(),
  }),
  /** `POST /v1/drops/:dropId/ack`: every post with `seq ≤ upTo` is recorded and may go. */
  dropAck: z.object({ upTo: z.number().int().nonnegative() }),
  dropAckReply: z.object({ deleted: z.number().int().nonnegative() }),
  /**
   * `POST /v1/drops/:dropId`, the app's own post: only OwnTracks' sealed form; any other `_type` (a readable
   * position) is refused and never stored. Other keys are ignored and not kept.
   */
  dropPost: z.object({
    _type: z.literal('encrypted'),
    data: z
      .string()
      .min(1)
      .max(DROP_POST_MAX_CHARS)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/),
  }),
  /** `GET /v1/basemap`: the street map this relay serves (404 ENTWINE_ERR_BASEMAP_NONE when none). */
  basemap: basemapInfoSchema,
  error: z.object({ code: z.string(), message: z.string() }),
} as const;

export type ApiBody<K extends keyof typeof API> = z.infer<(typeof API)[K]>;
