/**
 * The sending side of a device: the fixed publish tick, timed shields that end by themselves, and sealing
 * every message under the bond's sending epoch into the outbox.
 *
 * A lowering (explicit, or a timed shield running out) leaves the relay nothing to tell it from no change:
 * it drops that facet's unsent envelopes at once (nothing sealed at the old level leaves after it), but it
 * starts no new epoch (a key-dist with its `createdAt` would log the moment) and publishes nothing off the
 * tick (an extra batch would log it too): the lowered level goes out at the next tick, like every level.
 * A tick whose messages went stale while being sealed is re-computed at the new level, so the tick still
 * carries its usual count. What still leaks: a seq gap when unsent envelopes were dropped (only while the
 * relay was unreachable), see docs/shields.md.
 */
import {
  FACET_OF,
  FACETS,
  type Facet,
  fromBase64url,
  isLowering,
  levelAt,
  type Message,
  minBucketFor,
  nextExpiry,
  type ShieldLevel,
  sealEnvelope,
  settleExpired,
  toBase64url,
  utf8Encode,
  withShield,
} from '@entwine/core';
import type { Ctx } from './context.ts';
import { sendingEpoch } from './epochs.ts';
import { deviceOf } from './keys.ts';
import { heldForNumbers } from './numbers-hold.ts';
import type { Outbox } from './outbox.ts';
import { messagesAt } from './publish.ts';
import { RelayError } from './relay-api.ts';
import type { BondState } from './state.ts';
import { changes as records } from './store/records.ts';
import { Ticker } from './ticker.ts';
import { foldMessage } from './view.ts';

