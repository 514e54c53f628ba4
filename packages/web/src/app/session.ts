/**
 * The signed-in app: one Device and what the screens show of it. Every key, bond and envelope is the
 * client's business; this object only turns the device's typed events into a snapshot for React
 * (`useSyncExternalStore`) and forwards the person's actions to the device. Guarantees:
 * - a partner's position on screen is always the plaintext of a verified envelope (a `location` event, or
 *   the device's stored `lastReceivedFrom`); a `forged` event is counted and listed, never placed on the map;
 * - what the sharing panel shows per partner is the device's `lastSentTo` — the very plaintext sent;
 * - own fixes are sent one at a time, newest first: while one waits for the relay's ack, later fixes
 *   replace each other, so a slow relay gets the latest position rather than a queue of stale ones.
 */
import type { BondSummary, Device, DeviceEvent, Rejection, SharingChoice } from '@entwine/client';
import type { LocationMessage } from '@entwine/core';
import type { Fix } from '../adapters/geolocation.ts';

export interface PartnerPosition extends LocationMessage {
  bondId: string;
  name: string;
}

export type ActivityEvent =
  | { kind: 'position'; lat: number; lon: number; acc?: number }
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
  | { kind: 'send-failed'; error: unknown };

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
  positions: Record<string, PartnerPosition>;
  forged: Record<string, ForgedTally>;
  activity: Record<string, ActivityItem[]>;
  /** Names of the partners who receive this person's location right now (the persistent indicator). */
  sharingWith: string[];
  lastSent: Record<string, { location?: LocationMessage }>;
  connection: 'connecting' | 'open' | 'closed';
  /** Why the first connection could not be made (kept typed; the UI explains it). */
  connectionError?: unknown;
  me?: Fix;
  geo: GeoState;
  notices: Notice[];
  /** Bumped on every change; lets screens re-render for ages ("2 min ago") too. */
  version: number;
}

const ACTIVITY_KEPT = 20;

export class Session {
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private noticeId = 0;
  private activityId = 0;
  private sending = false;
  private nextFix: Fix | undefined;
  private stopWatching: (() => void) | undefined;
  private readonly off: () => void;

