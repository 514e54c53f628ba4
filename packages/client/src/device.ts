/**
 * A person's device: the one object the CLI, the web app and the bridge drive. It owns the device's
 * state (persisted through the injected KeyStore after every change that matters), talks to the relay
 * through the injected Transport, and reports what happens as typed events.
 */
import {
  API,
  authMessage,
  type BondEnd,
  certifyDevice,
  coarseningKeyOf,
  ERRORS,
  FACETS,
  type Facet,
  fromBase64url,
  type GlanceKind,
  generateDeviceKeys,
  generateRecoveryPhrase,
  hpkeSuite,
  identityFromPhrase,
  levelAt,
  levelsAt,
  type MomentMessage,
  ROUTES,
  type relayEventSchema,
  type ShieldChoice,
  type ShieldLevel,
  type ShieldPolicy,
  signBlob,
  signDeviceList,
  toBase64url,
} from '@entwine/core';
import type { z } from 'zod';
import { type EndFault, forgetBond, verifyBondEnd } from './bond-end.ts';
import type { Ctx, DeviceDeps, DeviceEvent } from './context.ts';
import { type DroppedTally, droppedTallies } from './dropped.ts';
import { ingestKeyDist } from './epochs.ts';
import { type FacetHooks, sendGlance, sendMoment, sendThought, setFeeling } from './facet-send.ts';
import { Inbox } from './inbox.ts';
import { identityOf } from './keys.ts';
import { LiveConnection } from './live.ts';
import { Outbox } from './outbox.ts';
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
} from './pairing-flow.ts';
import { refreshPeerDevices } from './peer-devices.ts';
import { DEFAULT_TICK_MS, observeSourceFix } from './publish.ts';
import { Publisher } from './publisher.ts';
import { receiveEnvelope } from './receive.ts';
import { RelayApi, RelayError } from './relay-api.ts';
import {
  type BondState,
  type BondVerification,
  type DeviceState,
  type ExactFix,
  type GlanceEntry,
  type MomentEntry,
  parseState,
  type RequestState,
  type ThoughtEntry,
} from './state.ts';
import { emptyView as emptyViewOf, type PartnerView } from './view.ts';

export interface BondSummary {
  bondId: string;
  /** The invite the bond was made from (lets a UI follow one pairing from link to bond). */
  inviteId: string;
  name: string;
  status: BondState['status'];
  role: BondState['role'];
  sas: string;
  safetyNumber: string;
  /**
   * This person's check of the numbers: 'unchecked' (every facet held at nothing towards this partner until
   * they compare), 'match', or 'skipped' (shown as *not verified*).
   */
  verification: BondVerification;
  /** The shields as set (with any end time). */
  shield: ShieldPolicy;
  /** Each facet's level in force now. */
  levels: Record<Facet, ShieldLevel>;
  failure?: string;
  endedBy?: 'me' | 'peer';
  /** When the partner's device changed (same identity and safety number; this device re-keyed to it). */
  peerDevicesChangedAt?: number;
  endedAt?: number;
  /** The relay reported an end of this bond that did not verify: shown as the relay's fault, bond kept. */
  relayFault?: EndFault;
}

/** Someone answered this person's invite: who they say they are, and the numbers to compare before the yes. */
export interface PendingRequest {
  inviteId: string;
  /** Self-declared by the responder: anyone holding the link can answer under any name. */
  name: string;
  /** The SAS both screens show if no one is in between (the responder computes it once the yes arrives). */
  sas: string;
  /** Covers both identity keys; the responder saw theirs when they opened the link. */
  safetyNumber: string;
}

export class Device {
  private readonly ctx: Ctx;
  private readonly outbox: Outbox;
  private readonly inbox: Inbox;
  private live: LiveConnection | undefined;
  private readonly listeners = new Set<(e: DeviceEvent) => void>();
  private saving: Promise<void> = Promise.resolve();
  /**
   * Safety numbers already worked out, by the partner's userId and identity key: one costs 10 400 SHA-512
   * rounds, and a UI reads `outgoingRequests()` on every render and poll (several times a second).
   */
  private readonly safetyNumbers = new Map<string, string>();
  private readonly publisher: Publisher;

