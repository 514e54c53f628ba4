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
  fromBase64url,
  generateDeviceKeys,
  generateRecoveryPhrase,
  hpkeSuite,
  identityFromPhrase,
  type LocationMessage,
  type Message,
  ROUTES,
  type relayEventSchema,
  sealEnvelope,
  signBlob,
  signDeviceList,
  toBase64url,
  utf8Encode,
} from '@entwine/core';
import type { z } from 'zod';
import type { Ctx, DeviceDeps, DeviceEvent } from './context.ts';
import { ingestKeyDist, sendingEpoch } from './epochs.ts';
import { deviceOf, identityOf } from './keys.ts';
import { LiveConnection } from './live.ts';
import { Outbox } from './outbox.ts';
import {
  acceptInvite,
  confirmRequest,
  DEFAULT_INVITE_TTL_MS,
  declineRequest,
  findRequest,
  makeInvite,
  previewInvite,
  sendInviteeConfirm,
  syncPairings,
} from './pairing-flow.ts';
import { receiveEnvelope } from './receive.ts';
import { RelayApi, RelayError } from './relay-api.ts';
import { type BondState, type DeviceState, parseState, type RequestState, SHARE_NOTHING, type SharingChoice } from './state.ts';

export interface BondSummary {
  bondId: string;
  /** The invite the bond was made from (lets a UI follow one pairing from link to bond). */
  inviteId: string;
  name: string;
  status: BondState['status'];
  role: BondState['role'];
  sas: string;
  safetyNumber: string;
  sharing: SharingChoice;
  failure?: string;
  endedBy?: 'me' | 'peer';
}

