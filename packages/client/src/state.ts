/**
 * The device's persistent state: one JSON document, bytes as base64url. It holds secret keys, so the
 * KeyStore adapter protects it at rest (CLI: a 0600 file written temp → fsync → rename; web: wrapped by a
 * non-extractable WebCrypto key). Ephemeral pairing keys are deleted as soon as a bond is derived, and an
 * ended bond's keys are deleted at once.
 */
import type { LocationMessage, ReplayState, SignedBlob } from '@entwine/core';

export interface PeerState {
  userId: string;
  name: string;
  identityPub: string;
  deviceList: SignedBlob;
  deviceListVersion: number;
  devices: { deviceId: string; signPub: string; dhPub: string }[];
}

export interface SendingEpoch {
  epochId: string;
  key: string;
  /** The next seq to use; persisted before an envelope leaves, so a seq is never reused. */
  nextSeq: string;
  createdAt: number;
  /** Whether the relay acknowledged the key distribution. */
  distributed: boolean;
}

export interface ReceivingEpoch {
  key: string;
  replay: ReplayState;
}

export type BondStatus = 'pending' | 'active' | 'ended' | 'failed';

/** What this person shares with one partner, per facet. New bonds start at what was chosen when bonding. */
export interface SharingChoice {
  location: boolean;
}

export const SHARE_NOTHING: SharingChoice = { location: false };

export interface BondState {
  bondId: string;
  inviteId: string;
  role: 'inviter' | 'invitee';
  status: BondStatus;
  failure?: string;
  peer: PeerState;
  sas: string;
  safetyNumber: string;
  sending?: SendingEpoch;
  /** Keyed by `${senderDevice}/${epochId}`. */
  receiving: Record<string, ReceivingEpoch>;
  /** Highest relay cursor processed for this bond. */
  cursor: string;
  endedBy?: 'me' | 'peer';
  sharing: SharingChoice;
  /** The very plaintext last sent to this partner, per kind: what they currently see of this person. */
  lastSent: { location?: LocationMessage };
  /**
   * The newest verified plaintext received from this partner, per kind: what this person currently sees of
   * them (absent in states saved before it existed). Kept so a reopened app shows it with its true age.
   */
  lastReceived?: { location?: LocationMessage };
}

export interface InviteState {
  inviteId: string;
  secret: string;
  ePriv: string;
  nonce: string;
  inviteBlob: string;
  expiresAt: number;
  status: 'open' | 'responded' | 'revealed' | 'declined' | 'expired';
  /** Filled in once a response arrived and verified. */
  request?: { name: string; userId: string; responseBlob: string };
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
  sharing: SharingChoice;
}

export interface OutboxEntry {
  bondId: string;
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
}

export function parseState(serialized: string): DeviceState {
  const state = JSON.parse(serialized) as DeviceState;
  if (state.v !== 1) throw new RangeError(`device state version: expected 1, got ${String(state.v)}`);
  return state;
}