  private constructor(
    private readonly deps: DeviceDeps,
    state: DeviceState,
  ) {
    const api = new RelayApi(deps.transport, () => this.signIn());
    this.ctx = {
      deps,
      state,
      api,
      suite: hpkeSuite(),
      emit: (e) => {
        for (const l of this.listeners) l(e);
      },
      persist: () => this.persist(),
    };
    this.outbox = new Outbox(this.ctx);
    this.inbox = new Inbox(this.ctx, async (bond, messages) => {
      await this.publisher.seal([{ bond, messages }]);
    });
    this.publisher = new Publisher(this.ctx, this.outbox, deps.publishTickMs ?? DEFAULT_TICK_MS, (who) => this.findBond(who));
  }

  /** A new identity (or one restored from its phrase) with a new device, registered with the relay. */
  /**
   * A new device for a new identity, or for the identity a phrase restores. `existed`: whether the relay
   * knew that identity before (false: a phrase no one had registered made a new identity; undefined: an
   * older relay did not say).
   */
  static async create(
    deps: DeviceDeps,
    args: { name: string; phrase?: string },
  ): Promise<{ device: Device; phrase: string; existed: boolean | undefined }> {
    const phrase = args.phrase ?? generateRecoveryPhrase(deps.random);
    const identity = identityFromPhrase(deps.ed, phrase);
    const keys = generateDeviceKeys(deps.ed, deps.random);
    const now = deps.clock.now();
    const cert = await certifyDevice(deps.ed, identity, keys, now);
    // The version is the creation time in ms: a device restored from the phrase on a new machine
    // publishes a list newer than any it replaces without having to read the old one first.
    const version = now;
    const blob = await signDeviceList(deps.ed, identity, version, [cert]);
    const state: DeviceState = {
      v: 1,
      name: args.name,
      server: deps.transport.origin,
      identity: { seed: toBase64url(identity.seed), publicKey: toBase64url(identity.publicKey), userId: identity.userId },
      device: {
        deviceId: keys.deviceId,
        signSeed: toBase64url(keys.signSeed),
        signPub: toBase64url(keys.signPub),
        dhPriv: toBase64url(keys.dhPriv),
        dhPub: toBase64url(keys.dhPub),
      },
      deviceList: { blob, version },
      invites: {},
      requests: {},
      bonds: {},
      outbox: [],
      source: { coarseningKey: toBase64url(coarseningKeyOf(identity.seed)), grid: {} },
    };
    const device = new Device(deps, state);
    await device.persist();
    const { existed } = await device.ctx.api.putDevices(identity.userId, blob);
    return { device, phrase, existed };
  }

  static async open(deps: DeviceDeps): Promise<Device | undefined> {
    const serialized = await deps.keyStore.load();
    return serialized === undefined ? undefined : new Device(deps, parseState(serialized));
  }

  get name(): string {
    return this.ctx.state.name;
  }
  get userId(): string {
    return this.ctx.state.identity.userId;
  }
  get deviceId(): string {
    return this.ctx.state.device.deviceId;
  }
  get server(): string {
    return this.ctx.state.server;
  }
  get outboxSize(): number {
    return this.outbox.pending;
  }
  /** The public half of this identity, e.g. for a test that scans storage for secret bytes. */
  get identityPublicKey(): Uint8Array {
    return identityOf(this.ctx.state).publicKey;
  }

