/**
 * Bench people and the database they live in, made once per run:
 * - `makePeople(n)`: n users, one device each. Keys come from `node:crypto` key generation (about 10×
 *   faster than deriving them from recovery phrases, which would take ~25 s for 10 000 users); the
 *   device certificates and device lists are real, signed with core `certifyDevice` / `signDeviceList`.
 * - `seedStore`: writes them through `SqliteStore` from @entwine/server — the relay's own store code —
 *   and pairs users 2i and 2i+1 into an ACTIVE bond with the store's own invite → response → reveal →
 *   activate transitions. The bond confirmations are real signed `bond-confirm` documents; the sealed
 *   invite, response and reveal blobs are placeholders (the relay stores them opaquely and never opens
 *   them) and bond ids are random, as the relay treats them as opaque 16-byte ids. The store is written
 *   on tmpfs (/dev/shm) where fsync is free, then copied to disk: seeding is not what is measured.
 * - `signInAll`: every device signs in over real HTTP against a running relay — challenge, Ed25519
 *   signature over `authMessage` (WebCrypto via core `detectEd25519`), session — and keeps its token.
 */
import { generateKeyPair } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  authMessage,
  certifyDevice,
  type DeviceKeys,
  detectEd25519,
  deviceIdOf,
  type Ed25519,
  fromBase64url,
  type IdentityKey,
  ROUTES,
  type SignedBlob,
  signBlob,
  signDeviceList,
  systemRandom,
  toBase64url,
  userIdOf,
} from '@entwine/core';
import { SqliteStore } from '@entwine/server';
import { pool } from './stats.ts';

const random = systemRandom();

export interface BenchUser {
  identity: IdentityKey;
  device: DeviceKeys;
  deviceList: SignedBlob;
  /** Set by `signInAll`. */
  token?: string;
}

export interface BenchBond {
  bondId: string;
  /** Indexes into the user array: users 2i and 2i+1. */
  a: number;
  b: number;
}

let engine: Promise<Ed25519> | undefined;
export const benchEd = () => {
  engine ??= detectEd25519();
  return engine;
};

/** Raw 32-byte seed and public key out of node:crypto's DER encodings (PKCS#8 prefix 16 bytes, SPKI prefix 12). */
async function rawKeyPair(type: 'ed25519' | 'x25519'): Promise<{ priv: Uint8Array; pub: Uint8Array }> {
  const encoding = { privateKeyEncoding: { format: 'der', type: 'pkcs8' }, publicKeyEncoding: { format: 'der', type: 'spki' } } as const;
  const [priv, pub] = await new Promise<[Buffer, Buffer]>((resolve, reject) => {
    const done = (error: Error | null, publicKey: Buffer, privateKey: Buffer) => (error ? reject(error) : resolve([privateKey, publicKey]));
    if (type === 'ed25519') generateKeyPair('ed25519', encoding, done);
    else generateKeyPair('x25519', encoding, done);
  });
  return { priv: new Uint8Array(priv.subarray(16)), pub: new Uint8Array(pub.subarray(12)) };
}

export async function makePeople(n: number): Promise<BenchUser[]> {
  const ed = await benchEd();
  const now = Date.now();
  return pool(
    Array.from({ length: n }, (_, i) => i),
    64,
    async () => {
      const [id, sign, dh] = await Promise.all([rawKeyPair('ed25519'), rawKeyPair('ed25519'), rawKeyPair('x25519')]);
      const identity: IdentityKey = { seed: id.priv, publicKey: id.pub, userId: userIdOf(id.pub) };
      const device: DeviceKeys = { deviceId: deviceIdOf(sign.pub), signSeed: sign.priv, signPub: sign.pub, dhPriv: dh.priv, dhPub: dh.pub };
      const cert = await certifyDevice(ed, identity, device, now);
      const deviceList = await signDeviceList(ed, identity, 1, [cert]);
      return { identity, device, deviceList };
    },
  );
}

