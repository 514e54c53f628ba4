/**
 * Transient live envelopes in SQLite (decision 0014 §1; rules S24–S27 of `store-contract.ts`):
 * - a read position per (bond, device) only moves up, and never past the newest cursor the store assigned,
 *   so a device cannot claim to have read what does not exist yet;
 * - an envelope is deleted once every recipient device — every device on either member's current device
 *   list except its sender — has read past it (after each read report, and after a member's list dropped a
 *   device that was holding it back); with no recipient device at all, only the live window deletes it;
 * - `expire` deletes envelopes stored before a cutoff and adds each to the missed count of every recipient
 *   device that had not read it;
 * - every deletion raises the floor of its (sender device, epoch) to the highest seq deleted, so a resend of
 *   a deleted envelope (an ACK lost on the way back) is a duplicate, never stored and delivered twice. Floors
 *   are one row per sender epoch and are forgotten two live windows after the envelope they came from.
 * Every method runs inside the caller's transaction.
 */
import type Database from 'better-sqlite3';

interface DeletedRow {
  cursor: bigint;
  sender_device: string;
  epoch_id: string;
  seq: bigint;
  stored_at: bigint;
}

const RETURNING = 'RETURNING cursor, sender_device, epoch_id, seq, stored_at';
const SIGN_BIT = 1n << 63n;

/** The least of some u64s (Math.min takes no bigint). */
function least(values: bigint[]): bigint {
  let low = values[0] ?? 0n;
  for (const v of values) if (v < low) low = v;
  return low;
}

/** An order-preserving signed key for a u64 seq, so SQLite's signed INTEGER compares seqs as u64 do. */
export const seqKey = (seq: bigint): bigint => BigInt.asIntN(64, BigInt.asUintN(64, seq) ^ SIGN_BIT);

function liveStatements(db: Database.Database) {
  const big = <T extends unknown[], R>(sql: string) => db.prepare<T, R>(sql).safeIntegers(true);
  return {
    devicesOfBond: db.prepare<[string, string], { device_id: string }>('SELECT device_id FROM devices WHERE user_id IN (?, ?)'),
    positions: big<[string], { device_id: string; cursor: bigint; missed: bigint }>(
      'SELECT device_id, cursor, missed FROM read_positions WHERE bond_id = ?',
    ),
    position: big<[string, string], { cursor: bigint; missed: bigint }>(
      'SELECT cursor, missed FROM read_positions WHERE bond_id = ? AND device_id = ?',
    ),
    setPosition: db.prepare<[string, string, bigint, number]>(
      `INSERT INTO read_positions (bond_id, device_id, cursor, missed) VALUES (?, ?, ?, ?)
       ON CONFLICT (bond_id, device_id) DO UPDATE SET cursor = excluded.cursor, missed = excluded.missed`,
    ),
    addMissed: db.prepare<[string, string, number]>(
      `INSERT INTO read_positions (bond_id, device_id, cursor, missed) VALUES (?, ?, 0, ?)
       ON CONFLICT (bond_id, device_id) DO UPDATE SET missed = missed + excluded.missed`,
    ),
    missedOf: db.prepare<[string], { bond_id: string; missed: number }>(
      'SELECT bond_id, missed FROM read_positions WHERE device_id = ? AND missed > 0',
    ),
    forgetDevice: db.prepare<[string]>('DELETE FROM read_positions WHERE device_id = ?'),
    newestAssigned: big<[], { seq: bigint }>("SELECT seq FROM sqlite_sequence WHERE name = 'envelopes'"),
    newestOfBond: big<[string], { newest: bigint | null }>('SELECT max(cursor) AS newest FROM envelopes WHERE bond_id = ?'),
    deleteReadBy: big<[string, string, bigint], DeletedRow>(
      `DELETE FROM envelopes WHERE bond_id = ? AND sender_device = ? AND cursor <= ? ${RETURNING}`,
    ),
    // Envelopes of a sender device no member lists any more: every listed device is a recipient.
    deleteReadOfUnlisted: big<[string, bigint, string, string], DeletedRow>(
      `DELETE FROM envelopes WHERE bond_id = ? AND cursor <= ?
       AND sender_device NOT IN (SELECT device_id FROM devices WHERE user_id IN (?, ?)) ${RETURNING}`,
    ),
    expiredBonds: db.prepare<[number], { bond_id: string; user_a: string | null; user_b: string | null }>(
      `SELECT e.bond_id, b.user_a, b.user_b FROM (SELECT DISTINCT bond_id FROM envelopes WHERE stored_at < ?) e
       LEFT JOIN bonds b ON b.bond_id = e.bond_id`,
    ),
    deleteExpired: big<[string, number], DeletedRow>(`DELETE FROM envelopes WHERE bond_id = ? AND stored_at < ? ${RETURNING}`),
    floor: big<[string, string], { max_seq_key: bigint }>(
      'SELECT max_seq_key FROM envelope_floors WHERE sender_device = ? AND epoch_id = ?',
    ),
    raiseFloor: db.prepare<[string, string, string, bigint, bigint]>(
      `INSERT INTO envelope_floors (sender_device, epoch_id, bond_id, max_seq_key, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (sender_device, epoch_id) DO UPDATE SET
         max_seq_key = max(max_seq_key, excluded.max_seq_key), updated_at = max(updated_at, excluded.updated_at)`,
    ),
    forgetFloors: db.prepare<[number]>('DELETE FROM envelope_floors WHERE updated_at < ?'),
    dropBond: [
      db.prepare<[string]>('DELETE FROM read_positions WHERE bond_id = ?'),
      db.prepare<[string]>('DELETE FROM envelope_floors WHERE bond_id = ?'),
    ],
  };
}

