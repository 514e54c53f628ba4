/** What the device's parts share: injected platform pieces, the state, the relay API and the event sink. */
import type {
  Clock,
  Ed25519,
  Facet,
  FeelingMessage,
  GlanceMessage,
  LocationMessage,
  MomentMessage,
  PlaceEventMessage,
  PresenceMessage,
  Random,
  ThoughtMessage,
} from '@entwine/core';
import type { CipherSuite } from '@hpke/core';
import type { EndFault } from './bond-end.ts';
import type { DropReason } from './dropped.ts';
import type { RelayApi } from './relay-api.ts';
import type { BondState, DeviceState, SendingEpoch } from './state.ts';
import type { DeviceStore } from './store/device-store.ts';
import type { Change } from './store/records.ts';
import type { Timers, Transport } from './transport.ts';

export interface DeviceDeps {
  transport: Transport;
  /** Where the device's records live (CLI: SQLite in the home; web: IndexedDB; tests: memory). */
  store: DeviceStore;
  ed: Ed25519;
  random: Random;
  clock: Clock;
  timers: Timers;
  /** How often every bond is published to (default 15 s); the same for every bond and level. */
  publishTickMs?: number;
  /** How long a day's trail seal may lag its newest fix while the day lasts (default 10 min, parts/trail.ts). */
  trailSealPeriodMs?: number;
  /**
   * Resolves after the host has run what was waiting (Node: `setImmediate`; a page: a message to itself): a trail
   * seal pauses on it between its long steps (a whole day read, its stays derived, each chunk encoded), so an
   * app's post or a tap is answered meanwhile instead of after the whole seal. None (tests): no pause.
   */
  yieldToEvents?: () => Promise<void>;
}

/** Why a received envelope was not shown as real. The UI shows every one of these as "forged or damaged". */
export const REJECTIONS = {
  forged: 'forged',
  replayed: 'replayed',
  unknownSender: 'unknown-sender',
  unknownEpoch: 'unknown-epoch',
  malformed: 'malformed',
  future: 'future',
} as const;
export type Rejection = (typeof REJECTIONS)[keyof typeof REJECTIONS];

/** Where a verified message came from. */
export interface MessageMeta {
  bondId: string;
  from: string;
  fromUser: string;
  senderDevice: string;
  cursor: string;
}

/** A thought's progress: sealed here → stored by the relay → on the partner's device → shown to them. */
export type ThoughtMark = 'sent' | 'stored' | 'delivered' | 'read';

export type DeviceEvent =
  | ({ type: 'location'; message: LocationMessage } & MessageMeta)
  | ({ type: 'presence'; message: PresenceMessage } & MessageMeta)
  | ({ type: 'feeling'; message: FeelingMessage } & MessageMeta)
  | ({ type: 'glance'; message: GlanceMessage } & MessageMeta)
  | { type: 'glances-muted'; bondId: string; from: string; count: number }
  | ({ type: 'thought'; message: ThoughtMessage } & MessageMeta)
  | { type: 'thought-mark'; bondId: string; name: string; id: string; mark: ThoughtMark }
  | ({ type: 'moment'; message: MomentMessage; photo: Uint8Array } & MessageMeta)
  /** The partner arrived at or left one of their places they let this device hear of (decision 0016). */
  | ({ type: 'place'; message: PlaceEventMessage } & MessageMeta)
  | { type: 'shield-reverted'; bondId: string; name: string; facets: Facet[] }
  | { type: 'published'; bondIds: string[] }
  | { type: 'publish-failed'; error: string }
  | { type: 'forged'; bondId: string; from: string; reason: Rejection; cursor: string }
  /**
   * `count` updates of this bond expired on the relay (its live window) before this device read them: a gap,
   * said instead of drawn as if nothing happened (decision 0014 §1). `total`: told so far for the bond.
   */
  /** The partner sealed a newer version of a day of their trail (`Device.trailOf` reads it). */
  | { type: 'trail-day'; bondId: string; from: string; day: number; revision: string }
  | { type: 'missed'; bondId: string; from: string; count: number; total: number }
  /**
   * A genuine envelope (its signature and encryption verified, not a replay) carrying a message kind this
   * version does not know: the partner runs a newer Entwine. Not shown, never called forged; `kind` is the
   * name it carried (lower-case words and '-', at most 32 characters).
   */
  | { type: 'newer-version'; bondId: string; from: string; kind: string; cursor: string }
  /**
   * An envelope set aside before any signature check (`dropped.ts`): not shown, counted in `device.dropped()`.
   * Not raised for this device's own envelopes echoed by a backlog read (counted only: that is routine).
   * `bondId` '' and `from` 'no bond of yours' when it named a bond this device does not have.
   */
  | { type: 'dropped'; bondId: string; from: string; reason: DropReason; cursor: string }
  /** The invitee's side: the inviter said yes and the reveal checked out; the bond waits, with its numbers to compare. */
  | { type: 'bond-pending'; bondId: string; name: string }
  | { type: 'bond-active'; bondId: string; name: string }
  | { type: 'bond-verified'; bondId: string; name: string; verification: 'unchecked' | 'match' | 'skipped' }
  | { type: 'bond-ended'; bondId: string; name: string; by: 'me' | 'peer' }
  /** The relay said a bond ended but could not show a valid signed end: the bond is kept (bond-end.ts). */
  | { type: 'relay-fault'; bondId: string; name: string; reason: EndFault }
  | { type: 'pairing-request'; inviteId: string; name: string }
  | { type: 'pairing-failed'; inviteId: string; name: string; reason: string }
  | { type: 'pairing-declined'; inviteId: string; name: string }
  | { type: 'send-refused'; bondId: string; code: string }
  /** This identity moved to another device: this one stopped sharing and reconnecting. */
  | { type: 'displaced'; at: number }
  /** A partner's device list changed (same identity, same safety number); this device re-keys to it. */
  | { type: 'peer-devices-changed'; bondId: string; name: string }
  /**
   * The relay does not serve this client's protocol version (too old) or this client's is newer than the
   * relay's: the connection stopped for good; the words say who has to update Entwine.
   */
  | { type: 'update-needed'; code: UpdateNeeded }
  | { type: 'connection'; state: 'open' | 'closed'; code?: number; reason?: string };

/** Who must update before this device can connect again (`CLOSE.clientTooOld`, `CLOSE.relayTooOld`). */
export type UpdateNeeded = 'ENTWINE_ERR_PROTOCOL_TOO_OLD' | 'ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD';

export interface Ctx {
  deps: DeviceDeps;
  state: DeviceState;
  api: RelayApi;
  suite: CipherSuite;
  emit(event: DeviceEvent): void;
  /**
   * Writes the named pieces of the state (and any marked before) as records, in one atomic batch: callers
   * name what they changed (`changes` in store/records.ts); nothing else is written.
   */
  save(...changed: Change[]): Promise<void>;
  /** Notes changed pieces for the next `save` (e.g. while a delivery is being read). */
  mark(...changed: Change[]): void;
  /** Takes `count` seqs of the bond's sending epoch, atomically against other writers of the store. */
  reserveSeqs(bond: BondState, count: number): Promise<{ epoch: SendingEpoch; first: bigint }>;
  /** Reads back what another writer of the store (another process on this home) saved since the last look. */
  refresh(): Promise<void>;
}

/** What a helper that only reads the state (and talks to the relay) needs: it writes no record. */
export type ReadCtx = Omit<Ctx, 'save' | 'mark'>;