export class Device {
  private readonly ctx: Ctx;
  private readonly outbox: Outbox;
  private live: LiveConnection | undefined;
  private readonly listeners = new Set<(e: DeviceEvent) => void>();
  private saving: Promise<void> = Promise.resolve();
  private sendLock: Promise<unknown> = Promise.resolve();

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
  }

  /** A new identity (or one restored from its phrase) with a new device, registered with the relay. */
  static async create(deps: DeviceDeps, args: { name: string; phrase?: string }): Promise<{ device: Device; phrase: string }> {
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
    };
    const device = new Device(deps, state);
    await device.persist();
    await device.ctx.api.putDevices(identity.userId, blob);
    return { device, phrase };
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

  /** The invitee's yes, with what they choose to share (default: nothing). */
  acceptInvite(link: string, sharing: SharingChoice = SHARE_NOTHING) {
    return acceptInvite(this.ctx, link, sharing);
  }

  /** Responses to this person's invites that wait for their yes (after asking the relay for news). */
  async requests(): Promise<{ inviteId: string; name: string }[]> {
    await this.sync();
    return this.pendingRequests();
  }

  /** The same list as `requests()`, as this device knows it now, without asking the relay (for a UI). */
  pendingRequests(): { inviteId: string; name: string }[] {
    return Object.values(this.ctx.state.invites).flatMap((i) =>
      i.status === 'responded' && i.request ? [{ inviteId: i.inviteId, name: i.request.name }] : [],
    );
  }

  /** Invites this person answered, with where each stands ('asked': waiting for the inviter's yes). */
  outgoingRequests(): { inviteId: string; name: string; status: RequestState['status']; failure?: string }[] {
    return Object.values(this.ctx.state.requests).map((r) => ({
      inviteId: r.inviteId,
      name: r.inviter.name,
      status: r.status,
      ...(r.failure ? { failure: r.failure } : {}),
    }));
  }

  /** The inviter's yes, with what they choose to share (default: nothing). */
  async confirm(who: string, sharing: SharingChoice = SHARE_NOTHING): Promise<BondSummary> {
    await this.sync();
    const inv = findRequest(this.ctx, who);
    if (!inv) throw new RelayError('ENTWINE_ERR_INVITE_STATE', 404, `No one called "${who}" is waiting for your yes.`);
    return summary(await confirmRequest(this.ctx, inv, sharing));
  }

  /** Changes what this person shares with one partner. Only this person's own devices can. */
  async setSharing(who: string, sharing: Partial<SharingChoice>): Promise<void> {
    const bond = this.findBond(who);
    if (!bond) throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    bond.sharing = { ...bond.sharing, ...sharing };
    await this.persist();
  }

  /** One tap: share nothing with anyone, at once. */
  async stopSharingWithEveryone(): Promise<void> {
    for (const bond of Object.values(this.ctx.state.bonds)) bond.sharing = { ...SHARE_NOTHING };
    await this.persist();
  }

  /** Whether anything is shared with anyone right now (the persistent indicator). */
  isSharing(): boolean {
    return Object.values(this.ctx.state.bonds).some((b) => b.status === 'active' && b.sharing.location);
  }

  /** What one partner currently sees of this person: the very plaintext last sent to them. */
  lastSentTo(who: string): { location?: LocationMessage } {
    return { ...(this.findBond(who)?.lastSent ?? {}) };
  }

  /** What this person currently sees of one partner (by name or bond id): the newest verified plaintext. */
  lastReceivedFrom(who: string): { location?: LocationMessage } {
    return { ...(this.findBond(who)?.lastReceived ?? {}) };
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
      if (remote.state === 'ended' && bond.status !== 'ended') this.markEnded(bond, 'peer');
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
    return Object.values(this.ctx.state.bonds).map(summary);
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

  /** Ending deletes every key of the bond, and what was received in it, at once; no new epoch is ever issued to it. */
  private markEnded(bond: BondState, by: 'me' | 'peer'): void {
    bond.status = 'ended';
    bond.endedBy = by;
    bond.sending = undefined;
    bond.receiving = {};
    bond.lastReceived = undefined; // what they shared is not kept past the bond
    this.outbox.dropBond(bond.bondId, 'ENTWINE_ERR_BOND_ENDED');
    this.ctx.emit({ type: 'bond-ended', bondId: bond.bondId, name: bond.peer.name, by });
  }

  async end(who: string): Promise<void> {
    const bond = this.findBond(who);
    if (!bond) throw new RelayError('ENTWINE_ERR_BOND_NOT_FOUND', 404, `You have no bond with "${who}".`);
    const doc: BondEnd = { v: 1, bondId: bond.bondId, userId: this.userId, deviceId: this.deviceId, at: this.deps.clock.now() };
    const signed = await signBlob(this.deps.ed, 'bond-end', doc, fromBase64url(this.ctx.state.device.signSeed));
    this.markEnded(bond, 'me'); // keys go first, even if the relay is unreachable right now
    await this.persist();
    await this.ctx.api.end(bond.bondId, signed);
  }

  /**
   * Seals one message for every active bond (or the named ones) and queues it. Resolves when the relay
   * has durably stored every envelope.
   */
  async send(message: Message, to?: string[]): Promise<{ bonds: number }> {
    // Only bonds this person shares that kind with; naming partners narrows it further, never widens it.
    const targets = Object.values(this.ctx.state.bonds).filter(
      (b) =>
        b.status === 'active' &&
        b.sharing[message.kind as keyof SharingChoice] === true &&
        (!to || to.some((w) => this.findBond(w)?.bondId === b.bondId)),
    );
    const plaintext = utf8Encode(JSON.stringify(message));
    const stored: Promise<void>[] = [];
    const run = this.sendLock.then(async () => {
      for (const bond of targets) {
        const epoch = await sendingEpoch(this.ctx, bond);
        const seq = BigInt(epoch.nextSeq);
        epoch.nextSeq = (seq + 1n).toString();
        const envelope = await sealEnvelope({
          ed: this.deps.ed,
          random: this.deps.random,
          header: { bondId: bond.bondId, senderDevice: this.deviceId, epochId: epoch.epochId, seq },
          epochKey: fromBase64url(epoch.key),
          signSeed: deviceOf(this.ctx.state).signSeed,
          plaintext,
        });
        stored.push(
          this.outbox.enqueue({ bondId: bond.bondId, epochId: epoch.epochId, seq: seq.toString(), envelope: toBase64url(envelope) }),
        );
        if (message.kind === 'location') bond.lastSent = { ...bond.lastSent, location: message };
      }
      await this.persist();
      this.outbox.flush();
    });
    this.sendLock = run.catch(() => undefined);
    await run;
    await Promise.all(stored);
    return { bonds: targets.length };
  }

  shareLocation(fix: Omit<LocationMessage, 'kind' | 'ts'> & { ts?: number }, to?: string[]) {
    return this.send({ kind: 'location', ts: fix.ts ?? this.deps.clock.now(), ...fix }, to);
  }

  /** Resolves when every envelope restored from an earlier run has been stored. */
  async drainOutbox(): Promise<void> {
    const pending = this.ctx.state.outbox.map((e) => this.outbox.whenStored(e));
    this.outbox.flush();
    await Promise.all(pending);
  }

  /** Goes live: sign in on a socket, catch up with each bond's backlog, then receive as it happens. */
  async connect(): Promise<void> {
    this.live ??= new LiveConnection(this.ctx, this.outbox, {
      catchUp: () => this.catchUp(),
      onDelivery: (bytes, cursor) => receiveEnvelope(this.ctx, bytes, cursor),
      onEvent: (e) => this.onRelayEvent(e as z.infer<typeof relayEventSchema>),
    });
    await this.live.open();
  }

  private async catchUp(): Promise<void> {
    await this.sync();
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active') continue;
      for (;;) {
        const page = await this.ctx.api.backlog(bond.bondId, BigInt(bond.cursor));
        for (const d of page) {
          const event = await receiveEnvelope(this.ctx, d.envelope, d.cursor, bond);
          if (event) this.ctx.emit(event);
          if (d.cursor > BigInt(bond.cursor)) bond.cursor = d.cursor.toString();
        }
        if (page.length === 0) break;
      }
    }
    await this.persist();
  }

  private async onRelayEvent(event: z.infer<typeof relayEventSchema>): Promise<void> {
    switch (event.type) {
      case 'bond-ended': {
        const bond = this.ctx.state.bonds[event.bondId];
        if (bond && bond.status !== 'ended') this.markEnded(bond, event.by === this.userId ? 'me' : 'peer');
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
    this.live?.close();
    this.live = undefined;
    this.outbox.stop();
  }

  /** Saves the state as it is now and waits for every write (for a clean exit). */
  async flushed(): Promise<void> {
    await this.persist();
  }
}

function summary(b: BondState): BondSummary {
  const s: BondSummary = {
    bondId: b.bondId,
    inviteId: b.inviteId,
    name: b.peer.name,
    status: b.status,
    role: b.role,
    sas: b.sas,
    safetyNumber: b.safetyNumber,
    sharing: { ...b.sharing },
  };
  if (b.failure) s.failure = b.failure;
  if (b.endedBy) s.endedBy = b.endedBy;
  return s;
}