export interface BondMembers {
  bondId: string;
  userA: string;
  userB: string;
}

export class SqliteLive {
  private readonly q: ReturnType<typeof liveStatements>;

  constructor(db: Database.Database) {
    this.q = liveStatements(db);
  }

  /** Sets the device's position to max(stored, min(cursor, newest assigned)), deletes what all have read. */
  markRead(bond: BondMembers, deviceId: string, cursor: bigint): { cursor: bigint; missed: number; deleted: number } {
    const assigned = this.q.newestAssigned.get()?.seq ?? 0n;
    const stored = this.q.position.get(bond.bondId, deviceId);
    const wanted = cursor < assigned ? cursor : assigned;
    const position = stored && stored.cursor > wanted ? stored.cursor : wanted;
    const missed = Number(stored?.missed ?? 0n);
    this.q.setPosition.run(bond.bondId, deviceId, position, missed);
    const deleted = this.deleteRead(bond);
    const newest = this.q.newestOfBond.get(bond.bondId)?.newest ?? 0n;
    // Caught up: the count is answered this once, then cleared.
    if (missed > 0 && position >= newest) this.q.setPosition.run(bond.bondId, deviceId, position, 0);
    return { cursor: position, missed, deleted };
  }

  missedFor(deviceId: string): Map<string, number> {
    return new Map(this.q.missedOf.all(deviceId).map((r) => [r.bond_id, r.missed]));
  }

  /**
   * Deletes the bond's envelopes every recipient device has read: for each listed device as sender, those
   * up to the lowest position of the other listed devices; for a sender no list names, up to the lowest of all.
   */
  deleteRead(bond: BondMembers): number {
    const devices = this.q.devicesOfBond.all(bond.userA, bond.userB).map((r) => r.device_id);
    if (devices.length === 0) return 0;
    const positions = new Map(this.q.positions.all(bond.bondId).map((r) => [r.device_id, r.cursor]));
    const at = (d: string) => positions.get(d) ?? 0n;
    let deleted = 0;
    for (const sender of devices) {
      const others = devices.filter((d) => d !== sender);
      if (others.length === 0) continue;
      const upTo = least(others.map(at));
      if (upTo > 0n) deleted += this.raiseFloors(bond.bondId, this.q.deleteReadBy.all(bond.bondId, sender, upTo));
    }
    const all = least(devices.map(at));
    if (all > 0n) deleted += this.raiseFloors(bond.bondId, this.q.deleteReadOfUnlisted.all(bond.bondId, all, bond.userA, bond.userB));
    return deleted;
  }

  /** Deletes every envelope stored before `cutoff`, counting it as missed for each recipient device that had not read it. */
  expire(cutoff: number): number {
    let deleted = 0;
    for (const { bond_id: bondId, user_a, user_b } of this.q.expiredBonds.all(cutoff)) {
      const rows = this.q.deleteExpired.all(bondId, cutoff);
      deleted += this.raiseFloors(bondId, rows);
      if (user_a === null || user_b === null) continue;
      const positions = new Map(this.q.positions.all(bondId).map((r) => [r.device_id, r.cursor]));
      for (const { device_id: device } of this.q.devicesOfBond.all(user_a, user_b)) {
        const read = positions.get(device) ?? 0n;
        const unread = rows.filter((r) => r.sender_device !== device && r.cursor > read).length;
        if (unread > 0) this.q.addMissed.run(bondId, device, unread);
      }
    }
    return deleted;
  }

  /** Makes a resent envelope a duplicate if its seq is at or below the highest deleted one of its epoch. */
  isBelowFloor(senderDevice: string, epochId: string, seq: bigint): boolean {
    const floor = this.q.floor.get(senderDevice, epochId);
    return floor !== undefined && seqKey(seq) <= floor.max_seq_key;
  }

  forgetFloorsBefore(time: number): void {
    this.q.forgetFloors.run(time);
  }

  /** A device dropped from its list no longer reads: its positions go, which may let envelopes go too. */
  forgetDevice(deviceId: string): void {
    this.q.forgetDevice.run(deviceId);
  }

  dropBond(bondId: string): void {
    for (const statement of this.q.dropBond) statement.run(bondId);
  }

  private raiseFloors(bondId: string, rows: DeletedRow[]): number {
    const highest = new Map<string, { sender: string; epoch: string; key: bigint; at: bigint }>();
    for (const r of rows) {
      const id = `${r.sender_device}\u0000${r.epoch_id}`;
      const key = seqKey(r.seq);
      const seen = highest.get(id);
      if (!seen) highest.set(id, { sender: r.sender_device, epoch: r.epoch_id, key, at: r.stored_at });
      else {
        if (key > seen.key) seen.key = key;
        if (r.stored_at > seen.at) seen.at = r.stored_at;
      }
    }
    for (const f of highest.values()) this.q.raiseFloor.run(f.sender, f.epoch, bondId, f.key, f.at);
    return rows.length;
  }
}
