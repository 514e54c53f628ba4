/**
 * The SQLite schema, version 1 (`PRAGMA user_version`). Ids are base64url TEXT as they travel; signed
 * documents are stored as their JSON `{body, sig}`; envelopes are raw BLOBs. `seq` is a u64 stored in
 * SQLite's signed 64-bit INTEGER by two's-complement reinterpretation, which keeps uniqueness.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS users (
  user_id      TEXT PRIMARY KEY,
  identity_pub BLOB NOT NULL,
  device_list  TEXT NOT NULL,
  version      INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS devices (
  device_id TEXT PRIMARY KEY,
  user_id   TEXT NOT NULL,
  sign_pub  BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS devices_by_user ON devices (user_id);

-- Devices their identity dropped from its device list (a restore on another device): the relay can then
-- tell such a device why it is refused, instead of "unknown device". Only ids; no time is kept.
CREATE TABLE IF NOT EXISTS removed_devices (
  device_id TEXT PRIMARY KEY,
  user_id   TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS auth_nonces (
  nonce      TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  device_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_by_device ON sessions (device_id);

CREATE TABLE IF NOT EXISTS invites (
  invite_id        TEXT PRIMARY KEY,
  creator_user     TEXT NOT NULL,
  creator_device   TEXT NOT NULL,
  blob             TEXT NOT NULL,
  expires_at       INTEGER NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('open', 'responded', 'revealed', 'declined')),
  responder_user   TEXT,
  responder_device TEXT,
  response         TEXT,
  reveal           TEXT,
  bond_id          TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS invites_by_creator ON invites (creator_user);
CREATE INDEX IF NOT EXISTS invites_by_responder ON invites (responder_user);

CREATE TABLE IF NOT EXISTS bonds (
  bond_id   TEXT PRIMARY KEY,
  invite_id TEXT NOT NULL,
  user_a    TEXT NOT NULL,
  user_b    TEXT NOT NULL,
  state     TEXT NOT NULL CHECK (state IN ('pending', 'active', 'ended')),
  confirm_a TEXT NOT NULL,
  confirm_b TEXT,
  ended_by  TEXT,
  end_doc   TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS bonds_by_a ON bonds (user_a);
CREATE INDEX IF NOT EXISTS bonds_by_b ON bonds (user_b);

CREATE TABLE IF NOT EXISTS key_dists (
  bond_id       TEXT NOT NULL,
  sender_device TEXT NOT NULL,
  epoch_id      TEXT NOT NULL,
  blob          TEXT NOT NULL,
  PRIMARY KEY (bond_id, sender_device, epoch_id)
) STRICT;

CREATE TABLE IF NOT EXISTS envelopes (
  cursor        INTEGER PRIMARY KEY AUTOINCREMENT,
  bond_id       TEXT NOT NULL,
  sender_device TEXT NOT NULL,
  epoch_id      TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  body          BLOB NOT NULL,
  UNIQUE (sender_device, epoch_id, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS envelopes_by_bond ON envelopes (bond_id, cursor);
`;

/**
 * Columns added after version 1 shipped, as `ALTER TABLE … ADD COLUMN` (idempotent: each runs only when
 * its column is missing), so a data directory made by an older relay opens without a migration step.
 * `bonds.end_doc`: the signed bond-end, kept so either member can verify who ended the bond (issue 10).
 */
export const ADDED_COLUMNS: readonly { table: string; column: string; sql: string }[] = [
  { table: 'bonds', column: 'end_doc', sql: 'ALTER TABLE bonds ADD COLUMN end_doc TEXT' },
];
