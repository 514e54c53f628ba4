/**
 * The signed-in app: one Device and what the screens show of it. Every key, bond, shield and envelope is
 * the client's business; this object only turns the device's typed events into a snapshot for React
 * (`useSyncExternalStore`) and forwards the person's actions to the device. Guarantees:
 * - what is shown of a partner is always the device's `viewOf` (folded from verified plaintexts); a
 *   `forged` event is counted and listed, never placed on the map;
 * - what is shown as "NAME sees you" is the device's `seenBy(NAME)` (folded from the very plaintexts
 *   sent), re-read when the device says a tick was sealed (`published`); both go through the same
 *   renderer (`ui/partner-view.tsx`);
 * - the snapshot changes only when the device says something changed (its `DeviceEvent`s) or the person
 *   acts: nothing polls the device and nothing compares serialized copies of it. The one timer of the
 *   screens is React's `useTicker` (`use-session.ts`), and only because time itself changes what is shown
 *   ("5 min ago", a timed shield's "20 min left"); the other is the relay's, not the device's: once OwnTracks
 *   is set up (Me → Devices & apps), its sealed posts are collected from the relay once a publish tick;
 * - nothing is sent per fix: fixes are only recorded (`FixRecorder`: newest wins while a save is in flight) and the
 *   device publishes on its fixed tick, started here once the session is up and stopped on close;
 * - thoughts, glances and moments are re-read from the device when it says one arrived or moved on (a
 *   thought's mark), never polled; each arrival raises an in-page notice at once (a glance also a short
 *   vibration) and, while the page is hidden and the person allowed it, a system notification;
 * - a trail is read only when the Trail screen asks for a day (`trailDay`, one day at a time, never a whole
 *   history); a partner's notice of a newer version of a day only bumps `trailNews`, so the screen reads
 *   the day it shows again.
 */
import {
  type AppDropSetup,
  type BondSummary,
  collectEvery,
  type Device,
  type DeviceEvent,
  type ImportResult,
  type MomentPin,
  type NumbersCheck,
  type PartnerView,
  type TrailEntry,
} from '@entwine/client';
import {
  type Facet,
  type GlanceKind,
  IMPORT_FORMATS,
  importFormatFor,
  type Place,
  type RetentionDays,
  type ShieldChoice,
  type ShieldLevel,
} from '@entwine/core';
import { watchBattery } from '../adapters/battery.ts';
import { browserTimers } from '../adapters/browser-timers.ts';
import type { Fix } from '../adapters/geolocation.ts';
import { systemText } from '../ui/describe-notice.ts';
import { FixRecorder } from './fix-recorder.ts';
import { MomentPhotos } from './moment-photos.ts';
import { appInviteLink } from './relay-origin.ts';
import type { ActivityEvent, ActivityItem, ForgedTally, Notice, NoticeEvent, Snapshot } from './snapshot.ts';
import { showSystemNotification, vibrate } from './system-notify.ts';

type DeviceRead = Pick<
  Snapshot,
  'name' | 'userId' | 'bonds' | 'requests' | 'outgoing' | 'sharingWith' | 'views' | 'seen' | 'dropped' | 'outboxSize'
>;
type Streams = Pick<Snapshot, 'thoughts' | 'glances'>;

const ACTIVITY_KEPT = 20;
const GLANCE_BUZZ = [60, 40, 60];

export class Session {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private noticeId = 0;
  private activityId = 0;
  private readonly fixes: FixRecorder;
  private stopWatching: (() => void) | undefined;
  private stopBattery: (() => void) | undefined;
  private collector: { stop(): Promise<void> } | undefined;
  private closed = false;
  private readonly off: () => void;
  private readonly photos = new MomentPhotos();
  /** The bond whose conversation is on screen (its thoughts raise no notice while it is visible). */
  private viewing: string | undefined;

