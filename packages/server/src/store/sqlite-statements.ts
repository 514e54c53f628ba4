/**
 * Every SQL statement the SQLite store runs, prepared once per connection. Statements touching cursors
 * or seqs use `safeIntegers` so 64-bit values never pass through a double.
 */
import type Database from 'better-sqlite3';
import type { BondState } from './store.ts';

export interface BondRow {
  bond_id: string;
  invite_id: string;
  user_a: string;
  user_b: string;
  state: BondState;
  confirm_a: string;
  confirm_b: string | null;
  ended_by: string | null;
  end_doc: string | null;
}

export function prepareStatements(db: Database.Database) {
  return {
    user: db.prepare<[string], { identity_pub: Buffer; device_list: string; version: number }>(
      'SELECT identity_pub, device_list, version FROM users WHERE user_id = ?',
    ),
    upsertUser: db.prepare(
      `INSERT INTO users (user_id, identity_pub, device_list, version) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET device_list = excluded.device_list, version = excluded.version`,
    ),
    device: db.prepare<[string], { user_id: string; sign_pub: Buffer }>('SELECT user_id, sign_pub FROM devices WHERE device_id = ?'),
    devicesOf: db.prepare<[string], { device_id: string }>('SELECT device_id FROM devices WHERE user_id = ?'),
    deleteDevice: db.prepare('DELETE FROM devices WHERE device_id = ?'),
    deleteDeviceSessions: db.prepare('DELETE FROM sessions WHERE device_id = ?'),
    markRemoved: db.prepare(
      'INSERT INTO removed_devices (device_id, user_id) VALUES (?, ?) ON CONFLICT (device_id) DO UPDATE SET user_id = excluded.user_id',
    ),
    unmarkRemoved: db.prepare('DELETE FROM removed_devices WHERE device_id = ?'),
    removedDevice: db.prepare<[string], { user_id: string }>('SELECT user_id FROM removed_devices WHERE device_id = ?'),
    upsertDevice: db.prepare(
      `INSERT INTO devices (device_id, user_id, sign_pub) VALUES (?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET sign_pub = excluded.sign_pub`,
    ),
    putNonce: db.prepare('INSERT INTO auth_nonces (nonce, device_id, expires_at) VALUES (?, ?, ?)'),
    takeNonce: db.prepare<[string], { device_id: string; expires_at: number }>(
      'DELETE FROM auth_nonces WHERE nonce = ? RETURNING device_id, expires_at',
    ),
    putSession: db.prepare('INSERT INTO sessions (token_hash, device_id, user_id, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string, number], { device_id: string; user_id: string; expires_at: number }>(
      'SELECT device_id, user_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?',
    ),
    sweepNonces: db.prepare('DELETE FROM auth_nonces WHERE expires_at <= ?'),
    sweepSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    bond: db.prepare<[string], BondRow>('SELECT * FROM bonds WHERE bond_id = ?'),
    bondState: db.prepare<[string], { state: BondState }>('SELECT state FROM bonds WHERE bond_id = ?'),
    bondsOf: db.prepare<[string, string], BondRow>('SELECT * FROM bonds WHERE user_a = ? OR user_b = ? ORDER BY rowid'),
    insertBond: db.prepare("INSERT INTO bonds (bond_id, invite_id, user_a, user_b, state, confirm_a) VALUES (?, ?, ?, ?, 'pending', ?)"),
    activate: db.prepare("UPDATE bonds SET state = 'active', confirm_b = ? WHERE bond_id = ? AND state = 'pending'"),
    end: db.prepare("UPDATE bonds SET state = 'ended', ended_by = ?, end_doc = ? WHERE bond_id = ? AND state != 'ended'"),
    deleteEnvelopes: db.prepare('DELETE FROM envelopes WHERE bond_id = ?'),
    deleteKeyDists: db.prepare('DELETE FROM key_dists WHERE bond_id = ?'),
    // The pairing blobs are ciphertext of the bond too: the invite row keeps only its id and state.
    wipeInviteBlobs: db.prepare("UPDATE invites SET blob = '', response = NULL, reveal = NULL WHERE bond_id = ?"),
    putKeyDist: db.prepare('INSERT INTO key_dists (bond_id, sender_device, epoch_id, blob) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    keyDists: db.prepare<[string], { blob: string }>('SELECT blob FROM key_dists WHERE bond_id = ? ORDER BY rowid'),
    // safeIntegers: cursors and seqs are 64-bit and must not pass through a double.
    // `run` + lastInsertRowid is measurably cheaper per row than RETURNING on this hot path.
    insertEnvelope: db
      .prepare<[string, string, string, bigint, Uint8Array, number]>(
        `INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body, stored_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (sender_device, epoch_id, seq) DO NOTHING`,
      )
      .safeIntegers(true),
    existingCursor: db
      .prepare<[string, string, bigint], { cursor: bigint }>(
        'SELECT cursor FROM envelopes WHERE sender_device = ? AND epoch_id = ? AND seq = ?',
      )
      .safeIntegers(true),
    envelopesAfter: db
      .prepare<[string, bigint, number], { cursor: bigint; body: Buffer }>(
        'SELECT cursor, body FROM envelopes WHERE bond_id = ? AND cursor > ? ORDER BY cursor LIMIT ?',
      )
      .safeIntegers(true),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
