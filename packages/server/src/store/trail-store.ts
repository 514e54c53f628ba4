/**
 * The part of the Store that keeps history (decision 0014 §2–4): day chunks, each sharer's retention per
 * bond, and vault epoch keys. Days are UTC day numbers (days since 1970-01-01) and "today" is always passed
 * in by the caller from the relay's clock; the store holds no clock.
 *
 * Guarantees (rule ids as in `store-contract.ts`):
 * - S28 one chunk per (owner, day, sender device): the newest revision; a revision at or below the stored one
 *   is refused `stale` and changes nothing. Revisions compare as u64.
 * - S9 a bond chunk is stored only while its bond is active at commit time; a vault chunk has no bond.
 * - S29 a sharer's retention for a bond keeps their chunks of days from `today − days` on (30 by default;
 *   `null` forever): setting it deletes the older ones in the same transaction, the sweep deletes them as days
 *   pass, and a chunk for a day before that, or at or before any day a retention already deleted, is refused
 *   `retention` — so raising a retention never brings a deleted day back. A day never deleted (never sent) is
 *   taken under a longer retention: "forever" then takes an import of older days. The vault has no retention.
 * - S3 ending a bond deletes its chunks and retention settings with it (`Store.endBond`).
 * - S31 a vault key is stored once per (vault, epoch); the first one stays.
 */
import type { RetentionDays, SignedBlob } from '@entwine/core';
import type { BondRefusal } from './store.ts';

export type ChunkOwnerKind = 'bond' | 'vault';

export interface NewChunk {
  /** The bondId or the vaultId, as in the chunk header. */
  ownerId: string;
  ownerKind: ChunkOwnerKind;
  senderDevice: string;
  /** The sender device's user: whose retention applies to a bond chunk. */
  senderUser: string;
  day: number;
  /** u64. */
  revision: bigint;
  /** The whole chunk, header included, as it travels. */
  body: Uint8Array;
}

export type PutChunkResult =
  | { status: 'stored' }
  | { status: 'stale'; storedRevision: bigint }
  /** The day is before what the sharer's retention keeps in this bond. */
  | { status: 'retention' }
  | { status: BondRefusal };

export interface StoredChunk {
  day: number;
  senderDevice: string;
  revision: bigint;
  body: Uint8Array;
}

export interface ChunkPage {
  /** In (day, senderDevice) order; whole days only. */
  chunks: StoredChunk[];
  /** The first day with chunks left out for the byte budget; undefined when the range is complete. */
  nextDay: number | undefined;
}

export type SetRetentionResult = { status: 'set'; deleted: number } | { status: BondRefusal };

export interface VaultKey {
  epochId: string;
  blob: SignedBlob;
}

export interface TrailStore {
  /** `today`: the relay's UTC day, for the retention check. */
  putChunk(chunk: NewChunk, today: number): Promise<PutChunkResult>;
  /**
   * The owner's chunks with `from ≤ day ≤ to` that their retention keeps on `today`. Stops before a day whose
   * chunks would take the page past `maxBytes`, but always holds the first day that has any.
   */
  readChunks(ownerId: string, from: number, to: number, maxBytes: number, today: number): Promise<ChunkPage>;
  /** Sets `userId`'s retention for the active bond and deletes their chunks of it that fall outside (S29). */
  setRetention(bondId: string, userId: string, days: RetentionDays, today: number): Promise<SetRetentionResult>;
  /** The retention each member chose for the bond, by userId; a member who never chose is absent. */
  getRetention(bondId: string): Promise<Map<string, RetentionDays>>;
  putVaultKey(vaultId: string, key: VaultKey): Promise<'stored' | 'duplicate'>;
  /** In the order they were stored. */
  listVaultKeys(vaultId: string): Promise<VaultKey[]>;
}
