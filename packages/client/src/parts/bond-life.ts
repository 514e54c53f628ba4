/**
 * The pairing part's hold on a bond once it exists: marked active, checked ('match' or 'skip'), ended (by
 * this person, or by a signed end the relay passes on), a relay's false end kept as its fault, the
 * partner's new device list, and the counters kept in the bond record. Every write of a `bond` (and the
 * `bond-all` of an end) goes through here or pairing.ts.
 */
import { type BondEnd, EntwineError, fromBase64url, signBlob } from '@entwine/core';
import { forgetBond, verifyBondEnd } from '../bond-end.ts';
import { countNotShown, type NotShownReason } from '../dropped.ts';
import type { NumbersCheck } from '../pairing-flow.ts';
import { refreshPeerDevices } from '../peer-devices.ts';
import type { BondState } from '../state.ts';
import { changes } from '../store/records.ts';
import type { PartCtx } from './owners.ts';

/** What a bond's life needs of the publisher: it owns the outbox and the sending epochs. */
export interface BondLifeHooks {
  dropBond(bondId: string): void;
  retireSending(bond: BondState): void;
}

/** How many bond-active reports for bonds not stored yet are kept (each waits for one pairing step). */
const EARLY_ACTIVE_KEPT = 16;

export class BondLife {
  private readonly activeBeforeKnown = new Set<string>();
  constructor(
    private readonly ctx: PartCtx<'pairing'>,
    private readonly hooks: BondLifeHooks,
  ) {}

  /**
   * This person compared the numbers with the partner ('match'), or goes on without comparing ('skip':
   * shown as not verified). Either releases what they chose to share, from the next tick. A match is never
   * turned back into a skip.
   */
  async verify(bond: BondState | undefined, who: string, check: NumbersCheck): Promise<BondState> {
    if (!bond || bond.status === 'ended' || bond.status === 'failed')
      throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    if (check === 'match') bond.verification = 'match';
    else if (bond.verification === 'unchecked') bond.verification = 'skipped';
    await this.ctx.save(changes.bond(bond.bondId));
    this.ctx.emit({ type: 'bond-verified', bondId: bond.bondId, name: bond.peer.name, verification: bond.verification });
    return bond;
  }

  /**
   * The relay said a bond became active. The report can come before this device stored the bond: the
   * inviter's reveal is answered over HTTP while the invitee's confirmation reaches the relay and its push
   * arrives on the socket first. Such a report is kept (a few, in memory) and applied once the bond is
   * stored (`applyEarlyActive`), so the bond never stays "waiting" until a restart.
   */
  onActiveReported(bondId: string): void {
    const bond = this.ctx.state.bonds[bondId];
    if (bond) {
      if (bond.status === 'pending') this.markActive(bond);
      return;
    }
    this.activeBeforeKnown.add(bondId);
    if (this.activeBeforeKnown.size > EARLY_ACTIVE_KEPT) {
      const oldest = this.activeBeforeKnown.values().next().value as string;
      this.activeBeforeKnown.delete(oldest);
    }
  }

  /** Applies the bond-active reports that came before their bond was stored (see `onActiveReported`). */
  async applyEarlyActive(): Promise<void> {
    let changed = false;
    for (const bondId of [...this.activeBeforeKnown]) {
      const bond = this.ctx.state.bonds[bondId];
      if (!bond) continue;
      this.activeBeforeKnown.delete(bondId);
      if (bond.status !== 'pending') continue;
      this.markActive(bond);
      changed = true;
    }
    if (changed) await this.ctx.save();
  }

  markActive(bond: BondState): void {
    bond.status = 'active';
    delete bond.failure;
    this.ctx.mark(changes.bond(bond.bondId));
    this.ctx.emit({ type: 'bond-active', bondId: bond.bondId, name: bond.peer.name });
  }

  /**
   * Ending deletes every key of the bond and everything received or sent in it at once (thoughts, glances,
   * photos, feelings, positions, marks), leaving a tombstone with the name and the time (bond-end.ts); no
   * new epoch is ever issued to it.
   */
  private markEnded(bond: BondState, by: 'me' | 'peer', at: number): void {
    this.hooks.dropBond(bond.bondId);
    forgetBond(this.ctx.state, bond, by, at);
    this.ctx.mark(changes.bondAll(bond.bondId), changes.invite(bond.inviteId), changes.request(bond.inviteId));
    this.ctx.emit({ type: 'bond-ended', bondId: bond.bondId, name: bond.peer.name, by });
  }

