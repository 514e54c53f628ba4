import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  };
});

/** Bytes of the database file and its WAL, as a scanner on the host would see them. */
function fileBytes(dir: string): Buffer {
  const parts = ['entwine.db', 'entwine.db-wal'].map((f) => join(dir, f)).filter((p) => existsSync(p));
  return Buffer.concat(parts.map((p) => readFileSync(p)));
}

describe('SqliteStore on disk', () => {
  it('creates entwine.db in WAL mode at schema version 1', async () => {
    const dir = tempDir();
    const store = new SqliteStore({ dataDir: dir });
    await store.close();
    const db = new Database(join(dir, 'entwine.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.close();
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
    await store.appendEnvelopes(bodies.map((body, i) => ({ bondId, senderDevice: device, epochId: epoch, seq: BigInt(i), body })));
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