  on(listener: (e: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves are serialised so a slower earlier save can never overwrite a later state. */
  private persist(): Promise<void> {
    const serialized = JSON.stringify(this.ctx.state);
    this.saving = this.saving.then(() => this.deps.keyStore.save(serialized));
    return this.saving;
  }

  private async signIn(): Promise<string> {
    try {
      return await this.signInOnce();
    } catch (error) {
      if (error instanceof RelayError && error.code === 'ENTWINE_ERR_AUTH_DEVICE_REPLACED') await this.displace(error);
      throw error;
    }
  }

  /**
   * The relay refuses this device because its identity signed a newer device list without it (restored on
   * another device). Until several devices per person exist, that is the end of this device: it stops
   * publishing and reconnecting, shares with no one, and remembers why (it says so after a restart too).
   */
  private async displace(error: RelayError): Promise<void> {
    if (!this.ctx.state.displaced) {
      this.ctx.state.displaced = { at: this.deps.clock.now() };
      await this.persist();
      this.ctx.emit({ type: 'displaced', at: this.ctx.state.displaced.at });
    }
    this.publisher.stop();
    this.live?.fail(error);
  }

  /** When this identity moved to another device, if it did (see `displace`). */
  get displaced(): { at: number } | undefined {
    return this.ctx.state.displaced ? { ...this.ctx.state.displaced } : undefined;
  }

  private displacedError(): RelayError {
    const { status, message } = ERRORS.ENTWINE_ERR_AUTH_DEVICE_REPLACED;
    return new RelayError('ENTWINE_ERR_AUTH_DEVICE_REPLACED', status, message);
  }

  private async signInOnce(): Promise<string> {
    if (this.ctx.state.displaced) throw this.displacedError();
    const deviceId = this.ctx.state.device.deviceId;
    const api = this.ctx.api;
    const ch = await api.plain({ method: 'POST', path: ROUTES.challenge, json: { deviceId } }, API.challengeResponse);
    const nonce = fromBase64url(ch.nonce);
    const sig = await this.deps.ed.sign(authMessage(api.origin, deviceId, nonce, ch.exp), fromBase64url(this.ctx.state.device.signSeed));
    const session = await api.plain(
      { method: 'POST', path: ROUTES.session, json: { deviceId, nonce: ch.nonce, sig: toBase64url(sig) } },
      API.sessionResponse,
    );
    return session.token;
  }

  invite(ttlMs = DEFAULT_INVITE_TTL_MS): Promise<{ link: string; inviteId: string; expiresAt: number }> {
    return makeInvite(this.ctx, ttlMs);
  }

  previewInvite(link: string) {
    return previewInvite(this.ctx, link);
  }

  /** The invitee's yes, with what they choose to share, facet by facet (default: nothing). */
  acceptInvite(link: string, choice: ShieldChoice = {}) {
    return acceptInvite(this.ctx, link, choice);
  }

  /**
   * Responses to this person's invites that wait for their yes (after asking the relay for news), each with
   * the numbers to compare with the person before saying yes: the name is only what the responder claims.
   */
  async requests(): Promise<PendingRequest[]> {
    await this.sync();
    return this.pendingRequests();
  }

  /** The same list as `requests()`, as this device knows it now, without asking the relay (for a UI). */
  pendingRequests(): PendingRequest[] {
    return Object.values(this.ctx.state.invites).flatMap((i) =>
      i.status === 'responded' && i.request
        ? [{ inviteId: i.inviteId, name: i.request.name, sas: i.request.sas ?? '', safetyNumber: i.request.safetyNumber ?? '' }]
        : [],
    );
  }

  /**
   * Invites this person answered, with where each stands ('asked': waiting for the inviter's yes) and the
   * safety number the inviter compares before her yes.
   */
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

  /**
   * The inviter's yes, with what they choose to share, facet by facet (default: nothing), and what they
   * said about the numbers shown on the request. Without `check` the bond is made but held at nothing on
   * this device until `verifyBond`.
   */
  async confirm(who: string, choice: ShieldChoice = {}, check?: NumbersCheck): Promise<BondSummary> {
    await this.sync();
    const inv = findRequest(this.ctx, who);
    if (!inv) throw new RelayError('ENTWINE_ERR_INVITE_STATE', 404, `No one called "${who}" is waiting for your yes.`);
    return summary(await confirmRequest(this.ctx, inv, choice, check), this.deps.clock.now());
  }

  /**
   * This person compared the numbers with the partner ('match'), or goes on without comparing ('skip':
   * the bond shows as not verified). Either releases what they chose to share, from the next tick. A
   * skipped bond can be marked 'match' later; a match is never turned back into a skip.
   */
  async verifyBond(who: string, check: NumbersCheck): Promise<BondSummary> {
    // A bond already known here can be checked offline; the invitee's new bond may first need the reveal.
    let bond = this.findBond(who);
    if (!bond) {
      await this.sync();
      bond = this.findBond(who);
    }
    if (!bond || bond.status === 'ended' || bond.status === 'failed') {
      throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    }
    if (check === 'match') bond.verification = 'match';
    else if (bond.verification === 'unchecked') bond.verification = 'skipped';
    await this.persist();
    this.ctx.emit({ type: 'bond-verified', bondId: bond.bondId, name: bond.peer.name, verification: bond.verification });
    return summary(bond, this.deps.clock.now());
  }

  /**
   * Sets one facet's shield towards one partner, optionally for a time (then it reverts by itself). Only
   * this device's owner can: the policy lives here and nothing received can change it. A lowering drops
   * the unsent envelopes sealed at the old level at once; the partner gets the new level at the next tick,
   * as with a raise, so the relay cannot tell a lowering from no change (no new epoch, no extra send).
   */
  async setShield(who: string, facet: Facet, level: ShieldLevel, opts: { forMs?: number } = {}): Promise<void> {
    const bond = this.findBond(who);
    if (!bond || bond.status === 'ended' || bond.status === 'failed') {
      throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    }
    await this.publisher.setShields(bond, { [facet]: level }, opts);
  }

  /** Several facets at once for one partner (e.g. everything off): applied and saved together, then sent. */
  async setShields(who: string, changes: Partial<Record<Facet, ShieldLevel>>, opts: { forMs?: number } = {}): Promise<void> {
    const bond = this.findBond(who);
    if (!bond || bond.status === 'ended' || bond.status === 'failed') {
      throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    }
    await this.publisher.setShields(bond, changes, opts);
  }

  /** One tap: every facet hidden from everyone, at once (partners see "hidden" from the next tick). */
  stopSharingWithEveryone(): Promise<void> {
    return this.publisher.hideEverything();
  }

  /** Each bond's shields with the levels in force now (reverting any that ran out). */
  shields(): { bondId: string; name: string; status: BondState['status']; shield: ShieldPolicy; levels: Record<Facet, ShieldLevel> }[] {
    const now = this.deps.clock.now();
    return Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active' || b.status === 'pending')
      .map((b) => ({ bondId: b.bondId, name: b.peer.name, status: b.status, shield: b.shield, levels: levelsAt(b.shield, now) }));
  }

  /** Whether anything is shared with anyone right now (the persistent indicator): any facet not hidden. */
  isSharing(): boolean {
    return this.sharingWith().length > 0;
  }

  /** The partners who get anything of this person now (no one, once this identity moved to another device). */
  sharingWith(): string[] {
    if (this.ctx.state.displaced) return [];
    const now = this.deps.clock.now();
    return Object.values(this.ctx.state.bonds)
      .filter((b) => b.status === 'active' && b.verification !== 'unchecked' && FACETS.some((f) => levelAt(b.shield, f, now) !== 'hidden'))
      .map((b) => b.peer.name);
  }

  /** What one partner currently sees of this person, folded from the very plaintexts sent to them. */
  seenBy(who: string): PartnerView {
    return cloneJson(this.findBond(who)?.sentView ?? emptyViewOf());
  }

  /** What this person currently sees of one partner (by name or bond id), from verified plaintexts. */
  viewOf(who: string): PartnerView {
    return cloneJson(this.findBond(who)?.receivedView ?? emptyViewOf());
  }

  async decline(who: string): Promise<void> {
    await this.sync();
    const inv = findRequest(this.ctx, who) ?? this.ctx.state.invites[who];
    if (!inv) throw new RelayError('ENTWINE_ERR_INVITE_STATE', 404, `No invite or request matches "${who}".`);
    await declineRequest(this.ctx, inv);
  }

  /** Pairing progress and bond states from the relay. */
  async sync(): Promise<void> {
    await syncPairings(this.ctx);
    const { bonds } = await this.ctx.api.bonds();
    for (const remote of bonds) {
      const bond = this.ctx.state.bonds[remote.bondId];
      if (!bond) continue;
      if (remote.state === 'active' && bond.status === 'pending') this.markActive(bond);
      if (remote.state === 'ended' && bond.status !== 'ended') await this.onEndReported(bond, remote.end);
    }
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.role === 'invitee' && bond.status === 'pending' && bond.failure) await sendInviteeConfirm(this.ctx, bond);
    }
    await this.persist();
  }

