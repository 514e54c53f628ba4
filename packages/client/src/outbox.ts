/**
 * The outbox: every envelope is persisted here before it leaves the device and stays until the relay
 * acknowledges it as stored (which the relay does only after a durable commit). Resending is idempotent:
 * the relay keys envelopes by (device, epoch, seq) and answers a resend with `duplicate`, which counts
 * as stored. Transient refusals (rate limit, store busy, bond still pending) are retried with backoff;
 * permanent ones (bond ended, not a member, malformed) are dropped and reported.
 */
import { ACK_STATUS, ACK_STATUS_CODES, type Ack, EntwineError, encodeSendFrame, fromBase64url, MAX_FRAME_ENVELOPES } from '@entwine/core';
import type { PartCtx } from './parts/owners.ts';
import { RelayError } from './relay-api.ts';
import type { OutboxEntry } from './state.ts';
import { changes } from './store/records.ts';
import type { RelaySocket } from './transport.ts';

const MAX_IN_FLIGHT = 1024;
/** One SEND frame stays well under the relay's 1 MiB WebSocket message cap, even with 64 KiB photo chunks. */
const MAX_FRAME_BYTES = 768 * 1024;
const MAX_SOCKET_BUFFER = 4 * 1024 * 1024;
const RETRY_MS = 1000;

const keyOf = (epochId: string, seq: string | bigint) => `${epochId}/${seq}`;

/** How an entry left the outbox without failing: the relay stored it, or a lowering dropped it unsent. */
export type Settled = 'stored' | 'superseded';

const TRANSIENT: ReadonlySet<number> = new Set([ACK_STATUS.rateLimited, ACK_STATUS.storeUnavailable, ACK_STATUS.bondPending]);

export class Outbox {
  private readonly waiters = new Map<string, { resolve(settled: Settled): void; reject(e: Error): void }>();
  private readonly inFlight = new Set<string>();
  private socket: RelaySocket | undefined;
  private retryTimer: unknown;
  private httpDraining = false;

  private readonly index = new Map<string, OutboxEntry>();
  /**
   * Entries a lowering took out of the outbox while they were in flight (by key, with their bond): never
   * sent again, but the relay may still store them, so their waiters settle with the relay's answer
   * ('stored' is then the truth: the partner gets it), or as 'superseded' once that answer can no longer come.
   */
  private readonly leftInFlight = new Map<string, string>();

  constructor(private readonly ctx: PartCtx<'publisher'>) {
    for (const entry of ctx.state.outbox) this.index.set(keyOf(entry.epochId, entry.seq), entry);
  }

  /**
   * Adds an entry; the caller persists the state before calling `flush`, so nothing leaves the device
   * that a crash could forget. Resolves with 'stored' when the relay has durably stored it, or with
   * 'superseded' when a lowering dropped it before it left (`dropSuperseded`).
   */
  enqueue(entry: OutboxEntry): Promise<Settled> {
    const key = keyOf(entry.epochId, entry.seq);
    this.ctx.state.outbox.push(entry);
    this.index.set(key, entry);
    this.ctx.mark(changes.outbox(entry));
    return new Promise((resolve, reject) => this.waiters.set(key, { resolve, reject }));
  }

  /**
   * Resolves when an entry (restored from a previous run, or still queued) is stored. A waiter already there
   * (its `enqueue`'s) is kept: the sender's view of what the partner sees is folded there.
   */
  whenStored(entry: OutboxEntry): Promise<Settled> {
    const key = keyOf(entry.epochId, entry.seq);
    const earlier = this.waiters.get(key);
    return new Promise((resolve, reject) =>
      this.waiters.set(key, {
        resolve: (settled) => {
          earlier?.resolve(settled);
          resolve(settled);
        },
        reject: (error) => {
          earlier?.reject(error);
          reject(error);
        },
      }),
    );
  }

  get pending(): number {
    return this.ctx.state.outbox.length;
  }

  attach(socket: RelaySocket | undefined): void {
    this.socket = socket;
    // Whatever was in flight on the old socket is resent on the new one; what a lowering took out is not,
    // and its answer will not come on a new socket.
    for (const key of [...this.leftInFlight.keys()]) this.settleLeft(key, 'superseded');
    this.inFlight.clear();
    this.flush();
  }

  /** Sends what is not yet in flight: over the socket when attached, otherwise over HTTP one by one. */
  flush(): void {
    if (this.socket) this.flushSocket(this.socket);
    else void this.flushHttp();
  }

