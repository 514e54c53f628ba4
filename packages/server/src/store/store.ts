/**
 * What the relay keeps, behind one interface so SQLite (embedded default) and PostgreSQL (scaled out)
 * are interchangeable; `store-contract.ts` is the one suite every implementation must pass.
 *
 * Guarantees every implementation gives (rule ids as in the contract suite):
 * - S1 a promise from `appendEnvelopes` resolves only after the rows are durably committed;
 * - S2 `(senderDevice, epochId, seq)` is stored once; a repeat resolves `duplicate` with the first cursor;
 * - S3 `endBond` marks the bond ended and deletes its envelopes and key-dists in one transaction,
 *   and leaves no deleted ciphertext readable in the store's files;
 * - S23 an ended bond keeps the signed bond-end it was ended with (the first one), for members to verify;
 * - S9 envelopes, key-dists and bond chunks are stored only for a bond that is `active` at commit time;
 * - invite, nonce and bond transitions are atomic check-and-set: two racing callers never both win;
 * - live envelopes are transient (decision 0014 §1): S24 read positions only move up; S25 an envelope is
 *   deleted once every recipient device has read past it; S26 the sweep deletes envelopes older than the
 *   live window and counts them as missed for each recipient device that had not read them; S27 a deleted
 *   envelope sent again is a duplicate, not a second delivery;
 * - day chunks (0014 §2–4, `trail-store.ts`): S28 newest revision only; S29 retention per (bond, sharer);
 *   S3 ending a bond deletes its chunks too; S31 vault keys once per (vault, epoch);
 * - S30 what is deleted leaves the store's files: they shrink after a large delete (WAL included);
 * - app drops (0019, `drop-store.ts`): S32 one person's, S33 durable and in order, S34 capped, S35
 *   acknowledged posts deleted, S36 a number of drops per person.
 * Ids are unpadded base64url strings as they travel; times are Unix milliseconds passed in by the
 * caller (the store holds no clock).
 */
import type { SignedBlob } from '@entwine/core';
import type { DropStore } from './drop-store.ts';
import type { TrailStore } from './trail-store.ts';

export interface UserRecord {
  userId: string;
  identityPub: Uint8Array;
  deviceList: SignedBlob;
  version: number;
}

export interface DeviceRecord {
  deviceId: string;
  userId: string;
  signPub: Uint8Array;
}

/** A verified device list, ready to store; `devices` replaces the user's whole device set. */
export interface NewDeviceList {
  userId: string;
  identityPub: Uint8Array;
  version: number;
  deviceList: SignedBlob;
  devices: { deviceId: string; signPub: Uint8Array }[];
}

export type PutDeviceListResult =
  /** `removedDevices`: devices of the previous list that this one drops (their sessions are gone). */
  | { status: 'stored'; removedDevices: string[] }
  | { status: 'rollback'; storedVersion: number }
  /** A device id already certified by another identity: one device belongs to one person. */
  | { status: 'device-taken'; deviceId: string };

export interface SessionRecord {
  /** SHA-256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  deviceId: string;
  userId: string;
  expiresAt: number;
}

export type InviteState = 'open' | 'responded' | 'revealed' | 'declined';

export interface InviteRecord {
  inviteId: string;
  creatorUser: string;
  creatorDevice: string;
  /** Sealed invite blob, base64url as it travels. */
  blob: string;
  expiresAt: number;
  state: InviteState;
  responderUser?: string;
  responderDevice?: string;
  response?: string;
  reveal?: string;
  bondId?: string;
}

export interface NewInvite {
  inviteId: string;
  creatorUser: string;
  creatorDevice: string;
  blob: string;
  expiresAt: number;
}

export type InviteRefusal =
  | 'not-found'
  | 'expired'
  /** Someone already answered it (state responded or revealed). */
  | 'used'
  | 'declined'
  /** The creator tried to answer their own invite. */
  | 'own-invite'
  /** A creator-only step by someone else. */
  | 'not-creator'
  /** A creator-only step at the wrong state (e.g. reveal before any response). */
  | 'wrong-state'
  | 'bond-exists';

export type InviteTransition =
  | { ok: true; invite: InviteRecord; changed: boolean }
  | { ok: false; reason: InviteRefusal; invite?: InviteRecord };

export type BondState = 'pending' | 'active' | 'ended';

export interface BondRecord {
  bondId: string;
  inviteId: string;
  /** The inviter. */
  userA: string;
  /** The invitee. */
  userB: string;
  state: BondState;
  confirmA: SignedBlob;
  confirmB?: SignedBlob;
  endedBy?: string;
  /** The signed bond-end of whoever ended it (S23): members verify it rather than trust `endedBy`. */
  end?: SignedBlob;
}

export interface NewBond {
  bondId: string;
  inviteId: string;
  userA: string;
  userB: string;
  confirmA: SignedBlob;
}

export type BondTransition =
  | { status: 'changed' | 'unchanged'; bond: BondRecord }
  | { status: 'not-found' }
  /** Activation refused because the bond already ended. */
  | { status: 'ended'; bond: BondRecord };

export interface NewKeyDist {
  bondId: string;
  senderDevice: string;
  epochId: string;
  blob: SignedBlob;
}

export interface NewEnvelope {
  bondId: string;
  senderDevice: string;
  epochId: string;
  /** u64; the full range round-trips. */
  seq: bigint;
  body: Uint8Array;
  /** The relay's clock at submission (ms): the live window counts from it. */
  storedAt: number;
}