  /** Pairings this device refused because a check failed (e.g. the commitment did not match). */
  failedPairings(): { inviteId: string; name: string; reason: string }[] {
    return Object.values(this.ctx.state.requests).flatMap((r) =>
      r.status === 'failed' ? [{ inviteId: r.inviteId, name: r.inviter.name, reason: r.failure ?? 'unknown' }] : [],
    );
  }

  bonds(): BondSummary[] {
    const now = this.deps.clock.now();
    return Object.values(this.ctx.state.bonds).map((b) => summary(b, now));
  }

  /**
   * Envelopes the relay handed over that were not shown, per bond and reason: rejected ones (`forged`
   * events) and ones set aside before any check (`dropped` events, own echoes). Kept in the saved state.
   */
  dropped(): DroppedTally[] {
    return droppedTallies(this.ctx.state);
  }

  private findBond(who: string): BondState | undefined {
    const all = Object.values(this.ctx.state.bonds);
    return (
      this.ctx.state.bonds[who] ??
      all.find((b) => b.status === 'active' && b.peer.name.toLowerCase() === who.toLowerCase()) ??
      all.find((b) => b.peer.name.toLowerCase() === who.toLowerCase())
    );
  }

  private markActive(bond: BondState): void {
    bond.status = 'active';
    delete bond.failure;
    this.ctx.emit({ type: 'bond-active', bondId: bond.bondId, name: bond.peer.name });
  }

