/**
 * The protocol in one place: the version, the message kinds carried inside envelopes, and the
 * WebSocket frames between a device and the relay. Each message kind's schema is its own file in
 * `schema/`; this file only joins them.
 *
 * WebSocket frames
 *   text   device → relay  {"type":"hello","token"}                  first frame; authenticates the socket
 *   text   relay → device  {"type":"ready","deviceId"} | RelayEvent
 *   binary device → relay  0x01 ‖ count u16 ‖ (length u32 ‖ envelope)×count            SEND
 *   binary relay → device  0x02 ‖ count u16 ‖ (epochId 8 ‖ seq u64 ‖ status u8)×count   ACK
 *   binary relay → device  0x03 ‖ count u16 ‖ (cursor u64 ‖ length u32 ‖ envelope)×count DELIVER
 * An ACK with status `stored` or `duplicate` is sent only after the envelope is durably committed.
 */
import { z } from 'zod';
import { signedBlobSchema } from './crypto/signed-blob.ts';
import { id16 } from './schema/common.ts';
import { feelingSchema } from './schema/feeling.ts';
import { glanceSchema } from './schema/glance.ts';
import { locationSchema } from './schema/location.ts';
import { momentChunkSchema, momentSchema } from './schema/moment.ts';
import { presenceSchema } from './schema/presence.ts';
import { receiptSchema, thoughtSchema } from './schema/thought.ts';

export const PROTOCOL_VERSION = 1;

/** Every kind of message that travels inside an envelope, keyed on `kind`. */
export const messageSchema = z.discriminatedUnion('kind', [
  locationSchema,
  presenceSchema,
  feelingSchema,
  glanceSchema,
  thoughtSchema,
  receiptSchema,
  momentSchema,
  momentChunkSchema,
]);
export type Message = z.infer<typeof messageSchema>;
export const MESSAGE_KINDS = [
  'location',
  'presence',
  'feeling',
  'glance',
  'thought',
  'receipt',
  'moment',
  'moment-chunk',
] as const satisfies readonly Message['kind'][];
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const FRAME = { send: 0x01, ack: 0x02, deliver: 0x03 } as const;

/** Per-envelope outcome in an ACK frame. Only `stored` and `duplicate` mean "durable". */
export const ACK_STATUS = {
  stored: 0,
  duplicate: 1,
  malformed: 2,
  notMember: 3,
  bondPending: 4,
  bondEnded: 5,
  senderMismatch: 6,
  rateLimited: 7,
  tooLarge: 8,
  storeUnavailable: 9,
} as const;
export type AckStatus = (typeof ACK_STATUS)[keyof typeof ACK_STATUS];
export const ACK_STATUS_CODES = [
  'ENTWINE_ERR_ENVELOPE_DUPLICATE',
  'ENTWINE_ERR_ENVELOPE_DUPLICATE',
  'ENTWINE_ERR_ENVELOPE_MALFORMED',
  'ENTWINE_ERR_BOND_NOT_MEMBER',
  'ENTWINE_ERR_BOND_PENDING',
  'ENTWINE_ERR_BOND_ENDED',
  'ENTWINE_ERR_ENVELOPE_SENDER',
  'ENTWINE_ERR_RATE_LIMITED',
  'ENTWINE_ERR_REQ_TOO_LARGE',
  'ENTWINE_ERR_STORE_UNAVAILABLE',
] as const;

/** WebSocket close codes the relay uses, each with a reason string naming an error code. */
export const CLOSE = {
  malformed: 1007,
  policy: 1008,
  tooLarge: 1009,
  authFailed: 4001,
  authTimeout: 4002,
} as const;

export const helloSchema = z.object({ type: z.literal('hello'), token: z.string().min(16).max(128) });

export const relayEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), deviceId: id16 }),
  z.object({ type: z.literal('bond-active'), bondId: id16 }),
  // `by` is the relay's word; `end` is the signed bond-end that clients verify before acting (absent → relay fault).
  z.object({ type: z.literal('bond-ended'), bondId: id16, by: id16, end: signedBlobSchema.optional() }),
  z.object({ type: z.literal('key-dist'), bondId: id16, keyDist: signedBlobSchema }),
  z.object({ type: z.literal('invite-response'), inviteId: id16 }),
  z.object({ type: z.literal('invite-reveal'), inviteId: id16 }),
  z.object({ type: z.literal('invite-declined'), inviteId: id16 }),
  /** A partner's identity published a new device list (e.g. restored on another device): fetch and verify it. */
  z.object({ type: z.literal('devices-changed'), userId: id16 }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type RelayEvent = z.infer<typeof relayEventSchema>;
