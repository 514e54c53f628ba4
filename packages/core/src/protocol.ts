/**
 * The protocol in one place: the version, the message kinds carried inside envelopes, and the
 * WebSocket frames between a device and the relay. Each message kind's schema is its own file in
 * `schema/`; the facet registry (`kinds/registry.ts`) joins them, and says per kind its facet, padding,
 * cadence and fold.
 *
 * WebSocket frames
 *   text   device → relay  {"type":"hello","token","protocol","kinds"} first frame; authenticates the socket
 *   text   relay → device  {"type":"ready","deviceId"} | RelayEvent
 *   binary device → relay  0x01 ‖ count u16 ‖ (length u32 ‖ envelope)×count            SEND
 *   binary relay → device  0x02 ‖ count u16 ‖ (epochId 8 ‖ seq u64 ‖ status u8)×count   ACK
 *   binary relay → device  0x03 ‖ count u16 ‖ (cursor u64 ‖ length u32 ‖ envelope)×count DELIVER
 * An ACK with status `stored` or `duplicate` is sent only after the envelope is durably committed.
 */
import { z } from 'zod';
import { signedBlobSchema } from './crypto/signed-blob.ts';
import { MESSAGE_KINDS } from './kinds/registry.ts';
import { id16 } from './schema/common.ts';

/**
 * The version of this protocol (frames, events, message kinds and their schemas). A relay serves the
 * versions from MIN_PROTOCOL_VERSION to PROTOCOL_VERSION; a hello naming another is closed with
 * `CLOSE.clientTooOld` or `CLOSE.relayTooOld`. Bump it when an older client could no longer take part
 * (a message kind's schema never changes in place: a change is a new kind, which older clients show as
 * "from a newer version", so adding a kind needs no bump).
 */
export const PROTOCOL_VERSION = 1;
/** The oldest protocol version a relay of this code still serves. */
export const MIN_PROTOCOL_VERSION = 1;
/** What a hello without `protocol` is taken to be: the clients that sent no version spoke version 1. */
export const UNVERSIONED_PROTOCOL = 1;

// The message kinds, their union and what a hello names come from the facet registry.
export { isMessageKind, MESSAGE_KINDS, type Message, type MessageKind, messageSchema } from './kinds/registry.ts';

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
  /** The hello named a protocol version older than this relay serves: the person updates Entwine. */
  clientTooOld: 4003,
  /** The hello named a protocol version newer than this relay knows: the relay's operator updates it. */
  relayTooOld: 4004,
} as const;

/** A kind name as a hello lists it: lower-case words joined by '-', so a newer client's kinds fit too. */
const kindName = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/);

/**
 * The first frame on a socket. `protocol` is this client's PROTOCOL_VERSION (absent: UNVERSIONED_PROTOCOL,
 * the clients that sent none); `kinds` the message kinds it can show — said so a relay (and the logs)
 * can tell which clients would see a new kind as "from a newer version". The relay checks `protocol`
 * before the token.
 */
export const helloSchema = z.object({
  type: z.literal('hello'),
  token: z.string().min(16).max(128),
  protocol: z.number().int().min(0).max(65_535).optional(),
  kinds: z.array(kindName).max(64).optional(),
});
export type Hello = z.infer<typeof helloSchema>;

/** This client's hello. */
export function helloFrame(token: string): Hello {
  return { type: 'hello', token, protocol: PROTOCOL_VERSION, kinds: [...MESSAGE_KINDS] };
}

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
