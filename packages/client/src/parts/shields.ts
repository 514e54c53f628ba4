/**
 * The shields part: this person's policy towards each partner, facet by facet, and timed shields that end
 * by themselves. Owns the `shield` records. A lowering (explicit, or a timed shield running out) is told to
 * the publisher (`onLowered`), which drops that facet's unsent envelopes at once; nothing is published off
 * the tick, so the relay cannot tell a lowering from no change (publisher.ts, docs/shields.md).
 */
import {
  allowsLevel,
  EntwineError,
  FACET_LEVELS,
  FACETS,
  type Facet,
  isFacet,
  isLowering,
  levelAt,
  levelsAt,
  nextExpiry,
  type ShieldLevel,
  type ShieldPolicy,
  settleExpired,
  withShield,
} from '@entwine/core';
import type { BondState } from '../state.ts';
import { changes } from '../store/records.ts';
import type { PartCtx } from './owners.ts';

/** setTimeout's largest delay; a longer one fires at once in Node and browsers. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Refuses a facet or level that does not exist, or a level a facet does not have, before anything is sent.
 * A facet left undefined is not chosen (a new bond's policy hides it).
 */
export function checkShieldChoice(choice: Partial<Record<string, string>>): void {
  for (const [facet, level] of Object.entries(choice)) {
    if (level === undefined) continue;
    if (!isFacet(facet)) throw new EntwineError('ENTWINE_ERR_SHIELD_LEVEL', `there is no facet "${facet}"; facets: ${FACETS.join(', ')}`);
    if (!allowsLevel(facet, level as ShieldLevel)) {
      throw new EntwineError('ENTWINE_ERR_SHIELD_LEVEL', `${facet} takes ${FACET_LEVELS[facet].join(', ')}; not "${level}"`);
    }
  }
}

const ended = (bond: BondState | undefined) => !bond || bond.status === 'ended' || bond.status === 'failed';

export class ShieldsPart {
  private expiryTimer: unknown;
  private running = false;
  /**
   * Per bond and facet, how many times its shield was lowered (in memory). A message prepared before a
   * lowering of its facet but sealed after it is not enqueued (publisher.ts `seal`).
   */
  private readonly lowerings = new Map<string, number>();

  constructor(
    private readonly ctx: PartCtx<'shields'>,
    private readonly onLowered: (bond: BondState, facets: Facet[]) => void,
    /** Saves what a timed shield's end changed elsewhere too, and lets a tick wait for it. */
    private readonly onExpirySettled: (done: Promise<unknown>) => void,
  ) {}

  loweringsOf(bond: BondState, facet: Facet): number {
    return this.lowerings.get(`${bond.bondId}/${facet}`) ?? 0;
  }

  /**
   * Sets facets of one bond. The policy and the drops are applied and saved before anything waits for the
   * relay, so a slow or unreachable relay never leaves a bond at the old level.
   */
  async set(bond: BondState | undefined, who: string, levels: Partial<Record<Facet, ShieldLevel>>, opts: { forMs?: number } = {}) {
    if (!bond || ended(bond)) throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    checkShieldChoice(levels);
    if (opts.forMs !== undefined && !(opts.forMs > 0 && Number.isFinite(opts.forMs))) {
      throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a shield's time is a positive duration, not ${opts.forMs}`);
    }
    this.apply(bond, levels, opts);
    await this.ctx.save(changes.shield(bond.bondId));
    this.scheduleExpiry();
  }

  /** Every facet of every bond hidden: all applied and saved at once; partners see it at the next tick. */
  async hideEverything(): Promise<void> {
    const hideAll = Object.fromEntries(FACETS.map((f) => [f, 'hidden'])) as Record<Facet, ShieldLevel>;
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (ended(bond)) continue;
      this.apply(bond, hideAll, {});
      this.ctx.mark(changes.shield(bond.bondId));
    }
    await this.ctx.save();
    this.scheduleExpiry();
  }

  private apply(bond: BondState, levels: Partial<Record<Facet, ShieldLevel>>, opts: { forMs?: number }): void {
    const now = this.ctx.deps.clock.now();
    const lowered: Facet[] = [];
    for (const [facet, level] of Object.entries(levels) as [Facet, ShieldLevel | undefined][]) {
      if (level === undefined) continue; // not chosen: left as it is
      const before = levelAt(bond.shield, facet, now);
      bond.shield = withShield(bond.shield, facet, level, { now, ...(opts.forMs !== undefined ? { forMs: opts.forMs } : {}) });
      if (isLowering(before, level)) lowered.push(facet);
    }
    if (lowered.length > 0) this.lowered(bond, lowered);
  }

  private lowered(bond: BondState, facets: Facet[]): void {
    for (const f of facets) this.lowerings.set(`${bond.bondId}/${f}`, this.loweringsOf(bond, f) + 1);
    this.onLowered(bond, facets);
  }

  /**
   * Folds timed shields that ran out into their standing level (marked for the next save). A revert that
   * lowers a level acts as an explicit lowering does. Returns how many bonds reverted.
   */
  settleExpired(now: number): number {
    let revertedBonds = 0;
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active' && bond.status !== 'pending') continue;
      const old = bond.shield;
      const { policy, reverted } = settleExpired(old, now);
      if (reverted.length === 0) continue;
      revertedBonds++;
      bond.shield = policy;
      this.ctx.mark(changes.shield(bond.bondId));
      this.ctx.emit({ type: 'shield-reverted', bondId: bond.bondId, name: bond.peer.name, facets: reverted });
      const lowered = reverted.filter((f) => isLowering(old[f].level, policy[f].level));
      if (lowered.length > 0) this.lowered(bond, lowered);
    }
    return revertedBonds;
  }

  /** Applies timed shields that ended while nothing ran (before a restored outbox is sent); saves if any did. */
  async settleNow(): Promise<void> {
    if (this.settleExpired(this.ctx.deps.clock.now()) > 0) await this.ctx.save();
  }

  start(): void {
    this.running = true;
    this.scheduleExpiry();
  }

  stop(): void {
    this.running = false;
    if (this.expiryTimer !== undefined) this.ctx.deps.timers.clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
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
        this.settleExpired(this.ctx.deps.clock.now());
        this.onExpirySettled(
          this.ctx
            .save()
            .catch(() => undefined)
            .finally(() => this.scheduleExpiry()),
        );
      },
      Math.min(MAX_TIMER_MS, Math.max(0, soonest - this.ctx.deps.clock.now())),
    );
  }

  /** Each bond's shields with the levels in force now. */
  list(): { bondId: string; name: string; status: BondState['status']; shield: ShieldPolicy; levels: Record<Facet, ShieldLevel> }[] {
    const now = this.ctx.deps.clock.now();
    return Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active' || b.status === 'pending')
      .map((b) => ({ bondId: b.bondId, name: b.peer.name, status: b.status, shield: b.shield, levels: levelsAt(b.shield, now) }));
  }

  /** The partners who get anything of this person now (no one, once this identity moved to another device). */
  sharingWith(): string[] {
    if (this.ctx.state.displaced) return [];
    const now = this.ctx.deps.clock.now();
    return Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active' && b.verification !== 'unchecked' && FACETS.some((f) => levelAt(b.shield, f, now) !== 'hidden'))
      .map((b) => b.peer.name);
  }
}
