/**
 * One device's WebSocket (protocol in core `protocol.ts`). Guarantees:
 * - the first frame must be a text hello within `helloTimeoutMs` (else 4002); a protocol version this
 *   relay does not serve → 4003 `ENTWINE_ERR_PROTOCOL_TOO_OLD` (older than MIN_PROTOCOL_VERSION) or 4004
 *   `ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD` (newer than PROTOCOL_VERSION), checked before the token; a hello
 *   with no version is a version-1 client; a bad token → 4001 `ENTWINE_ERR_AUTH_REQUIRED`; the session
 *   is resolved once, then `{"type":"ready","deviceId"}`;
 * - each binary SEND frame gets exactly one ACK frame, sent after the group commit, listing every
 *   envelope's status in order; ACKs go out in the order the SEND frames came in;
 * - a frame that cannot be read closes this socket only, with 1007 and a reason naming the error code
 *   and the field; the relay never throws on input;
 * - at most `maxInFlightPerSocket` envelopes wait for commit per socket: past that the relay stops
 *   reading from the socket (TCP backpressure) until the ACKs catch up, so a flood cannot starve others;
 * - bond memberships are cached per socket and updated by the bond-active / bond-ended events it
 *   receives (the store re-checks the state at commit anyway);
 * - DELIVER frames and events reach every socket of both members except the one that sent them; a
 *   socket that stops reading past `maxSocketBufferBytes` is dropped rather than buffered without bound.
 */
import {
  CLOSE,
  decodeSendFrame,
  type ErrorCode,
  encodeAckFrame,
  FRAME,
  frameType,
  helloSchema,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  type RelayEvent,
  UNVERSIONED_PROTOCOL,
} from '@entwine/core';
import type { RawData, WebSocket } from 'ws';
import type { BondView } from './bond-access.ts';
import { type BusMessage, skipped } from './bus.ts';
import { type Outcome, submitEnvelopes } from './envelope-intake.ts';
import type { RelayState, Sender, Session } from './relay-state.ts';
import { resolveSession } from './session-token.ts';

const OPEN = 1;
const MAX_HELLO_BYTES = 4096;
/** Frames a client may send between hello and ready; they are replayed once the session resolves. */
const MAX_EARLY_FRAMES = 16;
const MAX_CACHED_BONDS = 256;
const CLOSE_INTERNAL = 1011;

const kSession = Symbol('entwine.session');
type SessionSocket = WebSocket & { [kSession]?: SocketSession };

// Shared listeners (not per-socket closures): an idle socket should cost as few bytes as possible.
function onSocketMessage(this: SessionSocket, data: RawData, isBinary: boolean): void {
  this[kSession]?.onMessage(data, isBinary);
}
function onSocketClose(this: SessionSocket, code: number): void {
  this[kSession]?.onClose(code);
}
function onSocketPong(this: SessionSocket): void {
  const session = this[kSession];
  if (session) session.alive = true;
}
function onSocketError(this: SessionSocket, error: Error): void {
  // ws has already closed the socket (1009 too large, 1007 bad UTF-8, or a dead peer); nothing to add.
  this[kSession]?.noteError(error);
}

const asBuffer = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);

/** Close reasons are at most 123 bytes (RFC 6455 §5.5); keep them ASCII so cutting is safe. */
const closeReason = (code: ErrorCode, detail?: string) =>
  (detail ? `${code}: ${detail}` : code).replace(/[^\x20-\x7e]/g, '?').slice(0, 123);