  /**
   * Ending deletes every key of the bond and everything received or sent in it at once (thoughts, glances,
   * photos, feelings, positions, marks), leaving a tombstone with the name and the time (bond-end.ts); no
   * new epoch is ever issued to it.
   */
  private markEnded(bond: BondState, by: 'me' | 'peer', at: number): void {
    this.outbox.dropBond(bond.bondId, 'ENTWINE_ERR_BOND_ENDED');
    forgetBond(this.ctx.state, bond, by, at);
    this.ctx.emit({ type: 'bond-ended', bondId: bond.bondId, name: bond.peer.name, by });
  }

  /** The relay says a bond ended: it ends here only if the signed end verifies; otherwise it is the relay's fault. */
  private async onEndReported(bond: BondState, end: Parameters<typeof verifyBondEnd>[2]): Promise<void> {
    const verdict = await verifyBondEnd(this.ctx, bond, end);
    if (verdict.ok) {
      this.markEnded(bond, verdict.by, verdict.at);
      return;
    }
    // Each bad claim is reported once (a relay repeating it on every sync is still shown on the bond).
    if (bond.relayFault?.reason === verdict.reason && bond.relayFault.sig === end?.sig) return;
    bond.relayFault = { reason: verdict.reason, at: this.deps.clock.now(), ...(end ? { sig: end.sig } : {}) };
    this.ctx.emit({ type: 'relay-fault', bondId: bond.bondId, name: bond.peer.name, reason: verdict.reason });
  }

  async end(who: string): Promise<void> {
    const bond = this.findBond(who);
    if (!bond) throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    const doc: BondEnd = { v: 1, bondId: bond.bondId, userId: this.userId, deviceId: this.deviceId, at: this.deps.clock.now() };
    const signed = await signBlob(this.deps.ed, 'bond-end', doc, fromBase64url(this.ctx.state.device.signSeed));
    this.markEnded(bond, 'me', doc.at); // keys and content go first, even if the relay is unreachable right now
    // The tombstone is saved while the relay is told (not before), so the partner's page shows the end sooner; an
    // end the relay stored before this save ended comes back on the next sync, signed by this device. Both settle
    // before this returns (a relay that refuses at once never cuts the save short).
    const [saved, told] = await Promise.allSettled([this.persist(), this.ctx.api.end(bond.bondId, signed)]);
    if (saved.status === 'rejected') throw saved.reason;
    if (told.status === 'rejected') throw told.reason;
  }

  /** A new exact fix from this device's location source. Nothing is sent until the next tick. */
  async recordFix(fix: Omit<ExactFix, 'ts'> & { ts?: number }): Promise<void> {
    const exact: ExactFix = { ...fix, ts: Math.round(fix.ts ?? this.deps.clock.now()) };
    this.ctx.state.source = observeSourceFix(this.ctx.state.source, exact);
    await this.persist();
  }

  /** The device's battery (0…1) for presence; partners get only its quarter. */
  async setBattery(battery: { level: number; charging?: boolean } | undefined): Promise<void> {
    if (battery && !(battery.level >= 0 && battery.level <= 1)) throw new RangeError(`battery: expected 0…1, got ${battery.level}`);
    if (battery) this.ctx.state.source.battery = battery;
    else delete this.ctx.state.source.battery;
    await this.persist();
  }

