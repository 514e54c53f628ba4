/**
 * The signed-in app: one Device and what the screens show of it. Every key, bond, shield and envelope is
 * the client's business; this object only turns the device's typed events into a snapshot for React
 * (`useSyncExternalStore`) and forwards the person's actions to the device. Guarantees:
 * - what is shown of a partner is always the device's `viewOf` (folded from verified plaintexts); a
 *   `forged` event is counted and listed, never placed on the map;
 * - what is shown as "NAME sees you" is the device's `seenBy(NAME)` (folded from the very plaintexts
 *   sent), re-read after every publish tick; both go through the same renderer (`ui/partner-view.tsx`);
 * - nothing is sent per fix: fixes are only recorded (newest wins while a save is in flight) and the
 *   device publishes on its fixed tick, started here once the session is up and stopped on close.
 */
import type { BondSummary, Device, DeviceEvent, PartnerView, Rejection } from '@entwine/client';
import type { Facet, LocatedMessage, ShieldChoice, ShieldLevel } from '@entwine/core';
import type { Fix } from '../adapters/geolocation.ts';

export type ActivityEvent =
  | { kind: 'position'; location: LocatedMessage }
  | { kind: 'location-state'; state: 'frozen' | 'hidden' }
  | { kind: 'forged'; reason: Rejection }
  | { kind: 'active' }
  | { kind: 'ended'; by: 'me' | 'peer' };
export type ActivityItem = ActivityEvent & { id: number; at: number };

/** Something to tell the person; `ui/describe-notice.ts` turns it into words (failures via `explain-failure.ts`). */
export type NoticeEvent =
  | { kind: 'bond-active'; name: string }
  | { kind: 'bond-ended'; name: string; by: 'me' | 'peer' }
  | { kind: 'pairing-failed'; name: string; reason: string }
  | { kind: 'pairing-declined'; name: string }
  | { kind: 'send-refused'; code: string }
  | { kind: 'shield-reverted'; name: string; facets: string[] }
  | { kind: 'publish-failed'; error: string }
  | { kind: 'record-failed'; error: unknown };

export interface Notice {
  id: number;
  at: number;
  event: NoticeEvent;
}

export interface ForgedTally {
  count: number;
  lastAt: number;
  reason: Rejection;
  from: string;
}

export type GeoState = { state: 'off' } | { state: 'asking' } | { state: 'on' } | { state: 'error'; code: number };

export interface Snapshot {
  name: string;
  userId: string;
  bonds: BondSummary[];
  /** People who answered this person's invites and wait for their yes. */
  requests: { inviteId: string; name: string }[];
  /** Invites this person answered. */
  outgoing: ReturnType<Device['outgoingRequests']>;
  /** What this person sees of each active partner, by bond id (`device.viewOf`). */
  views: Record<string, PartnerView>;
  /** What each active partner sees of this person, by bond id (`device.seenBy`). */
  seen: Record<string, PartnerView>;
  forged: Record<string, ForgedTally>;
  activity: Record<string, ActivityItem[]>;
  /** Names of the partners who get anything of this person right now (the persistent indicator). */
  sharingWith: string[];
  connection: 'connecting' | 'open' | 'closed';
  /** Why the first connection could not be made (kept typed; the UI explains it). */
  connectionError?: unknown;
  me?: Fix;
  geo: GeoState;
  notices: Notice[];
  /** Bumped on every change; lets screens re-render for ages ("2 min ago") too. */
  version: number;
}

type DeviceRead = Pick<Snapshot, 'name' | 'userId' | 'bonds' | 'requests' | 'outgoing' | 'sharingWith' | 'views' | 'seen'>;

const ACTIVITY_KEPT = 20;

/** The Battery Status API, where the browser has it (Chromium does; Firefox and Safari do not). */
interface BatteryManager extends EventTarget {
  level: number;
  charging: boolean;
}

function samePosition(a: LocatedMessage | undefined, b: LocatedMessage): boolean {
  if (!a || a.level !== b.level || a.lat !== b.lat || a.lon !== b.lon) return false;
  return a.level === 'exact' || b.level === 'exact' || a.radius === b.radius;
}

export class Session {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private noticeId = 0;
  private activityId = 0;
  private recording = false;
  private nextFix: Fix | undefined;
  private stopWatching: (() => void) | undefined;
  private stopBattery: (() => void) | undefined;
  private poll: number | undefined;
  private signature = '';
  private closed = false;
  private readonly off: () => void;

  constructor(readonly device: Device) {
    const read = this.read();
    this.signature = signatureOf(read);
    this.snapshot = {
      ...read,
      forged: {},
      activity: {},
      connection: 'connecting',
      geo: { state: 'off' },
      notices: [],
      version: 0,
    };
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
    // The device says nothing when a tick was sealed; what partners see is re-read a few times a tick.
    const every = Math.max(100, Math.min(1000, Math.round(this.device.tickMs / 3)));
    this.poll = window.setInterval(() => this.refreshIfChanged(), every);
    this.watchBattery();
    this.refresh();
  }