  constructor(readonly device: Device) {
    const positions: Record<string, PartnerPosition> = {};
    for (const b of device.bonds()) {
      const seen = b.status === 'active' ? device.lastReceivedFrom(b.bondId).location : undefined;
      if (seen) positions[b.bondId] = { ...seen, bondId: b.bondId, name: b.name };
    }
    this.snapshot = {
      ...this.read(),
      positions,
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

  /** Goes live. Resolves once caught up; a relay that cannot be reached shows as 'closed' and is retried. */
  async start(): Promise<void> {
    try {
      await this.device.connect();
    } catch (error) {
      this.update({ connection: 'closed', connectionError: error });
    }
    this.refresh();
  }

  close(): void {
    this.stopWatching?.();
    this.off();
    this.device.close();
  }

  /** What the device knows now, re-read after every event and action (local reads, no network). */
  private read(): Pick<Snapshot, 'name' | 'userId' | 'bonds' | 'requests' | 'outgoing' | 'sharingWith' | 'lastSent'> {
    const d = this.device;
    const bonds = d.bonds();
    const lastSent: Snapshot['lastSent'] = {};
    for (const b of bonds) lastSent[b.bondId] = d.lastSentTo(b.bondId);
    return {
      name: d.name,
      userId: d.userId,
      bonds,
      requests: d.pendingRequests(),
      outgoing: d.outgoingRequests(),
      sharingWith: bonds.filter((b) => b.status === 'active' && b.sharing.location).map((b) => b.name),
      lastSent,
    };
  }

  refresh(): void {
    this.update(this.read());
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
    const notice: Notice = { id: ++this.noticeId, at: Date.now(), event };
    this.update({ notices: [...this.snapshot.notices.slice(-3), notice] });
  }

  dismiss(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private log(bondId: string, event: ActivityEvent): Record<string, ActivityItem[]> {
    const item: ActivityItem = { ...event, id: ++this.activityId, at: Date.now() };
    const list = [...(this.snapshot.activity[bondId] ?? []), item].slice(-ACTIVITY_KEPT);
    return { ...this.snapshot.activity, [bondId]: list };
  }

  private onEvent(e: DeviceEvent): void {
    const now = Date.now();
    switch (e.type) {
      case 'location': {
        if (e.fromUser === this.device.userId) return; // another device of this person: not a partner
        const m = e.message;
        const current = this.snapshot.positions[e.bondId];
        const positions =
          current && current.ts > m.ts
            ? this.snapshot.positions
            : { ...this.snapshot.positions, [e.bondId]: { ...m, bondId: e.bondId, name: e.from } };
        const item: ActivityEvent = { kind: 'position', lat: m.lat, lon: m.lon, ...(m.acc === undefined ? {} : { acc: m.acc }) };
        this.update({ positions, activity: this.log(e.bondId, item) });
        return;
      }
      case 'forged': {
        const prev = this.snapshot.forged[e.bondId];
        const tally: ForgedTally = { count: (prev?.count ?? 0) + 1, lastAt: now, reason: e.reason, from: e.from };
        this.update({
          forged: { ...this.snapshot.forged, [e.bondId]: tally },
          activity: this.log(e.bondId, { kind: 'forged', reason: e.reason }),
        });
        return;
      }
      case 'bond-active':
        this.update({ activity: this.log(e.bondId, { kind: 'active' }) });
        this.refresh();
        this.notify({ kind: 'bond-active', name: e.name });
        // A new partner this person chose to share with gets the current position now, not at the next move.
        if (this.snapshot.me) void this.sendTo(e.bondId, this.snapshot.me);
        return;
      case 'bond-ended': {
        const { [e.bondId]: _gone, ...positions } = this.snapshot.positions;
        this.update({ positions, activity: this.log(e.bondId, { kind: 'ended', by: e.by }) });
        this.refresh();
        this.notify({ kind: 'bond-ended', name: e.name, by: e.by });
        return;
      }
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

  async askToBond(link: string, sharing: SharingChoice) {
    const asked = await this.device.acceptInvite(link, sharing);
    this.refresh();
    return asked;
  }

  async confirm(inviteId: string, sharing: SharingChoice): Promise<BondSummary> {
    const bond = await this.device.confirm(inviteId, sharing);
    this.refresh();
    return bond;
  }

  async decline(inviteId: string): Promise<void> {
    await this.device.decline(inviteId);
    this.refresh();
  }

  async setSharing(bondId: string, sharing: Partial<SharingChoice>): Promise<void> {
    await this.device.setSharing(bondId, sharing);
    this.refresh();
    // Turning location on sends the current position at once, so the partner does not wait for a move.
    if (sharing.location && this.snapshot.me) void this.sendTo(bondId, this.snapshot.me);
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

  /** One fix to one bond (the device sends it only if this person shares location with that partner). */
  private async sendTo(bondId: string, fix: Fix): Promise<void> {
    try {
      await this.device.shareLocation(fix, [bondId]);
    } catch (error) {
      this.notify({ kind: 'send-failed', error });
    }
    this.refresh();
  }

  private queueFix(fix: Fix): void {
    this.nextFix = fix;
    if (!this.sending) void this.sendLoop();
  }

  private async sendLoop(): Promise<void> {
    this.sending = true;
    try {
      while (this.nextFix) {
        const fix = this.nextFix;
        this.nextFix = undefined;
        if (this.snapshot.sharingWith.length === 0) continue; // nothing to send to: no envelope at all
        try {
          await this.device.shareLocation(fix);
        } catch (error) {
          this.notify({ kind: 'send-failed', error });
        }
        this.refresh();
      }
    } finally {
      this.sending = false;
    }
  }
}