  private get facetHooks(): FacetHooks {
    return {
      ctx: this.ctx,
      findBond: (who) => this.findBond(who),
      seal: async (bond, messages, onStored) => {
        await this.publisher.seal([{ bond, messages }], onStored, 'throw');
      },
      persist: () => this.persist(),
    };
  }

  /** This person's feeling (or none); partners who get feelings see it from the next tick, with its age. */
  setFeeling(feeling: Parameters<typeof setFeeling>[1]): Promise<void> {
    return setFeeling(this.facetHooks, feeling);
  }

  /** The feeling this person set, if any. */
  myFeeling(): DeviceState['source']['feeling'] {
    return this.ctx.state.source.feeling ? { ...this.ctx.state.source.feeling } : undefined;
  }

  /** A one-tap signal, sent at once. Resolves when the relay stored it. */
  glance(who: string, kind: GlanceKind): Promise<void> {
    return sendGlance(this.facetHooks, who, kind);
  }

  /** A thought to one partner; resolves when the relay stored it (the partner gets it even if offline now). */
  say(who: string, text: string): Promise<ThoughtEntry> {
    return sendThought(this.facetHooks, who, text, this.ctx.emit);
  }

  /** Tells the partner their thoughts were shown (a `read` receipt), if this person shares thoughts with them. */
  async markRead(who: string): Promise<void> {
    const bond = this.findBond(who);
    if (!bond) return;
    const unread = (bond.thoughts ?? []).filter((t) => t.from === 'peer' && t.mark !== 'read');
    if (unread.length === 0) return;
    for (const t of unread) t.mark = 'read';
    this.inbox.sendReceipts(
      bond,
      'read',
      unread.map((t) => t.id),
    );
    await this.persist();
  }

  /** A photo, metadata stripped before it is sealed, pinned at the bond's moments level. */
  shareMoment(who: string, photo: Parameters<typeof sendMoment>[2]): Promise<MomentMessage> {
    return sendMoment(this.facetHooks, who, photo);
  }

  /** Thoughts with one partner, oldest first, with their marks. */
  thoughtsWith(who: string): ThoughtEntry[] {
    return cloneJson(this.findBond(who)?.thoughts ?? []);
  }

  /** Glances both ways with one partner, newest first. */
  glancesWith(who: string): GlanceEntry[] {
    return cloneJson(this.findBond(who)?.glances ?? []);
  }

  /** Photos both ways with one partner, newest first (the bytes as base64url). */
  momentsWith(who: string): MomentEntry[] {
    return cloneJson(this.findBond(who)?.moments ?? []);
  }

  /** Publishes on the fixed tick until stopped (what a running app does). */
  startPublishing(): void {
    if (this.ctx.state.displaced) return;
    this.publisher.start();
  }

  stopPublishing(): void {
    this.publisher.stop();
  }

  /** Milliseconds until the next tick boundary (a one-shot command waits this long before it publishes). */
  untilNextTick(): number {
    return this.publisher.untilNextTick();
  }

  /** Resolves when the tick in progress (if any) has been sealed and stored. */
  settled(): Promise<unknown> {
    return this.publisher.settled();
  }

  get tickMs(): number {
    return this.publisher.tickMs;
  }

  /**
   * One publish tick: every active bond (or the named ones) gets one location, one presence and one feeling
   * envelope at its levels in force now. Resolves when the relay has durably stored every envelope.
   */
  publishTick(opts: { to?: string[]; bondIds?: string[] } = {}): Promise<{ bonds: number }> {
    return this.publisher.publishTick(opts);
  }

  /** Resolves when every envelope restored from an earlier run has been stored. */
  async drainOutbox(): Promise<void> {
    await this.publisher.settleNow();
    await this.inbox.repliesQueued();
    const pending = this.ctx.state.outbox.map((e) => this.outbox.whenStored(e));
    this.outbox.flush();
    await Promise.all(pending);
  }

