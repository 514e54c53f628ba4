/**
 * The publisher part: the fixed publish tick, this device's location source (fixes, battery, feeling),
 * sealing every message under the bond's sending epoch, and the outbox. Owns the `source`, `sending`,
 * `sent-view` and `outbox` records.
 *
 * A lowering (explicit, or a timed shield running out: shields.ts) leaves the relay nothing to tell it from
 * no change: the outbox drops that facet's unsent envelopes at once (nothing sealed at the old level leaves
 * after it), but no new epoch starts (a key-dist with its `createdAt` would log the moment) and nothing is
 * published off the tick (an extra batch would log it too): the lowered level goes out at the next tick, like
 * every level. A tick whose messages went stale while being sealed is re-computed at the new level, so the
 * tick still carries its usual count. What still leaks: a seq gap when unsent envelopes were dropped (only
 * while the relay was unreachable), see docs/shields.md.
 */
import {
  EntwineError,
  FACET_OF,
  type Facet,
  fromBase64url,
  type Message,
  minBucketFor,
  sealEnvelope,
  toBase64url,
  utf8Encode,
} from '@entwine/core';
import { sendingEpoch } from '../epochs.ts';
import { deviceOf } from '../keys.ts';
import { heldForNumbers } from '../numbers-hold.ts';
import { Outbox } from '../outbox.ts';
import { messagesAt } from '../publish.ts';
import type { BondState, ExactFix, SendingEpoch } from '../state.ts';
import { changes as records } from '../store/records.ts';
import { Ticker } from '../ticker.ts';
import { foldMessage } from '../view.ts';
import type { PartCtx } from './owners.ts';
import type { ShieldsPart } from './shields.ts';
import { type FeelingInput, recordFix, recordFixes, setBattery, setFeeling } from './source.ts';

export class Publisher {
  private sendLock: Promise<unknown> = Promise.resolve();
  private readonly ticker: Ticker;
  private lastTick: Promise<unknown> = Promise.resolve();
  readonly outbox: Outbox;

  constructor(
    private readonly ctx: PartCtx<'publisher'>,
    private readonly shields: ShieldsPart,
    readonly tickMs: number,
    private readonly findBond: (who: string) => BondState | undefined,
  ) {
    this.outbox = new Outbox(ctx);
    this.ticker = new Ticker(ctx.deps, tickMs, () => this.onTick());
  }

  /** Publishes on the fixed tick until stopped (what a running app does); not once this device is displaced. */
  start(): void {
    if (this.ctx.state.displaced) return;
    this.ticker.start();
    this.shields.start();
  }

  stop(): void {
    this.ticker.stop();
    this.shields.stop();
  }

  untilNextTick(): number {
    return this.ticker.untilNextTick();
  }

  /** Resolves when the tick (or the timed shield's end) in progress, if any, has been sealed and stored. */
  settled(): Promise<unknown> {
    return this.lastTick;
  }

  /** A timed shield's end being saved: a caller of `settled` waits for it like for a tick. */
  follow(work: Promise<unknown>): void {
    this.lastTick = work;
  }

  recordFix(fix: Omit<ExactFix, 'ts'> & { ts?: number }): Promise<ExactFix> {
    return recordFix(this.ctx, fix);
  }

  recordFixes(fixes: readonly ExactFix[]): Promise<ExactFix[]> {
    return recordFixes(this.ctx, fixes);
  }

  /** The bond's current sending epoch (started and distributed when due), taken in turn with sealing. */
  currentEpoch(bond: BondState): Promise<SendingEpoch> {
    const run = this.sendLock.then(() => sendingEpoch(this.ctx, bond));
    this.sendLock = run.catch(() => undefined);
    return run;
  }

  setBattery(battery: { level: number; charging?: boolean } | undefined): Promise<void> {
    return setBattery(this.ctx, battery);
  }

  setFeeling(feeling: FeelingInput | undefined): Promise<void> {
    return setFeeling(this.ctx, feeling);
  }

  /** A lowering: the facets' unsent envelopes of this bond never leave (shields.ts tells it). */
  dropSuperseded(bond: BondState, facets: Facet[]): void {
    this.outbox.dropSuperseded(bond.bondId, facets);
  }

  /** A bond that ended: its unsent envelopes can never be delivered. */
  dropBond(bondId: string): void {
    this.outbox.dropBond(bondId);
  }

  /**
   * The partner's devices changed: the next message starts an epoch sealed to their devices as they are now;
   * the retired one keeps its place so the new epoch's index follows it (receivers order epochs by it).
   */
  retireSending(bond: BondState): void {
    if (bond.sending) bond.sending = { ...bond.sending, retired: true };
    this.ctx.mark(records.sending(bond.bondId));
  }

  /** Resolves when every envelope restored from an earlier run (and every receipt queued) has been stored. */
  async drainOutbox(repliesQueued: Promise<unknown>): Promise<void> {
    await this.shields.settleNow();
    await repliesQueued;
    const pending = this.ctx.state.outbox.map((e) => this.outbox.whenStored(e));
    this.outbox.flush();
    await Promise.all(pending);
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
    this.shields.settleExpired(this.ctx.deps.clock.now());
    const named = opts.to?.map((w) => this.findBond(w)?.bondId);
    const targets = Object.values(this.ctx.state.bonds).filter(
      (b) =>
        b.status === 'active' &&
        !heldForNumbers(b) && // nothing at all leaves for a partner whose numbers this person has not compared
        (!named || named.includes(b.bondId)) &&
        (!opts.bondIds || opts.bondIds.includes(b.bondId)),
    );
    const now = this.ctx.deps.clock.now();
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
    const prepared = batches.map(({ bond, messages }) => messages.map((m) => this.shields.loweringsOf(bond, FACET_OF[m.kind])));
    const stored: Promise<void>[] = [];
    /** Bonds whose sent view took a message at its ack: written once below, not with every ack's save. */
    const folded = new Set<string>();
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
          if (this.shields.loweringsOf(bond, facet) !== prepared[b]?.[i]) {
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
          if (this.shields.loweringsOf(bond, facet) !== prepared[b]?.[i]) {
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
              folded.add(bond.bondId);
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
    // The views folded at the acks are written once per bond (not once per ack: a tick's three envelopes
    // are acknowledged one by one over HTTP), so a one-shot command that exits now keeps what its partner
    // was shown. A crash before this line leaves the preview one tick behind; the next tick rewrites it.
    await this.ctx.save(...[...folded].map((id) => records.sentView(id)));
    if ((stale.length > 0 || held) && onAbandoned === 'throw') {
      throw new EntwineError('ENTWINE_ERR_SHIELD_HIDDEN', 'you lowered this shield while it was being sent; it was not sent');
    }
    return stale;
  }
}
