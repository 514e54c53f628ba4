/**
 * A person's device: the one object the CLI, the web app and the bridge drive. A thin façade over its parts
 * (parts/, decision 0012) — identity, pairing, shields, publisher, receiver, streams — each writing only its
 * own records in the injected DeviceStore. It talks to the relay through the injected Transport and reports
 * what happens as typed events. What each method does is documented on the part that does it.
 */
import {
  EntwineError,
  type Facet,
  type FixParser,
  type GlanceKind,
  hpkeSuite,
  type Place,
  type RetentionDays,
  type ShieldChoice,
  type ShieldLevel,
  utcDayOf,
} from '@entwine/core';
import type { Ctx, DeviceDeps, DeviceEvent } from './context.ts';
import { type DroppedTally, droppedTallies } from './dropped.ts';
import type { NumbersCheck } from './pairing-flow.ts';
import { AppDropPart, type AppDropSetup } from './parts/app-drop.ts';
import { cloneJson, findBond } from './parts/find-bond.ts';
import { newIdentityState } from './parts/identity.ts';
import { storeCtx } from './parts/owners.ts';
import { checkFixes, type FeelingInput } from './parts/source.ts';
import type { StreamsPart } from './parts/streams.ts';
import type { BondSummary, PendingRequest } from './parts/summaries.ts';
import type { ImportResult, SealOptions, SealReport } from './parts/trail.ts';
import type { TrailEntry } from './parts/trail-reader.ts';
import { type Parts, wireParts } from './parts/wiring.ts';
import { DEFAULT_TICK_MS } from './publish.ts';
import { RelayApi } from './relay-api.ts';
import type { ExactFix } from './state.ts';
import { DeviceRecords } from './store/device-records.ts';
import { allOps } from './store/records.ts';
import type { Collected } from './trackers/drop-collect.ts';
import { recordTrackerItems } from './trackers/tracker-intake.ts';
import { emptyView, type PartnerView } from './view.ts';

export type { BondSummary, PendingRequest };

type Who = string;
type Levels = Partial<Record<Facet, ShieldLevel>>;

export class Device {
  private readonly listeners = new Set<(e: DeviceEvent) => void>();
  private readonly ctx: Ctx;
  private readonly p: Parts;
  /** OwnTracks posting to a drop on the relay for this device to collect (decision 0019); a device's, not a bond's. */
  private readonly appDrop: AppDropPart;

  private constructor(deps: DeviceDeps, records: DeviceRecords) {
    this.ctx = {
      deps,
      state: records.state,
      api: new RelayApi(deps.transport, () => this.p.identity.signIn()),
      suite: hpkeSuite(),
      emit: (e) => {
        for (const l of this.listeners) l(e);
      },
      save: (...changed) => records.save(...changed),
      mark: (...changed) => records.mark(...changed),
      reserveSeqs: (bond, count) => records.reserveSeqs(bond, count),
      // What another process on this home saved; a timed shield set there gets its expiry scheduled here too.
      refresh: async () => {
        if ((await records.refresh())?.kinds.has('shield')) this.p.shields.scheduleExpiry();
      },
    };
    this.p = wireParts(this.ctx, deps.publishTickMs ?? DEFAULT_TICK_MS, deps.trailSealPeriodMs);
    this.appDrop = new AppDropPart(storeCtx(this.ctx), {
      api: this.ctx.api,
      server: () => this.server,
      record: (items) => recordTrackerItems(this, items),
    });
  }

  /**
   * A new identity (or one restored from its phrase) with a new device, registered with the relay. `known`:
   * the relay knew this identity already (a restore); false for a phrase no one had used; undefined from a
   * relay that does not say.
   */
  static async create(deps: DeviceDeps, args: { name: string; phrase?: string }) {
    const { state, phrase } = await newIdentityState(deps, args);
    const device = new Device(deps, await DeviceRecords.create(deps.store, state, allOps(state)));
    return { device, phrase, known: await device.p.identity.register() };
  }

  /** The device kept in `deps.store`, or undefined when the store holds none (see `importDocument` for older homes). */
  static async open(deps: DeviceDeps): Promise<Device | undefined> {
    const records = await DeviceRecords.load(deps.store);
    return records && new Device(deps, records);
  }