  /** Goes live: sign in on a socket, catch up with each bond's backlog, then receive as it happens. */
  async connect(): Promise<void> {
    if (this.ctx.state.displaced) throw this.displacedError();
    await this.publisher.settleNow(); // a timed shield that ended while closed applies before the outbox is sent
    this.live ??= new LiveConnection(this.ctx, this.outbox, {
      catchUp: () => this.catchUp(),
      onDelivery: (bytes, cursor) => this.deliver(bytes, cursor),
      onEvent: (e) => this.onRelayEvent(e as z.infer<typeof relayEventSchema>),
    });
    await this.live.open();
  }

  /** One delivered envelope → what to show: verified messages go through the inbox, failures as they are. */
  private async deliver(bytes: Uint8Array, cursor: bigint, bond?: BondState): Promise<DeviceEvent[]> {
    const result = await receiveEnvelope(this.ctx, bytes, cursor, bond);
    if (!result) return [];
    return result.type === 'verified' ? this.inbox.accept(result) : [result];
  }

  /** Reads every bond's backlog once, without a live socket (a one-shot reader, or a test). */
  pull(): Promise<void> {
    return this.catchUp();
  }

  private async catchUp(): Promise<void> {
    await this.sync();
    await this.refreshPartnersDevices();
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active') continue;
      for (;;) {
        const page = await this.ctx.api.backlog(bond.bondId, BigInt(bond.cursor));
        for (const d of page) {
          for (const event of await this.deliver(d.envelope, d.cursor, bond)) this.ctx.emit(event);
          if (d.cursor > BigInt(bond.cursor)) bond.cursor = d.cursor.toString();
        }
        if (page.length === 0) break;
      }
    }
    await this.persist();
  }

  /**
   * A partner may have restored their identity elsewhere while this device was offline (the relay's
   * `devices-changed` reaches only open sockets): on every (re)connect, each partner's list is checked once.
   */
  private async refreshPartnersDevices(): Promise<void> {
    const partners = new Set(
      Object.values(this.ctx.state.bonds)
        .filter((b) => b.status === 'active')
        .map((b) => b.peer.userId),
    );
    for (const userId of partners) await this.peerDevicesChanged(userId);
  }

  private async peerDevicesChanged(userId: string): Promise<void> {
    for (const bond of await refreshPeerDevices(this.ctx, userId)) {
      this.ctx.emit({ type: 'peer-devices-changed', bondId: bond.bondId, name: bond.peer.name });
    }
  }

  private async onRelayEvent(event: z.infer<typeof relayEventSchema>): Promise<void> {
    switch (event.type) {
      case 'bond-ended': {
        const bond = this.ctx.state.bonds[event.bondId];
        if (bond && bond.status !== 'ended') await this.onEndReported(bond, event.end);
        break;
      }
      case 'bond-active': {
        const bond = this.ctx.state.bonds[event.bondId];
        if (bond && bond.status === 'pending') this.markActive(bond);
        break;
      }
      case 'key-dist': {
        const bond = this.ctx.state.bonds[event.bondId];
        if (bond && bond.status === 'active') await ingestKeyDist(this.ctx, bond, event.keyDist);
        break;
      }
      case 'devices-changed':
        await this.peerDevicesChanged(event.userId);
        break;
      case 'invite-response':
      case 'invite-reveal':
      case 'invite-declined':
        await this.sync();
        return;
      default:
        return;
    }
    await this.persist();
  }

  close(): void {
    this.stopPublishing();
    this.live?.close();
    this.live = undefined;
    this.outbox.stop();
  }

  /** Saves the state as it is now and waits for every write (for a clean exit). */
  async flushed(): Promise<void> {
    await this.persist();
  }
}

function summary(b: BondState, now: number): BondSummary {
  const s: BondSummary = {
    bondId: b.bondId,
    inviteId: b.inviteId,
    name: b.peer.name,
    status: b.status,
    role: b.role,
    sas: b.sas,
    safetyNumber: b.safetyNumber,
    verification: b.verification,
    shield: cloneJson(b.shield),
    levels: levelsAt(b.shield, now),
  };
  if (b.failure) s.failure = b.failure;
  if (b.endedBy) s.endedBy = b.endedBy;
  if (b.peerDevicesChangedAt !== undefined) s.peerDevicesChangedAt = b.peerDevicesChangedAt;
  if (b.endedAt !== undefined) s.endedAt = b.endedAt;
  if (b.relayFault) s.relayFault = b.relayFault.reason;
  return s;
}

/** A deep copy of plain state, so a caller can never edit the device's own. */
function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