  private flushSocket(socket: RelaySocket): void {
    let batch: Uint8Array[] = [];
    let bytes = 0;
    for (const entry of this.ctx.state.outbox) {
      if (this.inFlight.size >= MAX_IN_FLIGHT || socket.bufferedAmount() > MAX_SOCKET_BUFFER) break;
      const key = keyOf(entry.epochId, entry.seq);
      if (this.inFlight.has(key)) continue;
      const envelope = fromBase64url(entry.envelope);
      if (batch.length > 0 && bytes + envelope.length > MAX_FRAME_BYTES) {
        socket.sendBinary(encodeSendFrame(batch));
        batch = [];
        bytes = 0;
      }
      this.inFlight.add(key);
      batch.push(envelope);
      bytes += envelope.length;
      if (batch.length === MAX_FRAME_ENVELOPES) {
        socket.sendBinary(encodeSendFrame(batch));
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) socket.sendBinary(encodeSendFrame(batch));
  }

  private async flushHttp(): Promise<void> {
    if (this.httpDraining) return;
    this.httpDraining = true;
    try {
      while (!this.socket) {
        const entry = this.ctx.state.outbox.find((e) => !this.inFlight.has(keyOf(e.epochId, e.seq)));
        if (!entry) break;
        const key = keyOf(entry.epochId, entry.seq);
        this.inFlight.add(key);
        try {
          await this.ctx.api.postEnvelope(fromBase64url(entry.envelope));
          await this.settle(entry, 'stored');
        } catch (error) {
          const code = error instanceof RelayError ? error.code : 'ENTWINE_ERR_STORE_UNAVAILABLE';
          const status = ACK_STATUS_CODES.indexOf(code as (typeof ACK_STATUS_CODES)[number]);
          if (error instanceof RelayError && status > 1 && !TRANSIENT.has(status)) await this.settle(entry, error);
          else {
            this.scheduleRetry(key);
            break;
          }
        }
      }
    } finally {
      this.httpDraining = false;
    }
  }

  async onAcks(acks: Ack[]): Promise<void> {
    const changed: ReturnType<typeof changes.outbox>[] = [];
    for (const ack of acks) {
      const key = keyOf(ack.epochId, ack.seq);
      const entry = this.index.get(key);
      if (!entry) {
        const stored = ack.status === ACK_STATUS.stored || ack.status === ACK_STATUS.duplicate;
        this.settleLeft(key, stored ? 'stored' : 'superseded');
        continue;
      }
      if (ack.status === ACK_STATUS.stored || ack.status === ACK_STATUS.duplicate) {
        this.remove(entry, 'stored');
        changed.push(changes.outbox(entry));
      } else if (TRANSIENT.has(ack.status)) {
        this.scheduleRetry(key);
      } else {
        const code = ACK_STATUS_CODES[ack.status] ?? 'ENTWINE_ERR_ENVELOPE_MALFORMED';
        this.remove(entry, new RelayError(code, 400, `the relay refused an envelope (${code})`));
        this.ctx.emit({ type: 'send-refused', bondId: entry.bondId, code });
        changed.push(changes.outbox(entry));
      }
    }
    if (changed.length > 0) await this.ctx.save(...changed);
    this.flush();
  }

  private async settle(entry: OutboxEntry, outcome: Error | Settled): Promise<void> {
    this.remove(entry, outcome);
    await this.ctx.save(changes.outbox(entry));
  }

  /** Settles an entry a lowering took out while it was in flight (no-op for any other key). */
  private settleLeft(key: string, settled: Settled): void {
    if (!this.leftInFlight.delete(key)) return;
    this.inFlight.delete(key);
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    waiter?.resolve(settled);
  }

  private remove(entry: OutboxEntry, outcome: Error | Settled): void {
    const key = keyOf(entry.epochId, entry.seq);
    this.leftInFlight.delete(key);
    if (this.index.delete(key)) {
      const i = this.ctx.state.outbox.indexOf(entry);
      if (i >= 0) this.ctx.state.outbox.splice(i, 1);
      this.ctx.mark(changes.outbox(entry)); // its row goes with the next save
    }
    this.inFlight.delete(key);
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    if (outcome instanceof Error) waiter?.reject(outcome);
    else waiter?.resolve(outcome);
  }

  private scheduleRetry(key: string): void {
    this.settleLeft(key, 'superseded'); // not stored, and no longer the outbox's to retry
    this.inFlight.delete(key);
    if (this.retryTimer !== undefined) return;
    this.retryTimer = this.ctx.deps.timers.setTimeout(() => {
      this.retryTimer = undefined;
      this.flush();
    }, RETRY_MS);
  }

  /** Drops entries of a bond that ended: they can never be delivered. */
  dropBond(bondId: string): void {
    for (const entry of this.ctx.state.outbox.filter((e) => e.bondId === bondId)) {
      this.remove(entry, new EntwineError('ENTWINE_ERR_BOND_ENDED', 'it ended before this was stored'));
    }
    for (const [key, of] of [...this.leftInFlight]) if (of === bondId) this.settleLeft(key, 'superseded');
  }

  /**
   * Drops entries the sharer no longer wants delivered (a level was lowered, so what was sealed at the old
   * level must not leave, nor be sent again). An unsent one's waiter resolves 'superseded' at once; one
   * already in flight may still be stored by the relay, so its waiter waits for the relay's answer
   * (`leftInFlight`): the sender's view of what the partner sees is folded from that answer (publisher.ts).
   */
  dropSuperseded(bondId: string, facets: readonly string[]): number {
    const gone = this.ctx.state.outbox.filter((e) => e.bondId === bondId && e.facet !== undefined && facets.includes(e.facet));
    for (const entry of gone) {
      const key = keyOf(entry.epochId, entry.seq);
      if (!this.inFlight.has(key)) {
        this.remove(entry, 'superseded');
        continue;
      }
      this.index.delete(key);
      const i = this.ctx.state.outbox.indexOf(entry);
      if (i >= 0) this.ctx.state.outbox.splice(i, 1);
      this.ctx.mark(changes.outbox(entry)); // its row goes with the next save: never sent again
      this.leftInFlight.set(key, entry.bondId);
    }
    return gone.length;
  }

  stop(): void {
    if (this.retryTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