  /** The relay says a bond ended: it ends here only if the signed end verifies; otherwise it is the relay's fault. */
  async onEndReported(bond: BondState, end: Parameters<typeof verifyBondEnd>[2]): Promise<void> {
    const verdict = await verifyBondEnd(this.ctx, bond, end);
    if (verdict.ok) {
      this.markEnded(bond, verdict.by, verdict.at);
      return;
    }
    // Each bad claim is reported once (a relay repeating it on every sync is still shown on the bond).
    if (bond.relayFault?.reason === verdict.reason && bond.relayFault.sig === end?.sig) return;
    bond.relayFault = { reason: verdict.reason, at: this.ctx.deps.clock.now(), ...(end ? { sig: end.sig } : {}) };
    this.ctx.mark(changes.bond(bond.bondId));
    this.ctx.emit({ type: 'relay-fault', bondId: bond.bondId, name: bond.peer.name, reason: verdict.reason });
  }

  async end(bond: BondState | undefined, who: string): Promise<void> {
    if (!bond) throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    const { state, deps } = this.ctx;
    const doc: BondEnd = {
      v: 1,
      bondId: bond.bondId,
      userId: state.identity.userId,
      deviceId: state.device.deviceId,
      at: deps.clock.now(),
    };
    const signed = await signBlob(deps.ed, 'bond-end', doc, fromBase64url(state.device.signSeed));
    this.markEnded(bond, 'me', doc.at); // keys and content go first, even if the relay is unreachable right now
    // The tombstone is saved while the relay is told (not before), so the partner's page shows the end sooner; an
    // end the relay stored before this save ended comes back on the next sync, signed by this device. Both settle
    // before this returns (a relay that refuses at once never cuts the save short).
    const [saved, told] = await Promise.allSettled([this.ctx.save(), this.ctx.api.end(bond.bondId, signed)]);
    if (saved.status === 'rejected') throw saved.reason;
    if (told.status === 'rejected') throw told.reason;
  }

  /**
   * A partner may have restored their identity elsewhere while this device was offline (the relay's
   * `devices-changed` reaches only open sockets): on every (re)connect, each partner's list is checked once.
   */
  async refreshPartnersDevices(): Promise<void> {
    const partners = new Set(
      Object.values(this.ctx.state.bonds)
        .filter((b) => b.status === 'active')
        .map((b) => b.peer.userId),
    );
    for (const userId of partners) await this.peerDevicesChanged(userId);
  }

  async peerDevicesChanged(userId: string): Promise<void> {
    for (const bond of await refreshPeerDevices(this.ctx, userId, (b) => this.hooks.retireSending(b))) {
      this.ctx.emit({ type: 'peer-devices-changed', bondId: bond.bondId, name: bond.peer.name });
    }
  }

  /** Counts an envelope of this bond that was not shown (the ledger lives in the bond record, `dropped.ts`). */
  /**
   * The relay's missed count for this device and bond (from a read answer or the bonds list): what it adds
   * since the last count is told once, as a `missed` event, and kept in the bond record. The relay's count
   * only grows until a read report at its newest cursor clears it; so a count below the last one means it
   * was cleared and these are new, and the same count again is the same expiries (never told twice).
   */
  noteMissed(bond: BondState, relayCount: number): void {
    const last = bond.missedPending ?? 0;
    if (relayCount === last) return;
    const added = relayCount > last ? relayCount - last : relayCount;
    bond.missedPending = relayCount;
    if (added > 0) {
      bond.missed = (bond.missed ?? 0) + added;
      this.ctx.emit({ type: 'missed', bondId: bond.bondId, from: bond.peer.name, count: added, total: bond.missed });
    }
    this.ctx.mark(changes.bond(bond.bondId));
  }

  countNotShown(bond: BondState, reason: NotShownReason): void {
    countNotShown(this.ctx.state, bond, reason);
    this.ctx.mark(changes.bond(bond.bondId));
  }

  /** The times of the photos this person sent in the bond today (its daily limit, facet-send.ts). */
  noteMomentSent(bond: BondState, sends: number[]): void {
    bond.momentSends = sends;
    this.ctx.mark(changes.bond(bond.bondId));
  }
}
