/**
 * Where a device keeps its state: many small records instead of one document, so that recording a fix or
 * sealing a tick writes what changed and nothing else, and so that two processes on one home (the CLI's
 * `watch` beside `confirm`, `shield` or `say`) each write their own records without overwriting the other's.
 *
 * A record is addressed by its kind and an id within the kind (a bond id, a thought id, '' for a singleton).
 * Values are bytes: JSON for most kinds, raw for photos. Adapters: memory (tests), SQLite (the CLI, WAL),
 * IndexedDB (the web app; every value sealed with the profile's non-extractable key before it is stored).
 * One contract suite (`device-store-contract.ts`) holds all three to the same behaviour.
 */

/** One change in an atomic batch. `deletePrefix` removes every id of the kind that starts with `prefix`. */
export type StoreOp =
  | { op: 'put'; kind: string; id: string; value: Uint8Array }
  | { op: 'delete'; kind: string; id: string }
  | { op: 'deletePrefix'; kind: string; prefix: string };

export interface StoredRecord {
  id: string;
  value: Uint8Array;
}

export interface DeviceStore {
  get(kind: string, id: string): Promise<Uint8Array | undefined>;
  /** Every record of a kind whose id starts with `prefix` (all of them when omitted), in id order. */
  list(kind: string, prefix?: string): Promise<StoredRecord[]>;
  /** Applies the ops in order, all or none, durably: once this resolves the batch survives a crash. */
  write(ops: StoreOp[]): Promise<void>;
  /**
   * Read-modify-write of one record, atomic against every other writer of this store (another process on
   * the same home, another tab): `fn` sees the committed value and returns the new one (undefined deletes).
   * Used where two writers could otherwise both take the same value (an epoch's next sequence number).
   */
  update(kind: string, id: string, fn: (current: Uint8Array | undefined) => Uint8Array | undefined): Promise<Uint8Array | undefined>;
  /**
   * A number that changes whenever another writer (not this handle) committed since the last call, so a
   * long-running device can reload what others wrote before it acts. Cheap enough to ask on every tick.
   */
  changedElsewhere(): Promise<number>;
  close(): Promise<void>;
}
