/**
 * The device's state in memory, bytes as base64url. At rest it is kept as records of a DeviceStore
 * (`store/records.ts` for the layout; CLI: SQLite in the home, 0600; web: sealed by the profile's
 * non-extractable key or a passkey), each written when it changes. `parseState` reads the single JSON
 * document it was kept as before records, for the migration (`store/migrate.ts`). Ephemeral pairing keys
 * are deleted as soon as a bond is derived, and an ended bond's keys are deleted at once.
 */
import {
  type AreaLevel,
  type CoarsenState,
  coarseningKeyOf,
  type Facet,
  fromBase64url,
  type GlanceKind,
  type MomentMessage,
  type ReplayState,
  type SharedFeeling,
  type ShieldChoice,
  type ShieldPolicy,
  type SignedBlob,
  shieldPolicy,
  toBase64url,
} from '@entwine/core';
import { type EndFault, forgetBond } from './bond-end.ts';
import type { ThoughtMark } from './context.ts';
import type { DroppedCounts } from './dropped.ts';
import { emptyView, type PartnerView } from './view.ts';

export interface PeerState {
  userId: string;
  name: string;
  identityPub: string;
  deviceList: SignedBlob;
  deviceListVersion: number;
  devices: { deviceId: string; signPub: string; dhPub: string }[];
  /**
   * Devices a newer list of theirs dropped (a restore elsewhere): what they sent before is still read and
   * verified under their keys, but nothing new is sealed to them (`peer-devices.ts`).
   */
  retiredDevices?: { deviceId: string; signPub: string; dhPub: string }[];
}

export interface SendingEpoch {
  epochId: string;
  key: string;
  /** The next seq to use; persisted before an envelope leaves, so a seq is never reused. */
  nextSeq: string;
  createdAt: number;
  /** Whether the relay acknowledged the key distribution. */
  distributed: boolean;
  /** Its place among this device's epochs in the bond (signed into the key distribution); absent before it existed. */
  index?: number;
  /** Set when the partner's devices changed: nothing more is sealed under it, the next message starts a new epoch. */
  retired?: boolean;
}

export interface ReceivingEpoch {
  key: string;
  replay: ReplayState;
  /** The sender's signed place of this epoch among its epochs in the bond; absent for older senders. */
  index?: number;
}

export type BondStatus = 'pending' | 'active' | 'ended' | 'failed';

/**
 * Whether this person compared the numbers (SAS, safety number) with the partner: `unchecked` until they
 * say; `match` once they confirmed the numbers match; `skipped` if they chose to go on without checking
 * (shown as *not verified*). While `unchecked`, every facet of the bond is held at nothing on this device.
 */
export type BondVerification = 'unchecked' | 'match' | 'skipped';

/** An exact fix as the device's location source produced it. */
export interface ExactFix {
  ts: number;
  lat: number;
  lon: number;
  acc?: number;
  alt?: number;
  speed?: number;
  bearing?: number;
}

/**
 * What this person's shields coarsen from: the newest fix, the battery, and one grid state per area
 * level (shared by every bond at that level). The coarsening key never leaves this user's devices.
 */
export interface SourceState {
  /** base64url of `coarseningKeyOf(identity seed)`: one grid per person, whatever the device. */
  coarseningKey: string;
  fix?: ExactFix;
  grid: Partial<Record<AreaLevel, CoarsenState>>;
  battery?: { level: number; charging?: boolean };
  /** The feeling the person set, with when they set it. */
  feeling?: Omit<SharedFeeling, 'kind' | 'level' | 'ts'>;
  /** The last couple of minutes of fixes (time and place only), to tell moving from still. */
  recent?: { ts: number; lat: number; lon: number; speed?: number }[];
}

export interface BondState {
  bondId: string;
  inviteId: string;
  role: 'inviter' | 'invitee';
  status: BondStatus;
  failure?: string;
  peer: PeerState;
  sas: string;
  safetyNumber: string;
  /** This person's own check of the numbers (see BondVerification); nothing leaves for the partner while `unchecked`. */
  verification: BondVerification;
  sending?: SendingEpoch;
  /** Keyed by `${senderDevice}/${epochId}`. */
  receiving: Record<string, ReceivingEpoch>;
  /** Highest relay cursor processed for this bond. */
  cursor: string;
  endedBy?: 'me' | 'peer';
  /** When the bond ended (the signed bond-end's time); an ended bond is only a tombstone (bond-end.ts). */
  endedAt?: number;
  /** The relay reported an end this device could not verify; the bond is kept (bond-end.ts). */
  relayFault?: { reason: EndFault; at: number /** the bad document's signature: one forgery is reported once */; sig?: string };
  /** This person's shields towards this partner. Only this person's own devices change it. */
  shield: ShieldPolicy;
  /** What this partner sees of this person: folded from the very plaintexts sent to them. */
  sentView: PartnerView;
  /** What this person sees of the partner: folded from the verified plaintexts received (kept with ages). */
  receivedView: PartnerView;
  /** Thoughts both ways, oldest first. */
  thoughts?: ThoughtEntry[];
  /** Glances both ways, newest first. */
  glances?: GlanceEntry[];
  /** Photos both ways, newest first (received ones only once complete and verified). */
  moments?: MomentEntry[];
  /** When this person shared photos with this partner in the last day (for the daily limit). */
  momentSends?: number[];
  /** When the partner's device list last changed (a restore on another device): shown on the bond screen. */
  peerDevicesChangedAt?: number;
  /** Envelopes of this bond not shown, by reason (`dropped.ts`). */
  dropped?: DroppedCounts;
  /** Envelopes of the partner's the relay's live window deleted before this device read them, told so far (0014 §1). */
  missed?: number;
  /** The relay's last missed count for this device (not yet cleared), so each expiry is counted once. */
  missedPending?: number;
}