export class SocketSession {
  alive = true;
  private phase: 'hello' | 'authing' | 'ready' | 'closed' = 'hello';
  private sender: Sender | undefined;
  private expiresAt = 0;
  private bonds: Map<string, BondView> | undefined;
  private early: { data: RawData; isBinary: boolean }[] | undefined;
  private inFlight = 0;
  private throttled = false;
  private chain: Promise<unknown> | undefined;
  private unsubscribe: (() => void) | undefined;
  private helloTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly relay: RelayState,
    readonly id: string,
    private readonly onGone: (session: SocketSession) => void,
  ) {
    (ws as SessionSocket)[kSession] = this;
    ws.on('message', onSocketMessage);
    ws.on('close', onSocketClose);
    ws.on('pong', onSocketPong);
    ws.on('error', onSocketError);
    const ms = relay.limits.helloTimeoutMs;
    this.helloTimer = setTimeout(() => this.fail(CLOSE.authTimeout, 'ENTWINE_ERR_AUTH_REQUIRED', `expected hello within ${ms} ms`), ms);
  }

  ping(): void {
    this.alive = false;
    this.ws.ping();
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** A socket lives no longer than the session it signed in with; the device signs in again. */
  closeIfExpired(now: number): void {
    if (this.phase === 'ready' && now >= this.expiresAt) this.fail(CLOSE.authFailed, 'ENTWINE_ERR_AUTH_REQUIRED', 'session expired');
  }

  /** Closes with 1001 (going away): the relay is shutting down. */
  goAway(): void {
    this.phase = 'closed';
    this.ws.close(1001, 'relay shutting down');
  }

  noteError(error: Error): void {
    this.relay.log.debug({ code: (error as { code?: string }).code }, 'socket error');
  }

  onMessage(data: RawData, isBinary: boolean): void {
    try {
      if (this.phase === 'ready') {
        if (isBinary) this.onSend(asBuffer(data));
        else this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', 'expected a binary SEND frame after hello, got text');
      } else if (this.phase === 'hello') {
        if (isBinary) this.fail(CLOSE.authFailed, 'ENTWINE_ERR_AUTH_REQUIRED', 'expected a text hello first, got binary');
        else this.onHello(asBuffer(data));
      } else if (this.phase === 'authing') {
        this.early ??= [];
        if (this.early.length >= MAX_EARLY_FRAMES) this.fail(CLOSE.policy, 'ENTWINE_ERR_RATE_LIMITED', 'wait for ready');
        else this.early.push({ data, isBinary });
      }
    } catch (error) {
      this.relay.log.error({ err: error }, 'socket message failed');
      this.fail(CLOSE_INTERNAL, 'ENTWINE_ERR_INTERNAL');
    }
  }

  private onHello(text: Buffer): void {
    if (text.length > MAX_HELLO_BYTES) {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', 'hello: too long');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text.toString('utf8'));
    } catch {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', 'hello: not JSON');
      return;
    }
    const hello = helloSchema.safeParse(value);
    const claimed = value as { type?: unknown; token?: unknown; protocol?: unknown } | null;
    // A hello whose token merely has the wrong length is a bad token (4001), not a malformed frame.
    if (!hello.success && !(claimed?.type === 'hello' && typeof claimed.token === 'string')) {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', 'hello: expected {"type":"hello","token"}');
      return;
    }
    // The version comes before the token: an outdated client learns to update, not to sign in again.
    const said = claimed?.protocol === undefined ? UNVERSIONED_PROTOCOL : claimed.protocol;
    if (typeof said !== 'number' || !Number.isInteger(said)) {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', 'hello.protocol: expected an integer');
      return;
    }
    const protocol = this.relay.hooks?.onHello?.(said) ?? said;
    if (protocol < MIN_PROTOCOL_VERSION) {
      this.fail(
        CLOSE.clientTooOld,
        'ENTWINE_ERR_PROTOCOL_TOO_OLD',
        `update Entwine: protocol ${protocol}, this relay serves ${MIN_PROTOCOL_VERSION}..${PROTOCOL_VERSION}`,
      );
      return;
    }
    if (protocol > PROTOCOL_VERSION) {
      this.fail(
        CLOSE.relayTooOld,
        'ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD',
        `update the relay: protocol ${protocol}, it serves ${MIN_PROTOCOL_VERSION}..${PROTOCOL_VERSION}`,
      );
      return;
    }
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.phase = 'authing';
    resolveSession(this.relay, claimed?.token as string).then(
      (sender) => this.onSession(sender),
      (error: unknown) => {
        this.relay.log.error({ err: error }, 'session lookup failed');
        this.fail(CLOSE_INTERNAL, 'ENTWINE_ERR_STORE_UNAVAILABLE');
      },
    );
  }

  private onSession(session: Session | undefined): void {
    if (this.phase !== 'authing') return; // closed while the lookup ran
    const sender = session && { deviceId: session.deviceId, userId: session.userId };
    if (!sender) {
      this.fail(CLOSE.authFailed, 'ENTWINE_ERR_AUTH_REQUIRED');
      return;
    }
    this.sender = sender;
    this.expiresAt = (session as Session).expiresAt;
    this.phase = 'ready';
    this.unsubscribe = this.relay.bus.subscribe(sender.userId, this.onBus);
    this.send(JSON.stringify({ type: 'ready', deviceId: sender.deviceId }));
    const early = this.early;
    this.early = undefined;
    for (const m of early ?? []) this.onMessage(m.data, m.isBinary);
  }

  private onSend(frame: Buffer): void {
    const type = frameType(frame);
    if (type !== FRAME.send) {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', `frame type: expected ${FRAME.send} (SEND), got ${type ?? 'nothing'}`);
      return;
    }
    let envelopes: Uint8Array[];
    try {
      envelopes = decodeSendFrame(frame);
    } catch (error) {
      this.fail(CLOSE.malformed, 'ENTWINE_ERR_REQ_MALFORMED', (error as Error).message);
      return;
    }
    const count = envelopes.length;
    this.inFlight += count;
    if (!this.throttled && this.inFlight >= this.relay.limits.maxInFlightPerSocket) {
      this.throttled = true;
      this.ws.pause();
    }
    const sender = this.sender as Sender;
    // Chained so envelopes reach the group commit in frame order even when a bond lookup has to wait.
    const submitted = (this.chain ?? Promise.resolve()).then(() =>
      submitEnvelopes(this.relay, sender, envelopes, this.lookup, { socketId: this.id }),
    );
    this.chain = submitted.catch(() => undefined);
    submitted
      .then((s) => s.result)
      .then(
        (outcomes) => this.ack(outcomes, count),
        (error: unknown) => {
          this.relay.log.error({ err: error }, 'envelope intake failed');
          this.fail(CLOSE_INTERNAL, 'ENTWINE_ERR_INTERNAL');
        },
      );
  }

  private ack(outcomes: Outcome[], count: number): void {
    this.inFlight -= count;
    if (this.inFlight === 0) this.chain = undefined; // every submission has settled; an idle socket holds no promise
    if (this.throttled && this.inFlight <= this.relay.limits.maxInFlightPerSocket / 2) {
      this.throttled = false;
      this.ws.resume();
    }
    this.send(encodeAckFrame(outcomes));
  }

  private readonly lookup = (bondId: string): BondView | Promise<BondView | undefined> => {
    const cached = this.bonds?.get(bondId);
    if (cached) return cached;
    return this.relay.store.getBond(bondId).then((bond) => {
      if (!bond) return undefined; // an unknown bond may yet be created: not cached
      const view: BondView = { userA: bond.userA, userB: bond.userB, state: bond.state };
      this.bonds ??= new Map();
      if (this.bonds.size >= MAX_CACHED_BONDS) this.bonds.clear();
      this.bonds.set(bondId, view);
      return view;
    });
  };

  private noteEvent(event: RelayEvent): void {
    if (event.type !== 'bond-ended' && event.type !== 'bond-active') return;
    const view = this.bonds?.get(event.bondId);
    if (view && view.state !== 'ended') view.state = event.type === 'bond-ended' ? 'ended' : 'active';
  }

  private readonly onBus = (message: BusMessage): void => {
    if (this.phase !== 'ready') return;
    if (message.type === 'revoke') {
      if (message.deviceId === (this.sender as Sender).deviceId) {
        this.fail(CLOSE.authFailed, 'ENTWINE_ERR_AUTH_DEVICE_REPLACED', 'this device was removed from its device list');
      }
      return;
    }
    if (message.type === 'event') this.noteEvent(message.event);
    if (skipped(message.skip, this.id, (this.sender as Sender).deviceId)) return;
    if (this.ws.bufferedAmount > this.relay.limits.maxSocketBufferBytes) {
      this.relay.log.warn({ bufferedBytes: this.ws.bufferedAmount }, 'dropping a socket that does not read');
      this.ws.terminate();
      return;
    }
    this.send(message.type === 'event' ? JSON.stringify(message.event) : message.frame);
  };

  private send(data: string | Uint8Array): void {
    if (this.ws.readyState === OPEN) this.ws.send(data);
  }

  private fail(code: number, errorCode: ErrorCode, detail?: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    // A paused socket would never read the peer's answering close frame.
    if (this.throttled) this.ws.resume();
    this.relay.log.info({ closeCode: code, code: errorCode }, 'socket refused');
    this.ws.close(code, closeReason(errorCode, detail));
  }

  onClose(code: number): void {
    this.phase = 'closed';
    clearTimeout(this.helloTimer);
    this.helloTimer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.early = undefined;
    this.onGone(this);
    this.relay.log.debug({ closeCode: code }, 'socket closed');
  }
}
