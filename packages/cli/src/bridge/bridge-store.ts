/**
 * The bridge's own small store, `bridge.db` in the home (0600, beside `device.db`): per tracker app its
 * token (what the app proves it is the person's app with), the OwnTracks encryption key when one was made,
 * the app's drop on the relay when it posts there, and when the app last reported and how many points. The fixes themselves are not kept here: they go
 * straight into the device's vault (`device.db`), and an app is acknowledged once that write is durable
 * (docs/decisions/0018-tracker-bridge.md).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { isTrackerApp, type TrackerApp } from '@entwine/core';
import Database from 'better-sqlite3';

const BRIDGE_STORE_FILE = 'bridge.db';

export interface AppRecord {
  app: TrackerApp;
  /** 32 random bytes, base64url: a bearer secret (too long to guess; looked up, never logged). */
  token: string;
  /** OwnTracks only: the encryption passphrase (32 characters; the app pads it to the 32-byte key), once `setup owntracks --encrypt` made one. */
  key?: string;
  createdAt: number;
  lastSeen?: number;
  lastPoints?: number;
  /**
   * OwnTracks only, once `setup owntracks --via-relay` made one: the app's drop on the relay (decision 0019) —
   * its address and the token the app posts with (the relay holds only its SHA-256).
   */
  drop?: { id: string; token: string };
}

interface Row {
  app: string;
  token: string;
  key: string | null;
  created_at: number;
  last_seen: number | null;
  last_points: number | null;
  drop_id: string | null;
  drop_token: string | null;
}

const fromRow = (r: Row): AppRecord => ({
  app: r.app as TrackerApp,
  token: r.token,
  ...(r.key ? { key: r.key } : {}),
  createdAt: r.created_at,
  ...(r.last_seen !== null ? { lastSeen: r.last_seen } : {}),
  ...(r.last_points !== null ? { lastPoints: r.last_points } : {}),
  ...(r.drop_id && r.drop_token ? { drop: { id: r.drop_id, token: r.drop_token } } : {}),
});

export interface BridgeStore {
  /** The app's record, made (with a new token) on first use. */
  app(app: TrackerApp): AppRecord;
  /** Gives the app a new token (the old one stops working at once); its key, if any, is kept. */
  renew(app: TrackerApp): AppRecord;
  /** Sets the app's encryption passphrase (OwnTracks). */
  setKey(app: TrackerApp, key: string): AppRecord;
  /** Sets the app's drop on the relay (OwnTracks, `--via-relay`). */
  setDrop(app: TrackerApp, drop: { id: string; token: string }): AppRecord;
  list(): AppRecord[];
  /** Which app a token belongs to; undefined for none. */
  byToken(token: string): AppRecord | undefined;
  noteReport(app: TrackerApp, at: number, points: number): void;
  close(): void;
}

const newSecret = () => randomBytes(32).toString('base64url');

export function openBridgeStore(home: string): BridgeStore {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, BRIDGE_STORE_FILE);
  closeSync(openSync(path, 'a', 0o600)); // 0600 before SQLite opens it: the tokens are secrets
  chmodSync(path, 0o600);
  const db = new Database(path, { timeout: 15_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS apps (app TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, key TEXT, created_at INTEGER NOT NULL, last_seen INTEGER, last_points INTEGER)',
  );
  // Added with app drops (0019): a bridge.db made before them gets the columns here.
  const columns = new Set(
    db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all('apps')
      .map((c) => c.name),
  );
  for (const column of ['drop_id', 'drop_token']) if (!columns.has(column)) db.exec(`ALTER TABLE apps ADD COLUMN ${column} TEXT`);
  const get = db.prepare<[string], Row>('SELECT * FROM apps WHERE app = ?');
  const byToken = db.prepare<[string], Row>('SELECT * FROM apps WHERE token = ?');
  const all = db.prepare<[], Row>('SELECT * FROM apps ORDER BY app');
  const upsert = db.prepare<[string, string, string | null, number]>(
    'INSERT INTO apps (app, token, key, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (app) DO UPDATE SET token = excluded.token, key = excluded.key',
  );
  const setKeyStmt = db.prepare<[string, string]>('UPDATE apps SET key = ? WHERE app = ?');
  const setDropStmt = db.prepare<[string, string, string]>('UPDATE apps SET drop_id = ?, drop_token = ? WHERE app = ?');
  const seen = db.prepare<[number, number, string]>('UPDATE apps SET last_seen = ?, last_points = ? WHERE app = ?');

  const check = (app: string): TrackerApp => {
    if (!isTrackerApp(app)) throw new Error(`bridge: no such app "${app}"`);
    return app as TrackerApp;
  };
  const store: BridgeStore = {
    app(app) {
      const row = get.get(check(app));
      return row ? fromRow(row) : store.renew(app);
    },
    renew(app) {
      const before = get.get(check(app));
      upsert.run(app, newSecret(), before?.key ?? null, before?.created_at ?? Date.now());
      return fromRow(get.get(app) as Row);
    },
    setKey(app, key) {
      store.app(app);
      setKeyStmt.run(key, app);
      return fromRow(get.get(app) as Row);
    },
    setDrop(app, drop) {
      store.app(app);
      setDropStmt.run(drop.id, drop.token, app);
      return fromRow(get.get(app) as Row);
    },
    list: () => all.all().map(fromRow),
    byToken(token) {
      const row = byToken.get(token);
      return row ? fromRow(row) : undefined;
    },
    noteReport(app, at, points) {
      seen.run(at, points, app);
    },
    close: () => db.close(),
  };
  return store;
}
