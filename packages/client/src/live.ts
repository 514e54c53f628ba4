/**
 * The live connection to the relay: sign in on the socket, then a backlog read per active bond, then
 * live DELIVER frames and events. Deliveries that arrive while the backlog is being read are held and
 * processed after it, in cursor order, so nothing is shown twice or skipped. Reconnects with backoff
 * until closed; on every (re)connect the outbox resends what is not yet acknowledged. The hello names this
 * client's protocol version and kinds; a relay that does not serve that version closes with 4003 (this
 * client is too old) or 4004 (the relay is): no retry can help, so the connection stops for good, says so
 * with an `update-needed` event, and a pending open rejects with the catalogue's EntwineError.
 */
import {
  CLOSE,
  decodeAckFrame,
  decodeDeliverFrame,
  EntwineError,
  FRAME,
  frameType,
  helloFrame,
  isErrorCode,
  ROUTES,
  relayEventSchema,
} from '@entwine/core';
import type { DeviceEvent, UpdateNeeded } from './context.ts';
import type { Outbox } from './outbox.ts';
import type { PartCtx } from './parts/owners.ts';
import type { RelaySocket } from './transport.ts';

export interface LiveHooks {
  onEvent(event: unknown): Promise<void>;
  onDelivery(envelope: Uint8Array, cursor: bigint): Promise<DeviceEvent[]>;
  catchUp(): Promise<void>;
  /** After a frame's deliveries are stored on the device (e.g. to report the read positions). */
  afterDeliveries?(): void;
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

/** Close codes after which reconnecting cannot help: one side has to be updated first. */
const OUTDATED: Partial<Record<number, UpdateNeeded>> = {
  [CLOSE.clientTooOld]: 'ENTWINE_ERR_PROTOCOL_TOO_OLD',
  [CLOSE.relayTooOld]: 'ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD',
};

export class LiveConnection {
  private socket: RelaySocket | undefined;
  private closed = false;
  private attempt = 0;
  private queue: Promise<void> = Promise.resolve();
  private ready: { resolve(): void; reject(e: Error): void } | undefined;

  constructor(
    private readonly ctx: PartCtx<'receiver'>,
    private readonly outbox: Outbox,
    private readonly hooks: LiveHooks,
  ) {}

  /** Resolves once signed in and caught up with the backlog. */
  open(): Promise<void> {
    this.closed = false;
    return new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
      void this.dial();
    });
  }

  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  close(): void {
    this.closed = true;
    this.outbox.attach(undefined);
    this.socket?.close();
    this.socket = undefined;
  }

  /** Closes for good because of `error` (e.g. this identity moved to another device); a pending open rejects with it. */
  fail(error: Error): void {
    this.close();
    this.ready?.reject(error);
    this.ready = undefined;
  }

  /** Work on received frames runs strictly one after another, in arrival order. */
  private serial(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => {
      this.ctx.emit({ type: 'connection', state: 'closed', reason: error instanceof Error ? error.message : String(error) });
    });
  }

  private async dial(): Promise<void> {
    let token: string;
    try {
      token = await this.ctx.api.sessionToken();
    } catch (error) {
      return this.retry(error instanceof Error ? error.message : String(error));
    }
    let signedIn = false;
    const socket = this.ctx.deps.transport.openSocket(ROUTES.ws, {
      open: () => socket.sendText(JSON.stringify(helloFrame(token))),
      text: (data) =>
        this.serial(async () => {
          let event: ReturnType<typeof relayEventSchema.safeParse>;
          try {
            event = relayEventSchema.safeParse(JSON.parse(data));
          } catch {
            return;
          }
          if (!event.success) return;
          if (event.data.type === 'ready') {
            signedIn = true;
            this.attempt = 0;
            this.socket = socket;
            await this.hooks.catchUp();
            this.outbox.attach(socket);
            this.ctx.emit({ type: 'connection', state: 'open' });
            this.ready?.resolve();
            this.ready = undefined;
            return;
          }
          await this.hooks.onEvent(event.data);
        }),
      binary: (data) =>
        this.serial(async () => {
          const type = frameType(data);
          if (type === FRAME.ack) await this.outbox.onAcks(decodeAckFrame(data));
          else if (type === FRAME.deliver) {
            for (const d of decodeDeliverFrame(data)) {
              for (const event of await this.hooks.onDelivery(d.envelope, d.cursor)) this.ctx.emit(event);
            }
            await this.ctx.save(); // what the deliveries marked
            this.hooks.afterDeliveries?.();
          }
        }),
      close: (code, reason) => {
        if (this.socket === socket) {
          this.socket = undefined;
          this.outbox.attach(undefined);
        }
        const outdated = OUTDATED[code];
        if (outdated) {
          this.ctx.emit({ type: 'update-needed', code: outdated });
          this.fail(new EntwineError(outdated, reason));
          return;
        }
        this.ctx.emit({ type: 'connection', state: 'closed', code, reason });
        // 4001: the relay no longer accepts the token; sign in afresh on the next attempt (a device its
        // identity dropped learns why there: AUTH_DEVICE_REPLACED, and the device stops reconnecting).
        if (code === 4001) this.ctx.api.forgetToken();
        if (!signedIn && code === 4001 && this.attempt > 2) {
          // The relay's close reason starts with the catalogue code of its refusal (docs/errors.md).
          const code = /^ENTWINE_ERR_[A-Z_]+/.exec(reason)?.[0];
          this.ready?.reject(
            isErrorCode(code)
              ? new EntwineError(code, 'the relay refused this device')
              : new Error(`the relay refused this device: ${reason}`),
          );
          this.ready = undefined;
          this.closed = true;
        }
        void this.retry(reason);
      },
    });
  }

  private async retry(reason: string): Promise<void> {
    if (this.closed) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] as number;
    this.attempt++;
    if (this.attempt > 3 && this.ready) {
      // The first connection could not be made: tell the caller rather than hang, but keep trying.
      this.ready.reject(new Error(`cannot reach the relay: ${reason}`));
      this.ready = undefined;
    }
    this.ctx.deps.timers.setTimeout(() => void this.dial(), delay);
  }
}
