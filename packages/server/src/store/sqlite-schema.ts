/**
 * The SQLite schema, version 2 (`PRAGMA user_version`). Ids are base64url TEXT as they travel; signed
 * documents are stored as their JSON `{body, sig}`; envelopes and chunks are raw BLOBs. `seq` and a chunk's
 * `revision` are u64s stored in SQLite's signed 64-bit INTEGER by two's-complement reinterpretation, which
 * keeps uniqueness; where their order matters the store compares them as u64 itself.
 * Version 2 (issue 13, decision 0014): envelopes carry `stored_at`; read positions, envelope floors, day
 * chunks, retention and vault keys. A version-1 file is migrated on open (`ADDED_COLUMNS`, `sqlite-store.ts`).
 */
export const SCHEMA_VERSION = 2;

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

-- stored_at: the relay's clock (ms) at commit; the live window deletes by it (0014 §1).
CREATE TABLE IF NOT EXISTS envelopes (
  cursor        INTEGER PRIMARY KEY AUTOINCREMENT,
  bond_id       TEXT NOT NULL,
  sender_device TEXT NOT NULL,
  epoch_id      TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  body          BLOB NOT NULL,
  stored_at     INTEGER NOT NULL DEFAULT 0,
  UNIQUE (sender_device, epoch_id, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS envelopes_by_bond ON envelopes (bond_id, cursor);

-- What each device of a bond has read (every envelope with cursor <= cursor), and how many envelopes the
-- live window deleted before it read them (not yet cleared by a read report at or past the newest cursor).
CREATE TABLE IF NOT EXISTS read_positions (
  bond_id   TEXT NOT NULL,
  device_id TEXT NOT NULL,
  cursor    INTEGER NOT NULL,
  missed    INTEGER NOT NULL,
  PRIMARY KEY (bond_id, device_id)
) STRICT;
CREATE INDEX IF NOT EXISTS read_positions_by_device ON read_positions (device_id);

-- Per (sender device, epoch): the highest seq (as an order-preserving signed key, see seqKey) of an envelope
-- deleted after being read or expiring, so a resend of it is a duplicate rather than a second delivery.
-- One row per sender epoch (a day), not per envelope; forgotten two live windows after its last use.
CREATE TABLE IF NOT EXISTS envelope_floors (
  sender_device TEXT NOT NULL,
  epoch_id      TEXT NOT NULL,
  bond_id       TEXT NOT NULL,
  max_seq_key   INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  PRIMARY KEY (sender_device, epoch_id)
) STRICT;
CREATE INDEX IF NOT EXISTS envelope_floors_by_bond ON envelope_floors (bond_id);

-- Day chunks (0014 §2): the newest revision per (owner, day, sender device). owner_kind says whether
-- owner_id is a bond or a vault; sender_user is whose retention applies to a bond chunk.
CREATE TABLE IF NOT EXISTS chunks (
  owner_id      TEXT NOT NULL,
  day           INTEGER NOT NULL,
  sender_device TEXT NOT NULL,
  owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('bond', 'vault')),
  sender_user   TEXT NOT NULL,
  revision      INTEGER NOT NULL,
  body          BLOB NOT NULL,
  UNIQUE (owner_id, day, sender_device)
) STRICT;

-- A sharer's retention for one bond (0014 §4); no row: the default. days NULL: forever. floor_day: the day
-- after the newest one a retention or the sweep deleted (0: none), so raising it never takes them back.
CREATE TABLE IF NOT EXISTS retention (
  bond_id   TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  days      INTEGER,
  floor_day INTEGER NOT NULL,
  PRIMARY KEY (bond_id, user_id)
) STRICT;

-- App drops (0019): a tracker app's sealed posts wait here for the person's bridge. token_hash: SHA-256 of
-- the app's token. seq never goes back (AUTOINCREMENT), so an acknowledgement "up to seq" means one set.
CREATE TABLE IF NOT EXISTS drops (
  drop_id      TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL,
  token_hash   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_post_at INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS drops_by_user ON drops (user_id);
CREATE TABLE IF NOT EXISTS drop_posts (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  drop_id   TEXT NOT NULL,
  data      TEXT NOT NULL,
  stored_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS drop_posts_by_drop ON drop_posts (drop_id, seq);

-- Vault epoch keys (0014 §3), opaque signed blobs, one per (vault, epoch).
CREATE TABLE IF NOT EXISTS vault_keys (
  vault_id TEXT NOT NULL,
  epoch_id TEXT NOT NULL,
  blob     TEXT NOT NULL,
  PRIMARY KEY (vault_id, epoch_id)
) STRICT;
`;

/** Indexes on columns a migration may have added: created after `ADDED_COLUMNS` ran. */
export const INDEX_SQL = `
CREATE INDEX IF NOT EXISTS envelopes_by_time ON envelopes (stored_at);
`;

/**
 * Columns added after version 1 shipped, as `ALTER TABLE … ADD COLUMN` (idempotent: each runs only when
 * its column is missing), so a data directory made by an older relay opens without a migration step.
 * `bonds.end_doc`: the signed bond-end, kept so either member can verify who ended the bond (issue 10).
 * `envelopes.stored_at`: rows an older relay stored get the time of the migration (`fill`, `?` = now), so
 * the live window counts from the upgrade rather than deleting them all at once.
 */
export const ADDED_COLUMNS: readonly { table: string; column: string; sql: string; fill?: string }[] = [
  { table: 'bonds', column: 'end_doc', sql: 'ALTER TABLE bonds ADD COLUMN end_doc TEXT' },
  {
    table: 'envelopes',
    column: 'stored_at',
    sql: 'ALTER TABLE envelopes ADD COLUMN stored_at INTEGER NOT NULL DEFAULT 0',
    fill: 'UPDATE envelopes SET stored_at = ?',
  },
];
