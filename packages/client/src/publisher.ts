/**
 * The sending side of a device: the fixed publish tick, timed shields that end by themselves, and sealing
 * every message under the bond's sending epoch into the outbox. Lowering a shield (explicitly, or when a
 * timed one ends) drops that facet's unsent envelopes, starts a new epoch and publishes to that partner
 * at once; everything else waits for the tick.
 */
import {
  FACETS,
  type Facet,
  fromBase64url,
  isLowering,
  levelAt,
  type Message,
  nextExpiry,
  paddedLength,
  type ShieldLevel,
  sealEnvelope,
  settleExpired,
  toBase64url,
  utf8Encode,
  withShield,
} from '@entwine/core';
import type { Ctx } from './context.ts';
import { sendingEpoch } from './epochs.ts';
import { FACET_OF } from './facets.ts';
import { deviceOf } from './keys.ts';
import type { Outbox } from './outbox.ts';
import { messagesAt } from './publish.ts';
import type { BondState } from './state.ts';
import { Ticker } from './ticker.ts';
import { foldMessage } from './view.ts';

/**
 * The padding bucket each kind must land in: ticked kinds, glances and receipts in 256 B (so all of
 * them are one length); thoughts and photo headers in at most 4 KiB; photo chunks always in 64 KiB.
 * A message that would spill out of its bucket is a bug here, not something to send larger.
 */
function checkBucket(message: Message, length: number): number {
  const bucket = paddedLength(length);
  const ok =
    message.kind === 'moment-chunk'
      ? length < 65_536
      : message.kind === 'thought' || message.kind === 'moment'
        ? bucket <= 4096
        : bucket === 256;
  if (!ok) throw new RangeError(`${message.kind}: expected it to fit its padding bucket, got ${length} bytes`);
  return message.kind === 'moment-chunk' ? 65_536 : 256;
}

export class Publisher {
  private sendLock: Promise<unknown> = Promise.resolve();
  private readonly ticker: Ticker;
  private expiryTimer: unknown;
  private lastTick: Promise<unknown> = Promise.resolve();
  /**
   * Per bond, how many times a shield was lowered (in memory). A tick computed before a lowering but
   * sealed after it (it waited for the lock) is dropped for that bond, so nothing sealed at the old level
   * leaves after the change.
   */
  private readonly lowerings = new Map<string, number>();

  constructor(
    private readonly ctx: Ctx,
    private readonly outbox: Outbox,
    readonly tickMs: number,
    private readonly findBond: (who: string) => BondState | undefined,
  ) {
    this.ticker = new Ticker(ctx.deps, tickMs, () => this.onTick());
  }

  start(): void {
    this.ticker.start();
    this.scheduleExpiry();
  }

  stop(): void {
    this.ticker.stop();
    if (this.expiryTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  untilNextTick(): number {
    return this.ticker.untilNextTick();
  }

  settled(): Promise<unknown> {
    return this.lastTick;
  }

  /** Sets one facet for one bond; a lowering acts at once (see the module header). */
  async setShield(bond: BondState, facet: Facet, level: ShieldLevel, opts: { forMs?: number }): Promise<void> {
    const now = this.ctx.deps.clock.now();
    const before = levelAt(bond.shield, facet, now);
    bond.shield = withShield(bond.shield, facet, level, { now, ...(opts.forMs !== undefined ? { forMs: opts.forMs } : {}) });
    await this.afterShieldChange(bond, isLowering(before, level) ? [facet] : []);
  }

  /** Every facet of every bond hidden, at once. */
  async hideEverything(): Promise<void> {
    const now = this.ctx.deps.clock.now();
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status === 'ended' || bond.status === 'failed') continue;
      const lowered = FACETS.filter((f) => levelAt(bond.shield, f, now) !== 'hidden');
      for (const facet of FACETS) bond.shield = withShield(bond.shield, facet, 'hidden', { now });
      await this.afterShieldChange(bond, lowered);
    }
  }

  private async afterShieldChange(bond: BondState, lowered: Facet[]): Promise<void> {
    if (lowered.length > 0 && bond.status === 'active') {
      this.markLowered(bond);
      this.outbox.dropSuperseded(bond.bondId, lowered);
      bond.sending = undefined; // a new epoch: what follows is under a key no earlier envelope used
      await this.ctx.persist();
      await this.publishTick({ bondIds: [bond.bondId] });
    } else await this.ctx.persist();
    this.scheduleExpiry();
  }

  private async onTick(): Promise<void> {
    const tick = this.publishTick().catch((error: unknown) => {
      this.ctx.emit({ type: 'publish-failed', error: error instanceof Error ? error.message : String(error) });
    });
    this.lastTick = tick;
    await tick;
  }