  close(): void {
    this.closed = true;
    if (this.poll !== undefined) window.clearInterval(this.poll);
    this.stopWatching?.();
    this.stopBattery?.();
    this.off();
    this.device.close();
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
    };
  }

  refresh(): void {
    const read = this.read();
    this.signature = signatureOf(read);
    this.update(read);
  }

  /** Re-reads the device; re-renders only if what it shows changed (a tick sealed, a shield ran out). */
  private refreshIfChanged(): void {
    const read = this.read();
    const signature = signatureOf(read);
    if (signature === this.signature) return;
    this.signature = signature;
    this.update(read);
  }

  /** Re-renders without a change of state (the ages on screen move on). */
  tick(): void {
    this.update({});
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
  }

  dismiss(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private log(activity: Record<string, ActivityItem[]>, bondId: string, event: ActivityEvent): Record<string, ActivityItem[]> {
    const item: ActivityItem = { ...event, id: ++this.activityId, at: Date.now() };
    const list = [...(activity[bondId] ?? []), item].slice(-ACTIVITY_KEPT);
    return { ...activity, [bondId]: list };
  }

  /** A partner's view changed: re-read it, and log a new position or a change to frozen/hidden. */
  private onReceived(bondId: string): void {
    const before = this.snapshot.views[bondId];
    const after = this.device.viewOf(bondId);
    let activity = this.snapshot.activity;
    const loc = after.location;
    if (after.locationState === 'live' && loc && (before?.locationState !== 'live' || !samePosition(before.location, loc))) {
      activity = this.log(activity, bondId, { kind: 'position', location: loc });
    } else if ((after.locationState === 'frozen' || after.locationState === 'hidden') && before?.locationState !== after.locationState) {
      activity = this.log(activity, bondId, { kind: 'location-state', state: after.locationState });
    }
    this.update({ views: { ...this.snapshot.views, [bondId]: after }, activity });
  }

  private onEvent(e: DeviceEvent): void {
    const now = Date.now();
    switch (e.type) {
      case 'location':
      case 'presence':
        if (e.fromUser === this.device.userId) return; // another device of this person: not a partner
        this.onReceived(e.bondId);
        return;
      case 'forged': {
        const prev = this.snapshot.forged[e.bondId];
        const tally: ForgedTally = { count: (prev?.count ?? 0) + 1, lastAt: now, reason: e.reason, from: e.from };
        this.update({
          forged: { ...this.snapshot.forged, [e.bondId]: tally },
          activity: this.log(this.snapshot.activity, e.bondId, { kind: 'forged', reason: e.reason }),
        });
        return;
      }
      case 'bond-active':
        this.update({ activity: this.log(this.snapshot.activity, e.bondId, { kind: 'active' }) });
        this.refresh();
        this.notify({ kind: 'bond-active', name: e.name });
        return;
      case 'bond-ended':
        this.update({ activity: this.log(this.snapshot.activity, e.bondId, { kind: 'ended', by: e.by }) });
        this.refresh();
        this.notify({ kind: 'bond-ended', name: e.name, by: e.by });
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
        this.notify({ kind: 'send-refused', code: e.code });
        return;
      case 'connection': {
        this.update(e.state === 'open' ? { connection: 'open', connectionError: undefined } : { connection: 'closed' });
        if (e.state === 'open') this.refresh();
        return;
      }
    }
  }

  // ── actions ────────────────────────────────────────────────────────────────

  invite() {
    return this.device.invite();
  }

  previewInvite(link: string) {
    return this.device.previewInvite(link);
  }

  async askToBond(link: string, choice: ShieldChoice) {
    const asked = await this.device.acceptInvite(link, choice);
    this.refresh();
    return asked;
  }

  async confirm(inviteId: string, choice: ShieldChoice): Promise<BondSummary> {
    const bond = await this.device.confirm(inviteId, choice);
    this.refresh();
    return bond;
  }

  async decline(inviteId: string): Promise<void> {
    await this.device.decline(inviteId);
    this.refresh();
  }

  /** One facet for one partner, optionally for a time. Lowering is sent at once; raising shows at the next tick. */
  async setShield(bondId: string, facet: Facet, level: ShieldLevel, forMs?: number): Promise<void> {
    await this.device.setShield(bondId, facet, level, forMs === undefined ? {} : { forMs });
    this.refresh();
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
        this.queueFix(fix);
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

  private queueFix(fix: Fix): void {
    this.nextFix = fix;
    if (!this.recording) void this.recordLoop();
  }

  /** Records fixes one at a time; while one is being saved, later fixes replace each other. */
  private async recordLoop(): Promise<void> {
    this.recording = true;
    try {
      while (this.nextFix) {
        const fix = this.nextFix;
        this.nextFix = undefined;
        try {
          await this.device.recordFix(fix);
        } catch (error) {
          this.notify({ kind: 'record-failed', error });
        }
      }
    } finally {
      this.recording = false;
    }
  }

  /** Feeds the battery to presence where the browser tells it (partners get only its quarter, if shared). */
  private watchBattery(): void {
    const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManager> };
    if (typeof nav.getBattery !== 'function') return;
    nav
      .getBattery()
      .then((battery) => {
        if (this.closed) return;
        const push = () => {
          const level = Number.isFinite(battery.level) ? Math.min(1, Math.max(0, battery.level)) : undefined;
          void this.device.setBattery(level === undefined ? undefined : { level, charging: battery.charging }).catch(() => undefined);
        };
        push();
        battery.addEventListener('levelchange', push);
        battery.addEventListener('chargingchange', push);
        this.stopBattery = () => {
          battery.removeEventListener('levelchange', push);
          battery.removeEventListener('chargingchange', push);
        };
      })
      .catch(() => undefined); // no battery to report: presence simply carries none
  }
}

function signatureOf(read: DeviceRead): string {
  return JSON.stringify([read.views, read.seen, read.sharingWith, read.bonds.map((b) => [b.bondId, b.status, b.levels])]);
}
