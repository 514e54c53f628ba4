/**
 * What the store contract's suites share (`store-contract.ts` and the files it registers): the handle a
 * backend hands in, random ids, and bonds set up through the Store interface alone.
 */
import { type SignedBlob, systemRandom, toBase64url } from '@entwine/core';
import type { NewEnvelope, Store } from './store.ts';

export interface StoreHandle {
  store: Store;
  /** Closes the current store and opens a new one over the same data (a process restart). */
  reopen(): Promise<Store>;
  /** Closes whatever is open and removes the data. */
  cleanup(): Promise<void>;
  /** Bytes the store's files take on disk now (a backend without files of its own leaves this out; S30 then does not run). */
  diskBytes?(): number;
}

/** The test being run: its store (replaced by `reopen`) and handle. */
export interface ContractContext {
  readonly store: Store;
  readonly handle: StoreHandle;
  reopen(): Promise<Store>;
}

export const random = systemRandom();
export const id = (bytes = 16) => toBase64url(random.bytes(bytes));
export const blob = (tag: string): SignedBlob => ({ body: toBase64url(new TextEncoder().encode(tag)), sig: 'A'.repeat(86) });
export const NOW = 1_800_000_000_000;
export const DAY_MS = 86_400_000;

export function envelope(bondId: string, senderDevice: string, epochId: string, seq: bigint, fill = 7, storedAt = NOW): NewEnvelope {
  return { bondId, senderDevice, epochId, seq, body: new Uint8Array(300).fill(fill), storedAt };
}

export async function pendingBond(store: Store) {
  const userA = id();
  const userB = id();
  const deviceA = id();
  const deviceB = id();
  const inviteId = id();
  const bondId = id();
  await store.createInvite({ inviteId, creatorUser: userA, creatorDevice: deviceA, blob: 'aW52aXRl', expiresAt: NOW + 60_000 });
  await store.respondToInvite(inviteId, { responderUser: userB, responderDevice: deviceB, response: 'cmVzcG9uc2U' }, NOW);
  const revealed = await store.revealInvite(inviteId, userA, 'cmV2ZWFs', { bondId, inviteId, userA, userB, confirmA: blob('a') });
  if (!revealed.ok) throw new Error(`setup: reveal refused (${revealed.reason})`);
  return { userA, userB, deviceA, deviceB, inviteId, bondId };
}

export async function activeBond(store: Store) {
  const bond = await pendingBond(store);
  const activated = await store.activateBond(bond.bondId, blob('b'));
  if (activated.status !== 'changed') throw new Error(`setup: activation ${activated.status}`);
  return bond;
}

/** An active bond whose members have device lists on the store: `a` and `b` are their device ids. */
export async function listedBond(store: Store, aDevices = 1, bDevices = 1) {
  const bond = await activeBond(store);
  const a = [bond.deviceA, ...Array.from({ length: aDevices - 1 }, () => id())];
  const b = [bond.deviceB, ...Array.from({ length: bDevices - 1 }, () => id())];
  await setDevices(store, bond.userA, 1, a);
  await setDevices(store, bond.userB, 1, b);
  return { ...bond, a, b };
}

/** Stores `userId`'s device list at `version` with exactly `devices`. */
export async function setDevices(store: Store, userId: string, version: number, devices: string[]) {
  const result = await store.putDeviceList({
    userId,
    identityPub: new Uint8Array(32).fill(version),
    version,
    deviceList: blob(`${userId}-${version}`),
    devices: devices.map((deviceId) => ({ deviceId, signPub: new Uint8Array(32).fill(1) })),
  });
  if (result.status !== 'stored') throw new Error(`setup: device list ${result.status}`);
  return result;
}

/** The cursor of a stored (or duplicate) append result. */
export function cursorOf(result: { status: string; cursor?: bigint } | undefined): bigint {
  if (!result || result.cursor === undefined) throw new Error(`setup: expected a cursor, got ${result?.status}`);
  return result.cursor;
}
