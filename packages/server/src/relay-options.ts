/**
 * Everything `createRelay` can be told, with the defaults in one place. Limits are per relay and all
 * configurable (DESIGN §8); the defaults are sized for people, not for benchmarks.
 */
import {
  type ApiBody,
  type Clock,
  type Delivery,
  INVITE_MAX_TTL_MS,
  MAX_CHUNK_LENGTH,
  MAX_ENVELOPE_LENGTH,
  MAX_FRAME_ENVELOPES,
  type Random,
} from '@entwine/core';
import type { DestinationStream, LoggerOptions } from 'pino';
import type { Bus } from './bus.ts';
import type { Store } from './store/store.ts';

export interface RelayLimits {
  /** Largest envelope accepted (HTTP 413 / ACK tooLarge); at most the codec's MAX_ENVELOPE_LENGTH. */
  maxEnvelopeBytes: number;
  /** Largest JSON request body. */
  maxBodyBytes: number;
  /**
   * A body declared larger than its route takes, but not larger than this, is read and discarded before
   * the 413 so the client can read the refusal (oversize-body.ts); a larger one is refused at once.
   */
  drainOversizeBytes: number;
  /** Largest WebSocket message; a bigger one closes the socket with 1009. */
  maxFrameBytes: number;
  /** Per-device token bucket shared by HTTP and WebSocket sends: refill rate and capacity. */
  envelopesPerSecond: number;
  envelopeBurst: number;
  /** Invites expire at most this long after they are created. */
  inviteTtlCapMs: number;
  /** A socket must say hello within this time (close 4002 otherwise). */
  helloTimeoutMs: number;
  /** Envelopes a socket may have waiting for their commit before the relay stops reading from it. */
  maxInFlightPerSocket: number;
  /** Bytes queued towards a socket that does not read; past this the socket is dropped. */
  maxSocketBufferBytes: number;
  /** One backlog page over HTTP: at most this many envelopes and (after the first) this many bytes. */
  backlogMaxEnvelopes: number;
  backlogMaxBytes: number;
  /** WebSocket ping interval; a socket that missed the previous pong is terminated. 0 disables. */
  pingIntervalMs: number;
  /** Identity registrations (device-list PUTs) per client address: refill per hour and capacity. */
  registrationsPerHour: number;
  registrationBurst: number;
  /** Sign-in challenges per registered device: refill per minute and capacity. */
  challengesPerMinute: number;
  challengeBurst: number;
  /** Invites created per signed-in user: refill per hour and capacity. */
  invitesPerHour: number;
  inviteBurst: number;
  /** Largest day chunk (`POST /v1/chunks`); at most the codec's MAX_CHUNK_LENGTH (a 4 MiB bucket). */
  maxChunkBytes: number;
  /**
   * Day chunks per device, over their own token bucket (a chunk can be 4 MiB, an envelope is a tick): refill
   * per minute and capacity. The capacity lets an import seal a few years of days at once.
   */
  chunksPerMinute: number;
  chunkBurst: number;
  /** One trail page (`GET /v1/trail/:ownerId`): whole days until this many bytes (always at least one day). */
  trailPageBytes: number;
  /** App drops (decision 0019) one person may have, and posts one drop holds until its bridge collects them. */
  maxDropsPerUser: number;
  maxDropWaiting: number;
  /** An app's posts to its drop, per drop: refill per minute and capacity (a phone back online flushes its queue). */
  dropPostsPerMinute: number;
  dropPostBurst: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxEnvelopeBytes: MAX_ENVELOPE_LENGTH,
  maxBodyBytes: 1024 * 1024,
  drainOversizeBytes: 8 * 1024 * 1024,
  maxFrameBytes: 1024 * 1024,
  envelopesPerSecond: 1000,
  envelopeBurst: 2000,
  inviteTtlCapMs: INVITE_MAX_TTL_MS,
  helloTimeoutMs: 5000,
  maxInFlightPerSocket: 1024,
  maxSocketBufferBytes: 8 * 1024 * 1024,
  // One page is one DELIVER frame, which carries at most MAX_FRAME_ENVELOPES.
  backlogMaxEnvelopes: MAX_FRAME_ENVELOPES,
  backlogMaxBytes: 4 * 1024 * 1024,
  pingIntervalMs: 30_000,
  // Sized for a household behind one address setting up phones, restoring and re-registering, and for the
  // test suites (each test starts its own relay); a script minting identities is held to one a minute.
  registrationsPerHour: 60,
  registrationBurst: 30,
  // The web app signs in once per 12 h session, but every one-shot CLI command signs in afresh (scripts and
  // the test suites run many in a row); a stored nonce row per challenge is what this bounds.
  challengesPerMinute: 30,
  challengeBurst: 60,
  invitesPerHour: 30,
  inviteBurst: 20,
  maxChunkBytes: MAX_CHUNK_LENGTH,
  // A device re-seals a growing day for its vault and each bond every few minutes; imports come in bursts.
  chunksPerMinute: 60,
  chunkBurst: 2000,
  trailPageBytes: 16 * 1024 * 1024,
  // Two weeks of a post a minute waiting, at most 16 KiB each: a drop is bounded (about 320 MiB at the very
  // worst, about 12 MiB of real OwnTracks posts) whatever an app or a leaked token sends.
  maxDropsPerUser: 8,
  maxDropWaiting: 20_000,
  dropPostsPerMinute: 120,
  dropPostBurst: 1000,
};