export interface ThoughtEntry {
  id: string;
  from: 'me' | 'peer';
  text: string;
  ts: number;
  mark: ThoughtMark;
}

export interface GlanceEntry {
  id: string;
  from: 'me' | 'peer';
  glance: GlanceKind;
  ts: number;
}

export interface MomentEntry {
  id: string;
  from: 'me' | 'peer';
  header: MomentMessage;
  /** base64url of the photo as it was sent (metadata already stripped); '' once it is no longer kept. */
  photo: string;
}

export interface InviteState {
  inviteId: string;
  secret: string;
  ePriv: string;
  nonce: string;
  inviteBlob: string;
  expiresAt: number;
  status: 'open' | 'responded' | 'revealed' | 'declined' | 'expired';
  /**
   * Filled in once a response arrived and verified, with the numbers the inviter compares before her yes:
   * the SAS (she holds her ephemeral key and now the responder's) and the safety number of both identities.
   */
  request?: { name: string; userId: string; responseBlob: string; sas?: string; safetyNumber?: string };
}

export interface RequestState {
  inviteId: string;
  secret: string;
  ePriv: string;
  inviteBlob: string;
  responseBlob: string;
  inviter: PeerState;
  commit: string;
  status: 'asked' | 'bonded' | 'declined' | 'failed';
  failure?: string;
  /** What the invitee chose to share before asking. */
  shieldChoice: ShieldChoice;
}

export interface OutboxEntry {
  bondId: string;
  /** The facet it carries (local only): lowering that facet's level drops its unsent entries. */
  facet?: Facet;
  epochId: string;
  seq: string;
  envelope: string;
}

export interface DeviceState {
  v: 1;
  name: string;
  server: string;
  identity: { seed: string; publicKey: string; userId: string };
  device: { deviceId: string; signSeed: string; signPub: string; dhPriv: string; dhPub: string };
  deviceList: { blob: SignedBlob; version: number };
  invites: Record<string, InviteState>;
  requests: Record<string, RequestState>;
  bonds: Record<string, BondState>;
  outbox: OutboxEntry[];
  source: SourceState;
  /**
   * Set once the relay said this identity moved to another device (a newer device list without this one,
   * `ENTWINE_ERR_AUTH_DEVICE_REPLACED`): this device then shares nothing and stops reconnecting.
   */
  displaced?: { at: number };
  /** Envelopes not shown that named no bond of this device, by reason (`dropped.ts`). */
  droppedElsewhere?: DroppedCounts;
}

/**
 * Reads a saved state. States saved before shields existed carried an on/off `sharing` per bond; they
 * become the matching policy (on → exact location), and what they had last sent or received is dropped.
 * The coarsening key is derived from the identity seed on every open: a state saved while it was random
 * per install moves onto the one grid of this identity (its cells of the old grid are dropped), once.
 */
export function parseState(serialized: string): DeviceState {
  const state = JSON.parse(serialized) as DeviceState;
  if (state.v !== 1) throw new RangeError(`device state version: expected 1, got ${String(state.v)}`);
  const coarseningKey = toBase64url(coarseningKeyOf(fromBase64url(state.identity.seed)));
  state.source ??= { coarseningKey, grid: {} };
  if (state.source.coarseningKey !== coarseningKey) state.source = { ...state.source, coarseningKey, grid: {} };
  for (const bond of Object.values(state.bonds)) {
    const old = bond as BondState & { sharing?: { location?: boolean }; lastSent?: unknown; lastReceived?: unknown };
    if (!old.shield) old.shield = shieldPolicy(old.sharing?.location ? { location: 'exact' } : {});
    old.sentView ??= emptyView();
    old.receivedView ??= emptyView();
    // Bonds made before the numbers had to be checked were never checked in the app: not verified.
    old.verification ??= 'skipped';
    delete old.sharing;
    delete old.lastSent;
    delete old.lastReceived;
  }
  // Bonds ended before ending forgot (issue 10) still hold what was received in them: forget it now.
  for (const bond of Object.values(state.bonds)) {
    if (bond.status === 'ended' && (bond.peer.devices.length > 0 || bond.thoughts || bond.moments || bond.glances)) {
      forgetBond(state, bond, bond.endedBy ?? 'peer', bond.endedAt);
    }
  }
  // Before facets were tagged, the only kind an outbox could hold was location.
  for (const entry of state.outbox) entry.facet ??= 'location';
  for (const req of Object.values(state.requests)) {
    const old = req as RequestState & { sharing?: { location?: boolean } };
    old.shieldChoice ??= old.sharing?.location ? { location: 'exact' } : {};
    delete old.sharing;
  }
  return state;
}