  /**
   * One publish tick: every active bond (or the named ones) gets one location and one presence envelope at
   * its levels in force now. Resolves when the relay has durably stored every envelope.
   */
  async publishTick(opts: { to?: string[]; bondIds?: string[] } = {}): Promise<{ bonds: number }> {
    const now = this.ctx.deps.clock.now();
    this.revertExpired(now);
    const named = opts.to?.map((w) => this.findBond(w)?.bondId);
    const targets = Object.values(this.ctx.state.bonds).filter(
      (b) => b.status === 'active' && (!named || named.includes(b.bondId)) && (!opts.bondIds || opts.bondIds.includes(b.bondId)),
    );
    const batches = targets.map((bond) => {
      const { messages, source } = messagesAt(this.ctx.state.source, bond.shield, now, this.tickMs);
      this.ctx.state.source = source;
      return { bond, messages, lowerings: this.lowerings.get(bond.bondId) ?? 0 };
    });
    await this.seal(batches);
    this.ctx.emit({ type: 'published', bondIds: targets.map((b) => b.bondId) });
    return { bonds: targets.length };
  }

  /**
   * Folds timed shields that ran out into their standing level. A revert that lowers a level acts as an
   * explicit lowering does (unsent envelopes dropped, new epoch); returns the bonds where that happened.
   */
  private revertExpired(now: number): string[] {
    const loweredBonds: string[] = [];
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active' && bond.status !== 'pending') continue;
      const old = bond.shield;
      const { policy, reverted } = settleExpired(old, now);
      if (reverted.length === 0) continue;
      bond.shield = policy;
      this.ctx.emit({ type: 'shield-reverted', bondId: bond.bondId, name: bond.peer.name, facets: reverted });
      const lowered = reverted.filter((f) => isLowering(old[f].level, policy[f].level));
      if (lowered.length > 0 && bond.status === 'active') {
        this.markLowered(bond);
        this.outbox.dropSuperseded(bond.bondId, lowered);
        bond.sending = undefined;
        loweredBonds.push(bond.bondId);
      }
    }
    return loweredBonds;
  }

  /** Wakes at the earliest end of a timed shield, so a revert that lowers a level is not a tick late. */
  scheduleExpiry(): void {
    if (this.expiryTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    const soonest = Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active')
      .map((b) => nextExpiry(b.shield))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b)[0];
    if (soonest === undefined) return;
    this.expiryTimer = this.ctx.deps.timers.setTimeout(
      () => {
        this.expiryTimer = undefined;
        const lowered = this.revertExpired(this.ctx.deps.clock.now());
        const work = lowered.length > 0 ? this.publishTick({ bondIds: lowered }) : this.ctx.persist();
        this.lastTick = work.catch(() => undefined).finally(() => this.scheduleExpiry());
      },
      Math.max(0, soonest - this.ctx.deps.clock.now()),
    );
  }

  /**
   * Seals each bond's messages under its sending epoch, queues them, and waits until all are stored.
   * `onStored` runs for each message once the relay durably stored it (a thought's "stored" mark).
   */
  private markLowered(bond: BondState): void {
    this.lowerings.set(bond.bondId, (this.lowerings.get(bond.bondId) ?? 0) + 1);
  }

  async seal(
    batches: { bond: BondState; messages: Message[]; lowerings?: number }[],
    onStored?: (message: Message) => void,
  ): Promise<void> {
    const stored: Promise<void>[] = [];
    const run = this.sendLock.then(async () => {
      for (const { bond, messages, lowerings } of batches) {
        // Computed before a lowering of this bond's shield: stale, and the lowering published afresh.
        if (lowerings !== undefined && lowerings !== (this.lowerings.get(bond.bondId) ?? 0)) continue;
        for (const message of messages) {
          const plaintext = utf8Encode(JSON.stringify(message));
          const minBucket = checkBucket(message, plaintext.length);
          const epoch = await sendingEpoch(this.ctx, bond);
          const seq = BigInt(epoch.nextSeq);
          epoch.nextSeq = (seq + 1n).toString();
          const envelope = await sealEnvelope({
            ed: this.ctx.deps.ed,
            random: this.ctx.deps.random,
            header: { bondId: bond.bondId, senderDevice: this.ctx.state.device.deviceId, epochId: epoch.epochId, seq },
            epochKey: fromBase64url(epoch.key),
            signSeed: deviceOf(this.ctx.state).signSeed,
            plaintext,
            minBucket,
          });
          const done = this.outbox.enqueue({
            bondId: bond.bondId,
            facet: FACET_OF[message.kind],
            epochId: epoch.epochId,
            seq: seq.toString(),
            envelope: toBase64url(envelope),
          });
          stored.push(onStored ? done.then(() => onStored(message)) : done);
          bond.sentView = foldMessage(bond.sentView, message);
        }
      }
      await this.ctx.persist();
      this.outbox.flush();
    });
    this.sendLock = run.catch(() => undefined);
    await run;
    await Promise.all(stored);
  }
}