  constructor(readonly device: Device) {
    const read = this.read();
    this.snapshot = {
      ...read,
      tickMs: device.tickMs,
      ...this.readStreams(read.bonds),
      moments: {},
      muted: {},
      myFeeling: device.myFeeling(),
      forged: {},
      newer: {},
      trailNews: {},
      activity: {},
      connection: device.displaced ? 'closed' : 'connecting',
      ...(device.displaced ? { displaced: device.displaced } : {}),
      geo: { state: 'off' },
      notices: [],
      version: 0,
    };
    for (const b of read.bonds) if (b.status === 'active') this.readMoments(b.bondId);
    this.fixes = new FixRecorder(device, (error) => this.notify({ kind: 'record-failed', error }));
    this.off = device.on((e) => this.onEvent(e));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  /**
   * Goes live and starts the publish tick. A relay that cannot be reached shows as 'closed' and is
   * retried; the ticker runs anyway (what it seals waits in the outbox).
   */
  async start(): Promise<void> {
    try {
      await this.device.connect();
    } catch (error) {
      this.update({ connection: 'closed', connectionError: error });
    }
    if (this.closed) return;
    this.device.startPublishing();
    // Feeds the battery to presence where the browser tells it.
    this.stopBattery = watchBattery((battery) => void this.device.setBattery(battery).catch(() => undefined));
    this.collectOwntracks();
    this.refresh();
  }

  /**
   * OwnTracks' sealed posts (Me → Devices & apps, decision 0019) are collected from the relay once a publish
   * tick while the page is open, from the moment it is set up: recorded like this device's own fixes, then
   * deleted from the relay. With no OwnTracks set up, no timer runs.
   */
  private collectOwntracks(): void {
    void this.device.owntracksDrop().then((drop) => {
      if (!drop || this.closed) return;
      this.update({ owntracksDrop: drop });
      this.startCollecting();
    });
  }

  private startCollecting(): void {
    if (this.collector || this.closed) return;
    this.collector = collectEvery(
      browserTimers,
      this.device.tickMs,
      async () => (this.snapshot.displaced ? { posts: 0, points: 0, unreadable: 0 } : this.device.collectOwntracksDrop()),
      (r) => {
        if (!r.ok || r.got.posts === 0) return; // an outage: the posts wait on the relay for the next round
        void this.device.owntracksDrop().then((drop) => drop && this.update({ owntracksDrop: drop }));
        this.refresh(); // what was recorded moved this person's own position on
      },
    );
  }

  /** Sets OwnTracks up to post sealed to this device's drop on the relay; `renew`: a new password and key. */
  async setUpOwntracks(renew: boolean): Promise<AppDropSetup> {
    const drop = await this.device.setUpOwntracksDrop({ renew });
    this.update({ owntracksDrop: drop });
    this.startCollecting();
    return drop;
  }

  close(): void {
    this.closed = true;
    this.stopWatching?.();
    this.stopBattery?.();
    void this.collector?.stop();
    this.off();
    this.device.close();
    this.photos.close();
  }

  /** What the device knows now, re-read after every event and action (local reads, no network). */
  private read(): DeviceRead {
    const d = this.device;
    const bonds = d.bonds();
    const views: Record<string, PartnerView> = {};
    const seen: Record<string, PartnerView> = {};
    for (const b of bonds) {
      if (b.status !== 'active') continue;
      views[b.bondId] = d.viewOf(b.bondId);
      seen[b.bondId] = d.seenBy(b.bondId);
    }
    return {
      name: d.name,
      userId: d.userId,
      bonds,
      requests: d.pendingRequests(),
      outgoing: d.outgoingRequests(),
      sharingWith: d.sharingWith(),
      views,
      seen,
      dropped: d.dropped(),
      outboxSize: d.outboxSize,
    };
  }

  /** Thoughts and glances of every active bond (moments, heavier, are read only when one comes or goes). */
  private readStreams(bonds: BondSummary[]): Streams {
    const thoughts: Streams['thoughts'] = {};
    const glances: Streams['glances'] = {};
    for (const b of bonds) {
      if (b.status !== 'active') continue;
      thoughts[b.bondId] = this.device.thoughtsWith(b.bondId);
      glances[b.bondId] = this.device.glancesWith(b.bondId);
    }
    return { thoughts, glances };
  }

  private readThoughts(bondId: string): void {
    this.update({ thoughts: { ...this.snapshot.thoughts, [bondId]: this.device.thoughtsWith(bondId) } });
  }

  private readGlances(bondId: string): void {
    this.update({ glances: { ...this.snapshot.glances, [bondId]: this.device.glancesWith(bondId) } });
  }

  private readMoments(bondId: string): void {
    const list = this.photos.list(bondId, this.device.momentsWith(bondId));
    this.update({ moments: { ...this.snapshot.moments, [bondId]: list } });
  }

  refresh(): void {
    const read = this.read();
    this.update({ ...read, ...this.readStreams(read.bonds) });
  }

  /**
   * A tick was sealed for these bonds: what each partner now sees of this person, who gets anything, and
   * what still waits in the outbox. Only the bonds named are re-read.
   */
  private onPublished(bondIds: string[]): void {
    const seen = { ...this.snapshot.seen };
    for (const bondId of bondIds) seen[bondId] = this.device.seenBy(bondId);
    this.update({ seen, sharingWith: this.device.sharingWith(), outboxSize: this.device.outboxSize });
  }

  /**
   * Re-renders for time alone (the ages on screen, a timed shield's countdown), called by `useTicker`. The
   * outbox count is taken along: the relay's acks drain it without a device event of their own.
   */
  tick(): void {
    this.update({ outboxSize: this.device.outboxSize });
  }

  private update(patch: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l();
  }

  private notify(event: NoticeEvent): void {
    const last = this.snapshot.notices.at(-1);
    // A failure that repeats every tick is one notice, not a stack of them.
    if (last && last.event.kind === event.kind && event.kind === 'publish-failed') return;
    const notice: Notice = { id: ++this.noticeId, at: Date.now(), event };
    this.update({ notices: [...this.snapshot.notices.slice(-3), notice] });
    const outside = systemText(event);
    // One system notification per partner and kind: a backlog of thoughts read on reconnect replaces, not stacks.
    if (outside)
      showSystemNotification(outside.title, outside.body, `entwine-${event.kind}-${'bondId' in event ? event.bondId : notice.id}`);
  }

  dismiss(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private log(activity: Record<string, ActivityItem[]>, bondId: string, event: ActivityEvent): Record<string, ActivityItem[]> {
    const item: ActivityItem = { ...event, id: ++this.activityId, at: Date.now() };
    const list = [...(activity[bondId] ?? []), item].slice(-ACTIVITY_KEPT);
    return { ...activity, [bondId]: list };
  }

  /**
   * A partner's view changed: re-read it, and log a change to frozen/hidden. Positions are not logged
   * here: the trail the view keeps (as far as the partner's trail level allows) is the only position list.
   */
  private onReceived(bondId: string): void {
    const before = this.snapshot.views[bondId];
    const after = this.device.viewOf(bondId);
    let activity = this.snapshot.activity;
    if ((after.locationState === 'frozen' || after.locationState === 'hidden') && before?.locationState !== after.locationState) {
      activity = this.log(activity, bondId, { kind: 'location-state', state: after.locationState });
    }
    this.update({ views: { ...this.snapshot.views, [bondId]: after }, activity });
    // The partner withdrew photo pins: the client deleted those places, so the photos are read again.
    if (!samePins(before?.pins, after.pins)) this.readMoments(bondId);
    // A feeling the partner newly set (not the same one again on the next tick) is news.
    const feeling = after.feelingState === 'live' ? after.feeling : undefined;
    if (feeling && before && before.feeling?.since !== feeling.since) {
      this.notify({ kind: 'feeling', bondId, name: this.nameOf(bondId), feeling });
    }
  }

  /**
   * The device forgot an ended bond; the screen forgets it too, at once: no past position in its activity,
   * no view, thought, glance, photo, tally or partner notice of it stays in memory or on screen.
   */
  private forgottenOnScreen(
    bondId: string,
  ): Pick<
    Snapshot,
    'views' | 'seen' | 'thoughts' | 'glances' | 'moments' | 'muted' | 'forged' | 'newer' | 'trailNews' | 'activity' | 'notices'
  > {
    this.photos.drop(bondId);
    const without = <T>(record: Record<string, T>): Record<string, T> => {
      const { [bondId]: _gone, ...rest } = record;
      return rest;
    };
    const s = this.snapshot;
    return {
      views: without(s.views),
      seen: without(s.seen),
      thoughts: without(s.thoughts),
      glances: without(s.glances),
      moments: without(s.moments),
      muted: without(s.muted),
      forged: without(s.forged),
      newer: without(s.newer),
      trailNews: without(s.trailNews),
      activity: without(s.activity),
      notices: s.notices.filter((n) => !('bondId' in n.event) || n.event.bondId !== bondId),
    };
  }

  private nameOf(bondId: string): string {
    return this.snapshot.bonds.find((b) => b.bondId === bondId)?.name ?? '';
  }

  private onEvent(e: DeviceEvent): void {
    const now = Date.now();
    switch (e.type) {
      case 'location':
      case 'presence':
      case 'feeling':
        if (e.fromUser === this.device.userId) return; // another device of this person: not a partner
        this.onReceived(e.bondId);
        return;
      case 'glance':
        this.readGlances(e.bondId);
        vibrate(GLANCE_BUZZ);
        this.notify({ kind: 'glance', bondId: e.bondId, name: e.from, glance: e.message.glance });
        return;
      case 'glances-muted':
        this.update({ muted: { ...this.snapshot.muted, [e.bondId]: e.count } });
        if (e.count === 1) this.notify({ kind: 'glances-muted', bondId: e.bondId, name: e.from, count: e.count });
        return;
      case 'thought':
        this.readThoughts(e.bondId);
        if (this.viewing !== e.bondId || document.visibilityState !== 'visible') {
          this.notify({ kind: 'thought', bondId: e.bondId, name: e.from, text: e.message.text });
        }
        return;
      case 'thought-mark':
        this.readThoughts(e.bondId);
        return;
      case 'moment':
        // The photo's pin is part of the partner's view (it is drawn on the map from there).
        this.update({ views: { ...this.snapshot.views, [e.bondId]: this.device.viewOf(e.bondId) } });
        this.readMoments(e.bondId);
        this.notify({
          kind: 'moment',
          bondId: e.bondId,
          name: e.from,
          ...(e.message.caption ? { caption: e.message.caption } : {}),
          ...(e.message.place.level !== 'none'
            ? { place: { level: e.message.place.level, lat: e.message.place.lat, lon: e.message.place.lon } }
            : {}),
        });
        return;
      case 'place': {
        if (e.fromUser === this.device.userId) return; // another device of this person: not a partner
        const { event, name: place, at } = e.message;
        this.update({ activity: this.log(this.snapshot.activity, e.bondId, { kind: 'place', event, place, crossedAt: at }) });
        this.notify({ kind: 'place', bondId: e.bondId, name: e.from, event, place, at });
        return;
      }
      case 'forged': {
        const prev = this.snapshot.forged[e.bondId];
        const tally: ForgedTally = { count: (prev?.count ?? 0) + 1, lastAt: now, reason: e.reason, from: e.from };
        this.update({
          dropped: this.device.dropped(),
          forged: { ...this.snapshot.forged, [e.bondId]: tally },
          activity: this.log(this.snapshot.activity, e.bondId, { kind: 'forged', reason: e.reason }),
        });
        return;
      }
      case 'newer-version': {
        // Genuine, just not readable by this version: said as such, never counted as forged.
        const prev = this.snapshot.newer[e.bondId];
        this.update({
          newer: { ...this.snapshot.newer, [e.bondId]: { count: (prev?.count ?? 0) + 1, lastAt: now, what: e.kind, from: e.from } },
          activity: this.log(this.snapshot.activity, e.bondId, { kind: 'newer-version', what: e.kind }),
        });
        return;
      }
      case 'trail-day':
        // A newer version of a day is up: the Trail screen reads the day it shows again.
        this.update({ trailNews: { ...this.snapshot.trailNews, [e.bondId]: (this.snapshot.trailNews[e.bondId] ?? 0) + 1 } });
        return;
      case 'update-needed':
        // The device stopped connecting: no retry helps until Entwine is updated (here or on the relay).
        this.update({ updateNeeded: e.code, connection: 'closed' });
        return;
      case 'dropped':
        // Set aside unchecked and counted by the device (the bond screen shows the tallies).
        this.update({ dropped: this.device.dropped() });
        return;
      case 'published':
        this.onPublished(e.bondIds);
        return;
      case 'bond-pending':
        this.refresh(); // the invitee's side: the bond and its numbers to compare
        return;
      case 'bond-verified':
        this.refresh();
        return;
      case 'bond-active':
        this.update({ activity: this.log(this.snapshot.activity, e.bondId, { kind: 'active' }) });
        this.refresh();
        this.notify({ kind: 'bond-active', name: e.name });
        return;
      case 'bond-ended': {
        // One render: the forgotten bond, the device re-read and the end logged together.
        const forgotten = this.forgottenOnScreen(e.bondId);
        const read = this.read();
        this.update({
          ...forgotten,
          ...read,
          ...this.readStreams(read.bonds),
          activity: this.log(forgotten.activity, e.bondId, { kind: 'ended', by: e.by }),
        });
        this.notify({ kind: 'bond-ended', name: e.name, by: e.by });
        return;
      }
      case 'relay-fault':
        this.refresh(); // the bond screen shows it from the bond's summary
        this.notify({ kind: 'relay-fault', name: e.name, reason: e.reason });
        return;
      case 'shield-reverted':
        this.refresh();
        this.notify({ kind: 'shield-reverted', name: e.name, facets: e.facets });
        return;
      case 'publish-failed':
        this.notify({ kind: 'publish-failed', error: e.error });
        return;
      case 'pairing-request':
        this.refresh(); // the request banner shows it until it is answered
        return;
      case 'pairing-failed':
        this.refresh();
        this.notify({ kind: 'pairing-failed', name: e.name, reason: e.reason });
        return;
      case 'pairing-declined':
        this.refresh();
        this.notify({ kind: 'pairing-declined', name: e.name });
        return;
      case 'send-refused':
        this.notify({ kind: 'send-refused', name: this.nameOf(e.bondId), code: e.code });
        return;
      case 'displaced':
        // The device stopped its publisher and its connection; the bar and the banner follow from here.
        this.update({ displaced: { at: e.at }, connection: 'closed' });
        this.refresh();
        return;
      case 'peer-devices-changed':
        this.refresh();
        this.notify({ kind: 'peer-devices-changed', bondId: e.bondId, name: e.name });
        return;
      case 'connection': {
        if (this.snapshot.displaced) return;
        this.update(e.state === 'open' ? { connection: 'open', connectionError: undefined } : { connection: 'closed' });
        if (e.state === 'open') this.refresh();
        return;
      }
    }
  }

  // ── actions ────────────────────────────────────────────────────────────────

  /** A new invite; its link opens this app (which may be served apart from the relay, `relay-origin.ts`). */
  async invite() {
    const made = await this.device.invite();
    return { ...made, link: appInviteLink(made.link) };
  }

  previewInvite(link: string) {
    return this.device.previewInvite(link);
  }

  async askToBond(link: string, choice: ShieldChoice) {
    const asked = await this.device.acceptInvite(link, choice);
    this.refresh();
    return asked;
  }

  /** The inviter's yes, with what she said about the numbers on the request (none: held until she does). */
  async confirm(inviteId: string, choice: ShieldChoice, check?: NumbersCheck): Promise<BondSummary> {
    const bond = await this.device.confirm(inviteId, choice, check);
    this.refresh();
    return bond;
  }

  /** The numbers match, or the person skips the check (not verified): what they chose starts to flow. */
  async verifyBond(bondId: string, check: NumbersCheck): Promise<void> {
    await this.device.verifyBond(bondId, check);
    this.refresh();
  }

  async decline(inviteId: string): Promise<void> {
    await this.device.decline(inviteId);
    this.refresh();
  }

  /** One facet for one partner, optionally for a time. A lowering drops what is queued at once; the partner sees any change at the next tick. */
  async setShield(bondId: string, facet: Facet, level: ShieldLevel, forMs?: number): Promise<void> {
    await this.device.setShield(bondId, facet, level, forMs === undefined ? {} : { forMs });
    this.refresh();
  }

  /**
   * One UTC day (days since 1970-01-01) of a partner's trail (`bondId`) or this person's own (undefined):
   * each chunk the device read for it, verified and decoded, or damaged (never to be drawn).
   */
  async trailDay(bondId: string | undefined, day: number): Promise<TrailEntry[]> {
    const entries: TrailEntry[] = [];
    for await (const entry of this.trailDays(bondId, day, day)) entries.push(entry);
    return entries;
  }

  /**
   * The days `from`…`to` of a trail as one read (the relay's pages, each day's chunk verified and opened as it
   * comes), for the week, month and year views: a day at a time would be a round trip and a store write per
   * day. Entries arrive in day order; the caller keeps none of them longer than it needs.
   */
  trailDays(bondId: string | undefined, from: number, to: number): AsyncGenerator<TrailEntry> {
    return this.device.trailOf(bondId, from, to);
  }

  /**
   * Imports a track file (GPX, OwnTracks .rec) into this person's own trail, with the file's times, shared with
   * no one (the CLI's `import` without `--share`). Read piece by piece: a long file is never held whole.
   */
  async importTrail(file: Blob & { name: string }): Promise<ImportResult> {
    const format = importFormatFor(file.name);
    if (!format)
      throw new RangeError(`import: expected a ${IMPORT_FORMATS.flatMap((f) => f.extensions).join(' or ')} file, got ${file.name}`);
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    async function* pieces(): AsyncGenerator<string> {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    }
    return this.device.importFixes(pieces(), format.parser());
  }

  /** How long the relay keeps the trail this person shares with the partner (days; null: for as long as the bond lasts). */
  retentionWith(bondId: string): Promise<RetentionDays> {
    return this.device.retentionWith(bondId);
  }

  /** This person's places (decision 0016) alone: what names their stays on the Trail screen. */
  ownPlaces(): Promise<Place[]> {
    return this.device.places();
  }

  /** This person's places (decision 0016), and per place the bonds that may hear of it. */
  async places(): Promise<{ place: Place; heardBy: string[] }[]> {
    const places = await this.ownPlaces();
    const heardBy = new Map<string, string[]>(places.map((p) => [p.id, []]));
    for (const b of this.device.bonds().filter((b) => b.status === 'active')) {
      for (const p of await this.device.placesSharedWith(b.bondId)) heardBy.get(p.id)?.push(b.bondId);
    }
    return places.map((place) => ({ place, heardBy: heardBy.get(place.id) ?? [] }));
  }

  addPlace(place: Omit<Place, 'id'>): Promise<Place> {
    return this.device.addPlace(place);
  }

  removePlace(placeId: string): Promise<Place> {
    return this.device.removePlace(placeId);
  }

  /** Lets the partner hear of the place (`on`), or stops it at once. */
  async sharePlace(bondId: string, placeId: string, on: boolean): Promise<void> {
    await (on ? this.device.sharePlaces(bondId, [placeId]) : this.device.unsharePlaces(bondId, [placeId]));
  }

  /** Lowering deletes the older days at once on the relay; raising never brings deleted days back. */
  setRetention(bondId: string, days: RetentionDays): Promise<void> {
    return this.device.setRetention(bondId, days);
  }

  /** This person's feeling (or none); sent from the next tick to partners who get feelings. */
  async setFeeling(feeling: Parameters<Device['setFeeling']>[0]): Promise<void> {
    await this.device.setFeeling(feeling);
    this.update({ myFeeling: this.device.myFeeling() });
  }

  /** A one-tap signal, sent at once. */
  async glance(bondId: string, kind: GlanceKind): Promise<void> {
    const sent = this.device.glance(bondId, kind);
    this.readGlances(bondId);
    try {
      await sent;
    } finally {
      this.readGlances(bondId);
    }
  }

  /** A thought: on screen at once as "sending", then its marks move on as the device reports them. */
  async say(bondId: string, text: string): Promise<void> {
    // The device lists the thought before it is sealed, so it shows before the relay has it.
    const sent = this.device.say(bondId, text);
    this.readThoughts(bondId);
    try {
      await sent;
    } finally {
      this.readThoughts(bondId);
    }
  }

  /** The conversation with this bond is on screen (or none is): its new thoughts are read, not announced. */
  viewThoughts(bondId: string | undefined): void {
    this.viewing = bondId;
  }

  /** Tells the partner their thoughts were shown (call while the conversation is visible). */
  async markRead(bondId: string): Promise<void> {
    await this.device.markRead(bondId);
    this.readThoughts(bondId);
  }

  /** A photo, already resized by the page; the client strips its metadata and pins it at the moments level. */
  async shareMoment(bondId: string, photo: Parameters<Device['shareMoment']>[1]): Promise<void> {
    try {
      await this.device.shareMoment(bondId, photo);
    } finally {
      this.readMoments(bondId);
      // What the partner sees of this person now holds the photo's pin.
      this.update({ seen: { ...this.snapshot.seen, [bondId]: this.device.seenBy(bondId) } });
    }
  }

  async stopSharingWithEveryone(): Promise<void> {
    await this.device.stopSharingWithEveryone();
    this.refresh();
  }

  async end(bondId: string): Promise<void> {
    await this.device.end(bondId);
    this.refresh();
  }

  /** Starts the browser's position watch (the permission prompt comes from the browser). */
  startGeolocation(watch: (onFix: (f: Fix) => void, onError: (e: GeolocationPositionError) => void) => () => void): void {
    if (this.stopWatching) return;
    this.update({ geo: { state: 'asking' } });
    this.stopWatching = watch(
      (fix) => {
        this.update({ me: fix, geo: { state: 'on' } });
        this.fixes.queue(fix);
      },
      (error) => {
        this.update({ geo: { state: 'error', code: error.code } });
        if (error.code === error.PERMISSION_DENIED) {
          this.stopWatching?.();
          this.stopWatching = undefined;
        }
      },
    );
  }

  stopGeolocation(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    const { me: _me, ...rest } = this.snapshot;
    this.snapshot = { ...rest, geo: { state: 'off' }, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l();
  }
}

/** Whether two lists of photo pins name the same photos at the same places (the view's order is kept). */
function samePins(a: MomentPin[] | undefined, b: MomentPin[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return (
    x.length === y.length &&
    x.every((p, i) => {
      const q = y[i] as MomentPin;
      return p.id === q.id && p.place.level === q.place.level && p.place.lat === q.place.lat && p.place.lon === q.place.lon;
    })
  );
}