/** setTimeout's largest delay; a longer one fires at once in Node and browsers. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Publisher {
  private sendLock: Promise<unknown> = Promise.resolve();
  private readonly ticker: Ticker;
  private expiryTimer: unknown;
  private lastTick: Promise<unknown> = Promise.resolve();
  /**
   * Per bond and facet, how many times its shield was lowered (in memory). A message prepared before a
   * lowering of its facet but sealed after it (it waited for the lock, or for an epoch) is not enqueued,
   * so nothing prepared at the old level leaves after the change.
   */
  private readonly lowerings = new Map<string, number>();
  private running = false;

  constructor(
    private readonly ctx: Ctx,
    private readonly outbox: Outbox,
    readonly tickMs: number,
    private readonly findBond: (who: string) => BondState | undefined,
  ) {
    this.ticker = new Ticker(ctx.deps, tickMs, () => this.onTick());
  }

  start(): void {
    this.running = true;
    this.ticker.start();
    this.scheduleExpiry();
  }

  stop(): void {
    this.running = false;
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

  /**
   * Sets facets of one bond (see the module header for what a lowering does). The policy and the drops are
   * applied and saved before anything waits for the relay, so a slow or unreachable relay never leaves a
   * bond at the old level.
   */
  async setShields(bond: BondState, changes: Partial<Record<Facet, ShieldLevel>>, opts: { forMs?: number } = {}): Promise<void> {
    this.applyShields(bond, changes, opts);
    await this.ctx.save(records.shield(bond.bondId));
    this.scheduleExpiry();
  }

  /** Every facet of every bond hidden: all applied and saved at once; partners see it at the next tick. */
  async hideEverything(): Promise<void> {
    const hideAll = Object.fromEntries(FACETS.map((f) => [f, 'hidden'])) as Record<Facet, ShieldLevel>;
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status === 'ended' || bond.status === 'failed') continue;
      this.applyShields(bond, hideAll, {});
      this.ctx.mark(records.shield(bond.bondId));
    }
    await this.ctx.save();
    this.scheduleExpiry();
  }

  /** Changes the policy in memory; for each lowered facet drops its unsent envelopes. */
  private applyShields(bond: BondState, changes: Partial<Record<Facet, ShieldLevel>>, opts: { forMs?: number }): void {
    const now = this.ctx.deps.clock.now();
    const lowered: Facet[] = [];
    for (const [facet, level] of Object.entries(changes) as [Facet, ShieldLevel][]) {
      const before = levelAt(bond.shield, facet, now);
      bond.shield = withShield(bond.shield, facet, level, { now, ...(opts.forMs !== undefined ? { forMs: opts.forMs } : {}) });
      if (isLowering(before, level)) lowered.push(facet);
    }
    if (lowered.length > 0) this.lowered(bond, lowered);
  }

  private lowered(bond: BondState, facets: Facet[]): void {
    for (const f of facets) this.lowerings.set(`${bond.bondId}/${f}`, this.loweringsOf(bond, f) + 1);
    this.outbox.dropSuperseded(bond.bondId, facets);
  }

  private loweringsOf(bond: BondState, facet: Facet): number {
    return this.lowerings.get(`${bond.bondId}/${facet}`) ?? 0;
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
    await this.ctx.refresh(); // a shield, a bond or a fix another process on this home saved
    const now = this.ctx.deps.clock.now();
    this.revertExpired(now);
    const named = opts.to?.map((w) => this.findBond(w)?.bondId);
    const targets = Object.values(this.ctx.state.bonds).filter(
      (b) =>
        b.status === 'active' &&
        !heldForNumbers(b) && // nothing at all leaves for a partner whose numbers this person has not compared
        (!named || named.includes(b.bondId)) &&
        (!opts.bondIds || opts.bondIds.includes(b.bondId)),
    );
    let batches = targets.map((bond) => ({ bond, messages: this.tickMessages(bond, now) }));
    // A batch that went stale while waiting to be sealed (its facet was lowered) is computed again at the
    // level now in force, so a lowering never shows as a tick with fewer envelopes.
    for (let attempt = 0; batches.length > 0 && attempt < 3; attempt++) {
      const stale = await this.seal(batches);
      batches = stale.map((bond) => ({ bond, messages: this.tickMessages(bond, this.ctx.deps.clock.now()) }));
    }
    this.ctx.emit({ type: 'published', bondIds: targets.map((b) => b.bondId) });
    return { bonds: targets.length };
  }

  /** One bond's ticked messages at its levels in force at `now`. */
  private tickMessages(bond: BondState, now: number): Message[] {
    const { messages, source } = messagesAt(this.ctx.state.source, bond.shield, now, this.tickMs, bond.sentView);
    this.ctx.state.source = source;
    this.ctx.mark(records.source);
    return messages;
  }

  /**
   * Folds timed shields that ran out into their standing level. A revert that lowers a level acts as an
   * explicit lowering does (unsent envelopes dropped; the new level goes out at the next tick). Returns how
   * many bonds reverted.
   */
  private revertExpired(now: number): number {
    let revertedBonds = 0;
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active' && bond.status !== 'pending') continue;
      const old = bond.shield;
      const { policy, reverted } = settleExpired(old, now);
      if (reverted.length === 0) continue;
      revertedBonds++;
      bond.shield = policy;
      this.ctx.mark(records.shield(bond.bondId));
      this.ctx.emit({ type: 'shield-reverted', bondId: bond.bondId, name: bond.peer.name, facets: reverted });
      const lowered = reverted.filter((f) => isLowering(old[f].level, policy[f].level));
      if (lowered.length > 0) this.lowered(bond, lowered);
    }
    return revertedBonds;
  }

  /** Applies timed shields that ended while nothing ran (before a restored outbox is sent); saves if any did. */
  async settleNow(): Promise<void> {
    if (this.revertExpired(this.ctx.deps.clock.now()) > 0) await this.ctx.save();
  }

  /**
   * While publishing runs, wakes at the earliest end of a timed shield, so a revert that lowers a level
   * drops what was queued at its end time, not a tick later; the new level itself goes out at the next
   * tick, never off it. (Timers cap at 2^31−1 ms; a later end is re-checked when that one fires.)
   */
  scheduleExpiry(): void {
    if (this.expiryTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (!this.running) return;
    const soonest = Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active')
      .map((b) => nextExpiry(b.shield))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b)[0];
    if (soonest === undefined) return;
    this.expiryTimer = this.ctx.deps.timers.setTimeout(
      () => {
        this.expiryTimer = undefined;
        this.revertExpired(this.ctx.deps.clock.now());
        this.lastTick = this.ctx
          .save()
          .catch(() => undefined)
          .finally(() => this.scheduleExpiry());
      },
      Math.min(MAX_TIMER_MS, Math.max(0, soonest - this.ctx.deps.clock.now())),
    );
  }

  /**
   * Seals each bond's messages under its sending epoch, queues them, and waits until all are stored.
   * `onStored` runs for each message once the relay durably stored it (a thought's "stored" mark).
   * Returns the bonds whose batch was abandoned because a facet in it was lowered meanwhile.
   */
  async seal(
    batches: { bond: BondState; messages: Message[] }[],
    onStored?: (message: Message) => void,
    onAbandoned: 'skip' | 'throw' = 'skip',
  ): Promise<BondState[]> {
    // What each message was prepared under: if its facet is lowered before it is enqueued, it is stale.
    const prepared = batches.map(({ bond, messages }) => messages.map((m) => this.loweringsOf(bond, FACET_OF[m.kind])));
    const stored: Promise<void>[] = [];
    const stale: BondState[] = [];
    let held = false;
    const run = this.sendLock.then(async () => {
      for (const [b, { bond, messages }] of batches.entries()) {
        if (heldForNumbers(bond) && messages.length > 0) {
          held = true; // the last line of the hold: whatever asked, a held bond gets no envelope and no key
          continue;
        }
        for (const [i, message] of messages.entries()) {
          const facet = FACET_OF[message.kind];
          if (this.loweringsOf(bond, facet) !== prepared[b]?.[i]) {
            stale.push(bond);
            break; // the rest of this batch (a photo's remaining chunks, say) is stale too
          }
          const plaintext = utf8Encode(JSON.stringify(message));
          const minBucket = minBucketFor(message.kind, plaintext.length);
          await sendingEpoch(this.ctx, bond);
          // Taken through the store, so another process on this home never seals under the same seq.
          const { epoch, first: seq } = await this.ctx.reserveSeqs(bond, 1);
          const envelope = await sealEnvelope({
            ed: this.ctx.deps.ed,
            random: this.ctx.deps.random,
            header: { bondId: bond.bondId, senderDevice: this.ctx.state.device.deviceId, epochId: epoch.epochId, seq },
            epochKey: fromBase64url(epoch.key),
            signSeed: deviceOf(this.ctx.state).signSeed,
            plaintext,
            minBucket,
          });
          if (this.loweringsOf(bond, facet) !== prepared[b]?.[i]) {
            stale.push(bond); // lowered while this was being sealed (e.g. while an epoch key was distributed)
            break;
          }
          const done = this.outbox.enqueue({
            bondId: bond.bondId,
            facet: FACET_OF[message.kind],
            epochId: epoch.epochId,
            seq: seq.toString(),
            envelope: toBase64url(envelope),
          });
          const at = {
            device: this.ctx.state.device.deviceId,
            epoch: epoch.epochId,
            seq: seq.toString(),
            ...(epoch.index !== undefined ? { index: epoch.index } : {}),
          };
          const settled = done.then((outcome) => {
            // The partner's view is folded from what the relay stored, so the sender's copy is folded at the
            // relay's ack, not at sealing: a lowering that drops this envelope before it leaves (the outbox's
            // `dropSuperseded`) must not leave it in "as NAME sees you" when NAME never gets it.
            if (outcome === 'stored') {
              bond.sentView = foldMessage(bond.sentView, message, at);
              this.ctx.mark(records.sentView(bond.bondId));
            }
            onStored?.(message);
          });
          // Handled from the start: an end (dropBond) can reject it before `Promise.all` below listens.
          settled.catch(() => undefined);
          stored.push(settled);
        }
      }
      await this.ctx.save();
      this.outbox.flush();
    });
    this.sendLock = run.catch(() => undefined);
    await run;
    await Promise.all(stored);
    // The views folded at the acks are written (usually with the acks' own save already; this writes
    // nothing then), so a one-shot command that exits now keeps what its partner was shown.
    await this.ctx.save();
    if ((stale.length > 0 || held) && onAbandoned === 'throw') {
      throw new RelayError('ENTWINE_ERR_SHIELD_HIDDEN', 403, 'You lowered this shield while it was being sent; it was not sent.');
    }
    return stale;
  }
}
