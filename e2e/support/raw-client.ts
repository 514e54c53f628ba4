/**
 * A "modified client" for tests: it reads a CLI home's key store and speaks to the relay directly,
 * bypassing the checks @entwine/client makes — to show that the relay itself refuses what it must.
 */
import { type DeviceState, loadDeviceState } from '@entwine/client';
import {
  API,
  authMessage,
  decodeDeliverFrame,
  decodeEnvelope,
  detectEd25519,
  fromBase64url,
  ROUTES,
  sealEnvelope,
  systemRandom,
  toBase64url,
  utf8Decode,
  utf8Encode,
} from '@entwine/core';
import { sqliteStore } from '../../packages/cli/src/sqlite-store.ts';

/** The device's state as a CLI home's records hold it now. */
export async function readState(home: string): Promise<DeviceState> {
  const store = sqliteStore(home);
  try {
    const state = await loadDeviceState(store);
    if (!state) throw new Error(`no device in ${home}`);
    return state;
  } finally {
    await store.close();
  }
}

/** Rewinds every bond's read position in a CLI home to 0 (a relay serving old envelopes afresh). */
export async function rewindCursors(home: string): Promise<void> {
  const store = sqliteStore(home);
  try {
    for (const r of await store.list('receiving')) {
      const value = JSON.parse(utf8Decode(r.value)) as { cursor: string };
      await store.write([{ op: 'put', kind: 'receiving', id: r.id, value: utf8Encode(JSON.stringify({ ...value, cursor: '0' })) }]);
    }
  } finally {
    await store.close();
  }
}

export async function rawSession(server: string, state: DeviceState): Promise<string> {
  const ed = await detectEd25519();
  const origin = new URL(server).origin;
  const deviceId = state.device.deviceId;
  const ch = API.challengeResponse.parse(await post(server, ROUTES.challenge, { deviceId }));
  const sig = await ed.sign(authMessage(origin, deviceId, fromBase64url(ch.nonce), ch.exp), fromBase64url(state.device.signSeed));
  return API.sessionResponse.parse(await post(server, ROUTES.session, { deviceId, nonce: ch.nonce, sig: toBase64url(sig) })).token;
}

async function post(server: string, path: string, json: unknown, token?: string): Promise<unknown> {
  const res = await fetch(new URL(path, server), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(json),
  });
  return res.json();
}

/** Seals an envelope for `bondId` with a key of the caller's choosing, as a modified client could. */
export async function craftEnvelope(
  state: DeviceState,
  args: { bondId: string; epochId: string; key: Uint8Array; seq: bigint; message: unknown },
) {
  return sealEnvelope({
    ed: await detectEd25519(),
    random: systemRandom(),
    header: { bondId: args.bondId, senderDevice: state.device.deviceId, epochId: args.epochId, seq: args.seq },
    epochKey: args.key,
    signSeed: fromBase64url(state.device.signSeed),
    plaintext: utf8Encode(JSON.stringify(args.message)),
  });
}

export async function postEnvelope(server: string, token: string, envelope: Uint8Array): Promise<{ status: number; code?: string }> {
  const res = await fetch(new URL(ROUTES.envelopes, server), {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body: envelope,
  });
  const body = (await res.json().catch(() => ({}))) as { code?: string };
  return { status: res.status, ...(body.code ? { code: body.code } : {}) };
}

export async function backlog(server: string, token: string, bondId: string): Promise<{ status: number; envelopes: Uint8Array[] }> {
  const res = await fetch(new URL(ROUTES.bondEnvelopes(bondId, 0n, 256), server), { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) return { status: res.status, envelopes: [] };
  return { status: 200, envelopes: decodeDeliverFrame(new Uint8Array(await res.arrayBuffer())).map((d) => d.envelope) };
}

/**
 * What the relay holds from one sending device in a bond — envelopes and key distributions — read with a
 * member's session, as a blind relay (or the member) sees it.
 */
export async function heldFrom(
  server: string,
  memberState: DeviceState,
  bondId: string,
  senderDevice: string,
): Promise<{ envelopes: number; keys: number }> {
  const token = await rawSession(server, memberState);
  const { envelopes } = await backlog(server, token, bondId);
  const res = await fetch(new URL(ROUTES.bondKeys(bondId), server), { headers: { authorization: `Bearer ${token}` } });
  const { keyDists } = API.keyDists.parse(await res.json());
  const keys = keyDists.filter(
    (kd) => (JSON.parse(utf8Decode(fromBase64url(kd.body))) as { senderDevice?: string }).senderDevice === senderDevice,
  );
  return { envelopes: envelopes.filter((e) => decodeEnvelope(e).senderDevice === senderDevice).length, keys: keys.length };
}