/** How long a live envelope is kept for a device that has not read it (0014 §1; `entwine start --live-days`). */
export const DEFAULT_LIVE_DAYS = 7;

/** What a hook hands back: the bytes the relay passes on instead of the ones it has. */
export type HookResult = Uint8Array | Promise<Uint8Array>;

/**
 * Test-only: lets a test play a malicious relay (undefined in production). Hooks are read from this
 * object at the moment they apply, so a test may set them after the relay started.
 */
export interface TestHooks {
  /** The sealed invite blob, as `GET /v1/invites/:inviteId` hands it to the invitee (the stored copy is untouched). */
  onInviteFetch?(inviteId: string, blob: Uint8Array): HookResult;
  /** The pairing response blob, as stored and later handed to the inviter. */
  onPairingResponse?(inviteId: string, blob: Uint8Array): HookResult;
  /** The pairing reveal blob, as stored and later handed to the invitee. */
  onPairingReveal?(inviteId: string, blob: Uint8Array): HookResult;
  /** Each envelope as delivered (live DELIVER frames and backlog pages); the stored copy is untouched. */
  onDeliver?(envelope: Uint8Array): HookResult;
  /**
   * One backlog page (`GET /v1/bonds/:bondId/envelopes?after=`) as served, after `onDeliver`: a test may hand
   * back other deliveries — old cursors at or below `after` again, bytes that are no envelope.
   */
  onBacklogPage?(bondId: string, after: bigint, page: Delivery[]): Delivery[] | Promise<Delivery[]>;
  /** The bonds list as `GET /v1/bonds` hands it to `userId` (e.g. a bond shown ended with a forged end). */
  onBondList?(userId: string, bonds: ApiBody<'bonds'>['bonds']): ApiBody<'bonds'>['bonds'] | Promise<ApiBody<'bonds'>['bonds']>;
  /** The protocol version a hello named (1 when it named none), as the relay then reads it: a test plays an older or newer client. */
  onHello?(protocol: number): number;
}

export type RelayLoggerOption = false | (LoggerOptions & { stream?: DestinationStream }) | DestinationStream;

export interface RelayOptions {
  /** Where the embedded SQLite store lives (`entwine.db`); ignored when `store` is given. */
  dataDir?: string;
  /** A store owned by the caller (not closed by `relay.close()`). */
  store?: Store;
  /**
   * Days a live envelope is kept for a recipient device that has not read it (default 7); older ones are
   * deleted by the sweep and counted as missed for that device (decision 0014 §1).
   */
  liveDays?: number;
  /** A bus owned by the caller; default: in-process. */
  bus?: Bus;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** `false` for silence; pino options (optionally with the stream to write to); or just a stream (tests capture these). */
  logger?: RelayLoggerOption;
  limits?: Partial<RelayLimits>;
  /** The origin sign-in signatures are bound to; default `http(s)://<Host header>`. */
  publicOrigin?: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Behind a reverse proxy, which proxies to believe for the client address (Fastify's `trustProxy`:
   * `true`, or addresses/CIDRs such as `127.0.0.1`). Only the registration limit uses the address; without this,
   * everyone behind the proxy shares one registration bucket.
   */
  trustProxy?: boolean | string | string[];
  /** A directory of built web-app files to serve at `/` (`packages/web/dist`); none: API only. */
  webRoot?: string;
  /**
   * Origins of a web app served from elsewhere (a static host) that may call the API from a browser (CORS,
   * `cors.ts`); none: only pages from the relay's own origin can.
   */
  webOrigins?: string[];
  /**
   * A street map to serve (a PMTiles v3 archive or an MBTiles file in the Protomaps basemap schema, told by
   * its first bytes). Checked before anything listens: a file that cannot be served stops `createRelay` with
   * a BasemapFileError (`basemap/open-basemap.ts`). None: `GET /v1/basemap` answers ENTWINE_ERR_BASEMAP_NONE.
   */
  basemap?: string;
  clock?: Clock;
  random?: Random;
  testHooks?: TestHooks;
}

export function resolveLimits(partial: Partial<RelayLimits> | undefined): RelayLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  if (limits.maxEnvelopeBytes > MAX_ENVELOPE_LENGTH) {
    throw new RangeError(`limits.maxEnvelopeBytes: expected at most ${MAX_ENVELOPE_LENGTH}, got ${limits.maxEnvelopeBytes}`);
  }
  if (limits.maxChunkBytes > MAX_CHUNK_LENGTH) {
    throw new RangeError(`limits.maxChunkBytes: expected at most ${MAX_CHUNK_LENGTH}, got ${limits.maxChunkBytes}`);
  }
  return limits;
}

/** The live window in ms. The CLI takes whole days; a fraction is accepted here for tests. */
export function liveWindowMs(liveDays: number | undefined): number {
  const days = liveDays ?? DEFAULT_LIVE_DAYS;
  if (!(Number.isFinite(days) && days > 0)) throw new RangeError(`liveDays: expected a positive number of days, got ${days}`);
  return Math.round(days * 86_400_000);
}
