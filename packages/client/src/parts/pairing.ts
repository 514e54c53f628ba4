/**
 * The pairing part: invites this person made, invites they answered, the yes on each side, and the life
 * of every bond after it (bond-life.ts). Owns the `invite`, `request` and `bond` records, and `bond-all`
 * (every record of one bond, written when it is made or ended). The ceremony itself is pairing-flow.ts.
 */
import { EntwineError, type ShieldChoice } from '@entwine/core';
import {
  acceptInvite,
  confirmRequest,
  DEFAULT_INVITE_TTL_MS,
  declineRequest,
  findRequest,
  makeInvite,
  type NumbersCheck,
  previewInvite,
  safetyNumberWith,
  sendInviteeConfirm,
  syncPairings,
} from '../pairing-flow.ts';
import type { RequestState } from '../state.ts';
import { BondLife, type BondLifeHooks } from './bond-life.ts';
import { findBond } from './find-bond.ts';
import type { PartCtx } from './owners.ts';
import { type BondSummary, type PendingRequest, summary } from './summaries.ts';

export class PairingPart {
  readonly bonds: BondLife;
  /**
   * Safety numbers already worked out, by the partner's userId and identity key: one costs 10 400 SHA-512
   * rounds, and a UI reads `outgoingRequests()` on every render and poll (several times a second).
   */
  private readonly safetyNumbers = new Map<string, string>();

  constructor(
    private readonly ctx: PartCtx<'pairing'>,
    hooks: BondLifeHooks,
  ) {
    this.bonds = new BondLife(ctx, hooks);
  }

  invite(ttlMs = DEFAULT_INVITE_TTL_MS): Promise<{ link: string; inviteId: string; expiresAt: number }> {
    return makeInvite(this.ctx, ttlMs);
  }

  previewInvite(link: string) {
    return previewInvite(this.ctx, link);
  }

  acceptInvite(link: string, choice: ShieldChoice = {}) {
    return acceptInvite(this.ctx, link, choice);
  }

  /** Responses to this person's invites that wait for their yes, as this device knows them now. */
  pendingRequests(): PendingRequest[] {
    return Object.values(this.ctx.state.invites).flatMap((i) =>
      i.status === 'responded' && i.request
        ? [{ inviteId: i.inviteId, name: i.request.name, sas: i.request.sas ?? '', safetyNumber: i.request.safetyNumber ?? '' }]
        : [],
    );
  }

  /** Invites this person answered, with where each stands and the safety number the inviter compares. */
  outgoingRequests(): { inviteId: string; name: string; status: RequestState['status']; safetyNumber: string; failure?: string }[] {
    return Object.values(this.ctx.state.requests).map((r) => ({
      inviteId: r.inviteId,
      name: r.inviter.name,
      status: r.status,
      safetyNumber: this.safetyNumberWith(r.inviter),
      ...(r.failure ? { failure: r.failure } : {}),
    }));
  }

  /** The safety number with one partner, worked out once per identity (it depends only on the two identities). */
  private safetyNumberWith(peer: { identityPub: string; userId: string }): string {
    const key = `${peer.userId}:${peer.identityPub}`;
    let known = this.safetyNumbers.get(key);
    if (known === undefined) {
      known = safetyNumberWith(this.ctx, peer);
      this.safetyNumbers.set(key, known);
    }
    return known;
  }

  /** The inviter's yes (after a sync), with what they share and what they said about the numbers. */
  async confirm(who: string, choice: ShieldChoice = {}, check?: NumbersCheck): Promise<BondSummary> {
    await this.sync();
    const inv = findRequest(this.ctx, who);
    if (!inv) throw new EntwineError('ENTWINE_ERR_REQUEST_NOT_FOUND', `"${who}"`);
    const bond = await confirmRequest(this.ctx, inv, choice, check);
    await this.bonds.applyEarlyActive(); // the invitee's yes may have been pushed before the reveal's answer
    return summary(bond, this.ctx.deps.clock.now());
  }

  /** Checks a bond's numbers; a bond the invitee does not know yet may first need the reveal (a sync). */
  async verifyBond(who: string, check: NumbersCheck): Promise<BondSummary> {
    await this.ctx.refresh();
    if (!findBond(this.ctx.state, who)) await this.sync();
    const bond = await this.bonds.verify(findBond(this.ctx.state, who), who, check);
    return summary(bond, this.ctx.deps.clock.now());
  }

  async decline(who: string): Promise<void> {
    await this.sync();
    const inv = findRequest(this.ctx, who) ?? this.ctx.state.invites[who];
    if (!inv) throw new EntwineError('ENTWINE_ERR_REQUEST_NOT_FOUND', `no invite or request matches "${who}"`);
    await declineRequest(this.ctx, inv);
  }

  /** Writes what this part marked (e.g. a missed count noted from a read answer). */
  saveMarked(): Promise<void> {
    return this.ctx.save();
  }

  /** Pairing progress and bond states from the relay. */
  async sync(): Promise<void> {
    await this.ctx.refresh();
    await syncPairings(this.ctx);
    await this.bonds.applyEarlyActive();
    const { bonds } = await this.ctx.api.bonds();
    for (const remote of bonds) {
      const bond = this.ctx.state.bonds[remote.bondId];
      if (!bond) continue;
      if (remote.state === 'active' && bond.status === 'pending') this.bonds.markActive(bond);
      if (remote.state === 'ended' && bond.status !== 'ended') await this.bonds.onEndReported(bond, remote.end);
      if (remote.missed !== undefined && bond.status === 'active') this.bonds.noteMissed(bond, remote.missed);
    }
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.role === 'invitee' && bond.status === 'pending' && bond.failure) await sendInviteeConfirm(this.ctx, bond);
    }
    await this.ctx.save();
  }

  /** Pairings this device refused because a check failed (e.g. the commitment did not match). */
  failedPairings(): { inviteId: string; name: string; reason: string }[] {
    return Object.values(this.ctx.state.requests).flatMap((r) =>
      r.status === 'failed' ? [{ inviteId: r.inviteId, name: r.inviter.name, reason: r.failure ?? 'unknown' }] : [],
    );
  }

  list(): BondSummary[] {
    const now = this.ctx.deps.clock.now();
    return Object.values(this.ctx.state.bonds).map((b) => summary(b, now));
  }
}