/** Placeholder for the sealed pairing blobs (opaque to the relay). */
const PLACEHOLDER = toBase64url(new TextEncoder().encode('bench: sealed pairing blob not modelled'));

async function confirm(ed: Ed25519, user: BenchUser, bondId: string, inviteId: string): Promise<SignedBlob> {
  const doc = { v: 1, bondId, inviteId, userId: user.identity.userId, deviceId: user.device.deviceId, at: Date.now() };
  return signBlob(ed, 'bond-confirm', doc, user.device.signSeed);
}

export async function seedStore(dataDir: string, users: readonly BenchUser[]): Promise<BenchBond[]> {
  const ed = await benchEd();
  const store = new SqliteStore({ dataDir });
  const bonds: BenchBond[] = [];
  try {
    for (const u of users) {
      const r = await store.putDeviceList({
        userId: u.identity.userId,
        identityPub: u.identity.publicKey,
        version: 1,
        deviceList: u.deviceList,
        devices: [{ deviceId: u.device.deviceId, signPub: u.device.signPub }],
      });
      if (r.status !== 'stored') throw new Error(`seed: putDeviceList → ${r.status}`);
    }
    const now = Date.now();
    for (let a = 0; a + 1 < users.length; a += 2) {
      const ua = users[a] as BenchUser;
      const ub = users[a + 1] as BenchUser;
      const inviteId = toBase64url(random.bytes(16));
      const bondId = toBase64url(random.bytes(16));
      const created = await store.createInvite({
        inviteId,
        creatorUser: ua.identity.userId,
        creatorDevice: ua.device.deviceId,
        blob: PLACEHOLDER,
        expiresAt: now + 3_600_000,
      });
      if (created !== 'created') throw new Error(`seed: createInvite → ${created}`);
      const answer = { responderUser: ub.identity.userId, responderDevice: ub.device.deviceId, response: PLACEHOLDER };
      const responded = await store.respondToInvite(inviteId, answer, now);
      if (!responded.ok) throw new Error(`seed: respondToInvite → ${responded.reason}`);
      const bond = {
        bondId,
        inviteId,
        userA: ua.identity.userId,
        userB: ub.identity.userId,
        confirmA: await confirm(ed, ua, bondId, inviteId),
      };
      const revealed = await store.revealInvite(inviteId, ua.identity.userId, PLACEHOLDER, bond);
      if (!revealed.ok) throw new Error(`seed: revealInvite → ${revealed.reason}`);
      const active = await store.activateBond(bondId, await confirm(ed, ub, bondId, inviteId));
      if (active.status !== 'changed') throw new Error(`seed: activateBond → ${active.status}`);
      bonds.push({ bondId, a, b: a + 1 });
    }
  } finally {
    await store.close();
  }
  return bonds;
}

/** Copies a closed store's files (the WAL is checkpointed on close, but copy it if it is there). */
export async function copyStore(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const name of ['entwine.db', 'entwine.db-wal', 'entwine.db-shm']) {
    if (existsSync(join(from, name))) await copyFile(join(from, name), join(to, name));
  }
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`POST ${new URL(url).pathname}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Real challenge–response sign-in for every user's device; returns sign-ins per second. */
export async function signInAll(relayUrl: string, users: BenchUser[], concurrency: number): Promise<number> {
  const ed = await benchEd();
  const started = performance.now();
  await pool(users, concurrency, async (u) => {
    const { deviceId } = u.device;
    const challenge = await postJson(relayUrl + ROUTES.challenge, { deviceId });
    const nonce = challenge.nonce as string;
    const sig = await ed.sign(authMessage(relayUrl, deviceId, fromBase64url(nonce), challenge.exp as number), u.device.signSeed);
    const session = await postJson(relayUrl + ROUTES.session, { deviceId, nonce, sig: toBase64url(sig) });
    u.token = session.token as string;
  });
  return users.length / ((performance.now() - started) / 1000);
}
