import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemRandom, toBase64url } from '@entwine/core';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.ts';
import { storeContract } from './store-contract.ts';

const random = systemRandom();
const id = (n = 16) => toBase64url(random.bytes(n));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'entwine-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

storeContract('SQLite', async () => {
  const dir = tempDir();
  let store = new SqliteStore({ dataDir: dir });
  return {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = new SqliteStore({ dataDir: dir });
      return store;
    },
    async cleanup() {
      await store.close();
    },
    diskBytes: () => fileSizes(dir),
  };
});

const FILES = ['entwine.db', 'entwine.db-wal'];

/** Bytes of the database file and its WAL, as a scanner on the host would see them. */
function fileBytes(dir: string): Buffer {
  const parts = FILES.map((f) => join(dir, f)).filter((p) => existsSync(p));
  return Buffer.concat(parts.map((p) => readFileSync(p)));
}

/** Their sizes on disk, together (S30). */
function fileSizes(dir: string): number {
  return FILES.map((f) => join(dir, f))
    .filter((p) => existsSync(p))
    .reduce((n, p) => n + statSync(p).size, 0);
}

describe('SqliteStore on disk', () => {
  it('creates entwine.db in WAL mode with incremental auto-vacuum at schema version 2', async () => {
    const dir = tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.close();
    const db = new Database(join(dir, 'entwine.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('migrates a version-1 file: one VACUUM to incremental auto-vacuum, envelopes stamped with the time of the upgrade', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, 'entwine.db'));
    old.pragma('journal_mode = WAL');
    // The version-1 envelopes table and a bond, as the relay before decision 0014 made them.
    old.exec(`CREATE TABLE envelopes (cursor INTEGER PRIMARY KEY AUTOINCREMENT, bond_id TEXT NOT NULL, sender_device TEXT NOT NULL,
      epoch_id TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB NOT NULL, UNIQUE (sender_device, epoch_id, seq)) STRICT;
      CREATE TABLE bonds (bond_id TEXT PRIMARY KEY, invite_id TEXT NOT NULL, user_a TEXT NOT NULL, user_b TEXT NOT NULL,
      state TEXT NOT NULL, confirm_a TEXT NOT NULL, confirm_b TEXT, ended_by TEXT) STRICT;
      INSERT INTO bonds VALUES ('bond', 'invite', 'a', 'b', 'active', '{}', '{}', NULL);
      INSERT INTO envelopes (bond_id, sender_device, epoch_id, seq, body) VALUES ('bond', 'dev', 'epoch', 1, x'0102');`);
    old.pragma('user_version = 1');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();
    const upgradedAt = 1_800_000_000_000;
    const store = new SqliteStore({ dataDir: dir, clock: { now: () => upgradedAt } });
    expect((await store.readEnvelopes('bond', 0n, 10, 1 << 20)).map((e) => Array.from(e.body))).toEqual([[1, 2]]);
    const week = { liveWindowMs: 7 * 86_400_000 };
    expect((await store.sweep(upgradedAt + week.liveWindowMs - 1, week)).envelopesExpired).toBe(0);
    expect((await store.sweep(upgradedAt + week.liveWindowMs + 1, week)).envelopesExpired).toBe(1);
    await store.close();
    const db = new Database(join(dir, 'entwine.db'));
    expect([db.pragma('auto_vacuum', { simple: true }), db.pragma('journal_mode', { simple: true })]).toEqual([2, 'wal']);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('refuses a file of a newer schema', async () => {
    const dir = tempDir();
    const newer = new Database(join(dir, 'entwine.db'));
    newer.pragma('user_version = 3');
    newer.close();
    expect(() => new SqliteStore({ dataDir: dir })).toThrow('entwine.db schema: expected version ≤ 2, got 3');
  });

  it('S3 deleted ciphertext is gone from the database file and the WAL after a bond ends', async () => {
    const dir = tempDir();
    const store = new SqliteStore({ dataDir: dir });
    const userA = id();
    const userB = id();
    const inviteId = id();
    const bondId = id();
    const device = id();
    const signed = { body: 'e30', sig: 'A'.repeat(86) };
    await store.createInvite({ inviteId, creatorUser: userA, creatorDevice: id(), blob: 'YQ', expiresAt: Date.now() + 60_000 });
    await store.respondToInvite(inviteId, { responderUser: userB, responderDevice: device, response: 'cg' }, Date.now());
    await store.revealInvite(inviteId, userA, 'cmV2', { bondId, inviteId, userA, userB, confirmA: signed });
    await store.activateBond(bondId, signed);
    // Small envelopes live in b-tree leaves, a 64 KiB one spills into overflow pages: both must be wiped.
    const bodies = [...Array.from({ length: 200 }, () => random.bytes(400)), random.bytes(65_000)];
    const epoch = id(8);
    await store.appendEnvelopes(
      bodies.map((body, i) => ({ bondId, senderDevice: device, epochId: epoch, seq: BigInt(i), body, storedAt: Date.now() })),
    );
    const keyMarker = `kd${toBase64url(random.bytes(48))}`;
    await store.putKeyDist({ bondId, senderDevice: device, epochId: epoch, blob: { body: keyMarker, sig: 'B'.repeat(86) } });
    const probes = [...bodies.map((b) => Buffer.from(b.subarray(100, 132))), Buffer.from(bodies[200]?.subarray(40_000, 40_032) ?? [])];
    const before = fileBytes(dir);
    expect(probes.every((p) => before.includes(p))).toBe(true);
    expect(before.includes(Buffer.from(keyMarker))).toBe(true);

    await store.endBond(bondId, userA, { body: 'ZW5k', sig: 'A'.repeat(86) });
    const after = fileBytes(dir);
    expect(probes.filter((p) => after.includes(p))).toHaveLength(0);
    expect(after.includes(Buffer.from(keyMarker))).toBe(false);
    await store.close();
    const closed = fileBytes(dir);
    expect(probes.filter((p) => closed.includes(p))).toHaveLength(0);
  });
});