  on(listener: (e: DeviceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // identity (parts/identity.ts)
  get name(): string {
    return this.p.identity.name;
  }
  get userId(): string {
    return this.p.identity.userId;
  }
  get deviceId(): string {
    return this.p.identity.deviceId;
  }
  get server(): string {
    return this.p.identity.server;
  }
  get identityPublicKey(): Uint8Array {
    return this.p.identity.publicKey;
  }
  get displaced(): { at: number } | undefined {
    return this.p.identity.displaced;
  }

  // pairing (parts/pairing.ts, parts/bond-life.ts)
  readonly invite = (ttlMs?: number) => this.p.pairing.invite(ttlMs);
  readonly previewInvite = (link: string) => this.p.pairing.previewInvite(link);
  readonly acceptInvite = (link: string, choice: ShieldChoice = {}) => this.p.pairing.acceptInvite(link, choice);
  /** Responses waiting for this person's yes, after asking the relay for news (`pendingRequests`: without asking). */
  readonly requests = async (): Promise<PendingRequest[]> => {
    await this.sync();
    return this.pendingRequests();
  };
  readonly pendingRequests = (): PendingRequest[] => this.p.pairing.pendingRequests();
  readonly outgoingRequests = () => this.p.pairing.outgoingRequests();
  /** The inviter's yes; without `check` the bond is made but held at nothing here until `verifyBond`. */
  readonly confirm = (who: Who, choice: ShieldChoice = {}, check?: NumbersCheck) => this.p.pairing.confirm(who, choice, check);
  /** 'match': the numbers were compared; 'skip': go on, shown as not verified. Either releases the shares. */
  readonly verifyBond = (who: Who, check: NumbersCheck): Promise<BondSummary> => this.p.pairing.verifyBond(who, check);
  readonly decline = (who: Who): Promise<void> => this.p.pairing.decline(who);
  readonly sync = (): Promise<void> => this.p.pairing.sync();
  readonly failedPairings = () => this.p.pairing.failedPairings();
  readonly bonds = (): BondSummary[] => this.p.pairing.list();
  readonly end = async (who: Who): Promise<void> => {
    await this.ctx.refresh();
    return this.p.pairing.bonds.end(this.find(who), who);
  };
  readonly dropped = (): DroppedTally[] => droppedTallies(this.ctx.state);

  // shields (parts/shields.ts)
  /** One facet towards one partner, optionally for a time (it reverts by itself); partners see it next tick. */
  readonly setShield = (who: Who, facet: Facet, level: ShieldLevel, opts: { forMs?: number } = {}) =>
    this.setShields(who, { [facet]: level }, opts);
  readonly setShields = async (who: Who, levels: Levels, opts: { forMs?: number } = {}): Promise<void> => {
    await this.ctx.refresh();
    return this.p.shields.set(this.find(who), who, levels, opts);
  };
  readonly stopSharingWithEveryone = async (): Promise<void> => {
    await this.ctx.refresh(); // a bond another process just made is hidden too
    return this.p.shields.hideEverything();
  };
  readonly shields = () => this.p.shields.list();
  readonly isSharing = (): boolean => this.sharingWith().length > 0;
  readonly sharingWith = (): string[] => this.p.shields.sharingWith();

  // publisher (parts/publisher.ts, parts/source.ts)
  /** A new exact fix from this device's location source. Nothing is sent until the next tick. */
  readonly recordFix = async (fix: Omit<ExactFix, 'ts'> & { ts?: number }): Promise<void> => {
    const kept = await this.p.publisher.recordFix(fix);
    await this.p.trail.append([kept]); // into its day's history (the vault, and the bonds' trails)
    await this.p.places.observe(kept); // arrive and leave at this person's places (sent in the background)
    // A day whose last seal is older than the period (or that ended) is sealed now, in the background: a
    // failure (offline) leaves it unsealed for the next fix or `sealTrail`.
    this.p.trail.sealSoon().catch(() => undefined);
  };
  /**
   * Fixes from a tracker app (the bridge), each with the app's time, in any order: kept in the vault, where a
   * fix it already holds (same time and position: an app's resend) is dropped; those newer than the live
   * position move it on and are watched for arrivals at this person's places. Resolves once the vault's write
   * is durable: only then may the app be told its payload was received.
   */
  readonly recordFixes = async (fixes: readonly ExactFix[]): Promise<{ added: number; duplicates: number }> => {
    if (fixes.length === 0) return { added: 0, duplicates: 0 };
    checkFixes(fixes); // before anything is written
    const kept = await this.p.trail.append(fixes, { skipKept: true, keptCache: this.keptRecently(fixes) });
    const fresh = await this.p.publisher.recordFixes(fixes);
    await this.p.places.observeMany(fresh);
    this.p.trail.sealSoon().catch(() => undefined); // as recordFix: a day due is sealed in the background
    return kept;
  };
  /** The ids the vault holds per day, for the days a bridge writes to now (a day's list is read once, not per batch). */
  private readonly keptByDay = new Map<number, Set<string>>();
  private keptRecently(fixes: readonly ExactFix[]): Map<number, Set<string>> {
    // Only the last few days a bridge wrote to are remembered: the cache never grows with the history.
    const newest = Math.max(...fixes.map((f) => utcDayOf(f.ts)));
    for (const day of this.keptByDay.keys()) if (day < newest - 2) this.keptByDay.delete(day);
    return this.keptByDay;
  }
  readonly setBattery = (battery: { level: number; charging?: boolean } | undefined) => this.p.publisher.setBattery(battery);
  readonly setFeeling = async (feeling: FeelingInput | undefined): Promise<void> => {
    await this.ctx.refresh();
    return this.p.publisher.setFeeling(feeling);
  };
  /** This device's live position: the newest fix it recorded (what the next tick coarsens per partner). */
  readonly myFix = (): ExactFix | undefined => (this.ctx.state.source.fix ? { ...this.ctx.state.source.fix } : undefined);
  readonly myFeeling = () => (this.ctx.state.source.feeling ? { ...this.ctx.state.source.feeling } : undefined);
  readonly seenBy = (who: Who): PartnerView => cloneJson(this.find(who)?.sentView ?? emptyView());
  get outboxSize(): number {
    return this.p.publisher.outbox.pending;
  }
  get tickMs(): number {
    return this.p.publisher.tickMs;
  }
  readonly startPublishing = (): void => this.p.publisher.start();
  readonly stopPublishing = (): void => this.p.publisher.stop();
  readonly untilNextTick = (): number => this.p.publisher.untilNextTick();
  /** Resolves when the tick in progress (or a timed shield's end) is stored, and a background trail seal is done. */
  readonly settled = (): Promise<unknown> => Promise.all([this.p.publisher.settled(), this.p.trail.idle(), this.p.places.idle()]);
  /** One tick to every active bond (or the named ones); resolves when the relay stored every envelope. */
  readonly publishTick = (opts: { to?: string[]; bondIds?: string[] } = {}) => this.p.publisher.publishTick(opts);
  readonly drainOutbox = (): Promise<void> => this.p.publisher.drainOutbox(this.p.streams.repliesQueued());

  // trail (parts/trail.ts)
  /** Seals the days with new fixes now (`now: true`) or those due; see SealOptions. */
  readonly sealTrail = (opts: SealOptions = { now: true }): Promise<SealReport> => this.p.trail.seal(opts);
  /**
   * A partner's trail (their name) or this person's own (undefined), UTC days `fromDay`…`toDay` (days since
   * 1970-01-01), one chunk at a time: `{day, trail}` or `{day, damaged}` (never drawn). Fetches those days only.
   */
  readonly trailOf = (who: Who | undefined, fromDay: number, toDay: number): AsyncGenerator<TrailEntry> => {
    const bond = who === undefined ? undefined : this.find(who);
    if (who !== undefined && bond?.status !== 'active') {
      throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    }
    return this.p.trail.read(bond, fromDay, toDay);
  };
  /**
   * Imports a file's fixes into the vault from its text, streamed piece by piece through `parser` (a format's,
   * core `importFormatFor`); `share`: also seal the imported days for that partner at their trail level.
   */
  readonly importFixes = async (text: AsyncIterable<string>, parser: FixParser, opts: { share?: Who } = {}): Promise<ImportResult> => {
    await this.ctx.refresh();
    const bond = opts.share === undefined ? undefined : this.find(opts.share);
    if (opts.share !== undefined && bond?.status !== 'active') {
      throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${opts.share}"`);
    }
    return this.p.trail.importFixes(text, parser, bond);
  };
  readonly unsealedDays = (): Promise<number[]> => this.p.trail.unsealedDays();
  readonly retentionWith = async (who: Who): Promise<RetentionDays> => {
    const bond = this.find(who);
    if (!bond) throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    return this.p.trail.retentionOf(bond.bondId);
  };
  /** How long the relay keeps the trail this person shares with `who` (days, or null: forever); lowering deletes at once. */
  readonly setRetention = async (who: Who, days: RetentionDays): Promise<void> => {
    await this.ctx.refresh();
    return this.p.trail.setRetention(this.find(who), who, days);
  };

  // places (parts/places.ts)
  readonly places = (): Promise<Place[]> => this.p.places.list();
  readonly addPlace = (place: Omit<Place, 'id'>): Promise<Place> => this.p.places.add(place);
  /** Forgets a place (name or id), and every partner's leave to hear of it, at once. */
  readonly removePlace = (which: string): Promise<Place> => this.p.places.remove(which);
  /** The places `who` may hear of arriving at and leaving (none unless shared). */
  readonly placesSharedWith = async (who: Who): Promise<Place[]> => this.p.places.sharedWith((await this.activeBond(who)).bondId);
  /** Lets `who` hear of these places (names or ids) while their `places` shield is exact. */
  readonly sharePlaces = async (who: Who, which: string[]): Promise<Place[]> =>
    this.p.places.share((await this.activeBond(who)).bondId, which);
  readonly unsharePlaces = async (who: Who, which: string[]): Promise<Place[]> =>
    this.p.places.unshare((await this.activeBond(who)).bondId, which);

  // streams (parts/streams.ts)
  readonly glance = (who: Who, kind: GlanceKind): Promise<void> => this.p.streams.glance(who, kind);
  /** A thought to one partner; resolves when the relay stored it (the partner gets it even if offline now). */
  readonly say = (who: Who, text: string) => this.p.streams.say(who, text);
  readonly markRead = (who: Who): Promise<void> => this.p.streams.markRead(who);
  readonly shareMoment = (who: Who, photo: Parameters<StreamsPart['shareMoment']>[1]) => this.p.streams.shareMoment(who, photo);
  readonly thoughtsWith = (who: Who) => this.p.streams.thoughtsWith(who);
  readonly glancesWith = (who: Who) => this.p.streams.glancesWith(who);
  readonly momentsWith = (who: Who) => this.p.streams.momentsWith(who);

  // app drops on the relay (decision 0019): where an app that seals its own payloads posts for this device to collect
  readonly putDrop = (dropId: string, tokenHash: string) => this.ctx.api.putDrop(dropId, tokenHash);
  readonly dropPosts = (dropId: string, after: number, limit: number) => this.ctx.api.dropPosts(dropId, after, limit);
  readonly ackDropPosts = (dropId: string, upTo: number) => this.ctx.api.ackDropPosts(dropId, upTo);
  /** OwnTracks' drop as set up on this device (parts/app-drop.ts), if it is. */
  readonly owntracksDrop = (): Promise<AppDropSetup | undefined> => this.appDrop.get();
  /** Sets OwnTracks up to post sealed to this device's drop on the relay; `renew`: a new token and passphrase. */
  readonly setUpOwntracksDrop = (opts: { renew?: boolean } = {}): Promise<AppDropSetup> => this.appDrop.setUp(opts);
  /** Records what OwnTracks posted to the drop since, then lets the relay delete it. */
  readonly collectOwntracksDrop = (): Promise<Collected> => this.appDrop.collect();

  // receiver (parts/receiver.ts)
  /** Goes live: sign in on a socket, catch up with each bond's backlog, then receive as it happens. */
  readonly connect = (): Promise<void> => this.p.receiver.connect();
  /** Reads every bond's backlog once, without a live socket (a one-shot reader, or a test). */
  readonly pull = (): Promise<void> => this.p.receiver.pull();
  readonly viewOf = (who: Who): PartnerView => cloneJson(this.find(who)?.receivedView ?? emptyView());

  close(): void {
    this.p.publisher.stop();
    this.p.receiver.close();
    this.p.publisher.outbox.stop();
  }

  /** Waits for the read reports in flight, then writes whatever is marked and waits for every write (for a clean exit). */
  async flushed(): Promise<void> {
    await this.p.receiver.readsSettled();
    await this.p.trail.idle();
    await this.p.places.idle();
    return this.ctx.save();
  }

  private find(who: Who) {
    return findBond(this.ctx.state, who);
  }

  private async activeBond(who: Who) {
    await this.ctx.refresh(); // a bond another process on this home just made
    const bond = this.find(who);
    if (bond?.status !== 'active') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    return bond;
  }
}