export interface StoredEnvelope {
  cursor: bigint;
  body: Uint8Array;
}

/** Why an envelope or key-dist was not stored: the bond's state at commit time. */
export type BondRefusal = 'bond-missing' | 'bond-pending' | 'bond-ended';

/** A duplicate's cursor is the first copy's, or 0 when that copy was read by everyone and deleted (S27). */
export type AppendResult = { status: 'stored' | 'duplicate'; cursor: bigint } | { status: BondRefusal };

/** A device's read position in one bond (S24) and its missed count (S26). */
export interface ReadPosition {
  /** Every envelope of the bond with a cursor up to this one has been read by the device. */
  cursor: bigint;
  /** Envelopes the live window deleted before this device read them, not yet cleared. */
  missed: number;
}

export type MarkReadResult = ({ status: 'ok' } & ReadPosition) | { status: BondRefusal };

export interface SweepPolicy {
  /** Live envelopes older than this (by `storedAt`) are deleted. */
  liveWindowMs: number;
}

/** What one sweep deleted, for the relay's log (counts only). */
export interface SweepReport {
  envelopesExpired: number;
  chunksExpired: number;
}

export type PutKeyDistResult = { status: 'stored' | 'duplicate' } | { status: BondRefusal };

export interface Store extends TrailStore, DropStore {
  putDeviceList(list: NewDeviceList): Promise<PutDeviceListResult>;
  getUser(userId: string): Promise<UserRecord | undefined>;
  getDevice(deviceId: string): Promise<DeviceRecord | undefined>;
  /** A device its identity dropped from a newer device list (and that no list has taken back since). */
  getRemovedDevice(deviceId: string): Promise<{ userId: string } | undefined>;

  putAuthNonce(nonce: string, deviceId: string, expiresAt: number): Promise<void>;
  /** Burns the nonce; returns its expiry only if it existed, was issued to `deviceId` and is unexpired at `now`. */
  consumeAuthNonce(nonce: string, deviceId: string, now: number): Promise<{ expiresAt: number } | undefined>;
  createSession(session: SessionRecord): Promise<void>;
  getSession(tokenHash: string, now: number): Promise<SessionRecord | undefined>;

  createInvite(invite: NewInvite): Promise<'created' | 'exists'>;
  getInvite(inviteId: string): Promise<InviteRecord | undefined>;
  /** open and unexpired → responded; refusals: not-found, own-invite, declined, used, expired. */
  respondToInvite(
    inviteId: string,
    answer: { responderUser: string; responderDevice: string; response: string },
    now: number,
  ): Promise<InviteTransition>;
  /** Creator only; open or responded → declined (already declined: ok, unchanged). */
  declineInvite(inviteId: string, byUser: string): Promise<InviteTransition>;
  /** Creator only; responded → revealed, creating the pending bond in the same transaction. */
  revealInvite(inviteId: string, byUser: string, reveal: string, bond: NewBond): Promise<InviteTransition>;
  /** Invites the user created or answered, newest first. */
  listPairings(userId: string): Promise<InviteRecord[]>;

  getBond(bondId: string): Promise<BondRecord | undefined>;
  listBonds(userId: string): Promise<BondRecord[]>;
  /** pending → active with the invitee's confirmation; active: unchanged; ended: refused. */
  activateBond(bondId: string, confirmB: SignedBlob): Promise<BondTransition>;
  /**
   * → ended, keeping `end` (the signed bond-end) and deleting the bond's envelopes, key-dists, read
   * positions, day chunks and retention settings in the same transaction; ended: unchanged (the first end and
   * its document stay).
   */
  endBond(bondId: string, byUser: string, end: SignedBlob): Promise<BondTransition>;

  putKeyDist(keyDist: NewKeyDist): Promise<PutKeyDistResult>;
  listKeyDists(bondId: string): Promise<SignedBlob[]>;

  /** Group-committed: calls in one event-loop turn share one transaction; one result per input, in order. */
  appendEnvelopes(envelopes: readonly NewEnvelope[]): Promise<AppendResult[]>;
  /** Envelopes of the bond with cursor > `after`, ascending, at most `limit`, stopping once `maxBytes` is reached. */
  readEnvelopes(bondId: string, after: bigint, limit: number, maxBytes: number): Promise<StoredEnvelope[]>;

  /**
   * Records that `deviceId` has read the active bond's envelopes up to `cursor` (S24: the position only moves
   * up, and never past the newest cursor the store assigned), then deletes every envelope of the bond that all
   * its recipient devices have read (S25). Answers the position and the missed count; a position at or past
   * the bond's newest cursor clears the count after answering it (S26).
   */
  markRead(bondId: string, deviceId: string, cursor: bigint): Promise<MarkReadResult>;
  /** The device's non-zero missed counts, by bondId. */
  missedFor(deviceId: string): Promise<Map<string, number>>;

  /**
   * Forgets expired nonces and sessions, deletes live envelopes older than the live window (S26) and, once
   * per UTC day, bond chunks that fell out of their retention (S29); then frees the pages (S30).
   */
  sweep(now: number, policy: SweepPolicy): Promise<SweepReport>;
  /** Commits anything queued, then releases the store; later calls reject. */
  close(): Promise<void>;
}
