/** What the device shows of its bonds and pairings to a UI: copies, never its own state. */
import { type Facet, levelsAt, type ShieldLevel, type ShieldPolicy } from '@entwine/core';
import type { EndFault } from '../bond-end.ts';
import type { BondState, BondVerification } from '../state.ts';
import { cloneJson } from './find-bond.ts';

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
  /** Updates from the partner that expired on the relay before this device read them (told so far). */
  missed?: number;
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

export function summary(b: BondState, now: number): BondSummary {
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
  if (b.missed) s.missed = b.missed;
  return s;
}
