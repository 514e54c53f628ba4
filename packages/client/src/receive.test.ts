// What a receiver makes of genuine and forged envelopes (issue 12):
// - a correctly signed, decryptable envelope of a kind this version does not know is `newer-version`,
//   never `forged`; a forged one (bad signature, another key, a bit flipped) is still `forged`;
// - views follow the sender's stream (epoch index, seq), not its clock: a sender whose clock steps back an
//   hour is still shown with what it says next, and an older message delivered late still never applies.
import {
  detectEd25519,
  type Ed25519,
  emptyReplayState,
  type Message,
  sealEnvelope,
  systemRandom,
  toBase64url,
  utf8Encode,
} from '@entwine/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ctx, DeviceEvent } from './context.ts';
import { receiveEnvelope, type Verified } from './receive.ts';
import type { BondState } from './state.ts';
import { emptyView } from './view.ts';

const HOUR = 3_600_000;
const NOW = 1_800_000_000_000;
let ed: Ed25519;
beforeAll(async () => {
  ed = await detectEd25519();
});

const randomBytes = (n: number) => systemRandom().bytes(n);
const id16 = () => toBase64url(randomBytes(16));
const id8 = () => toBase64url(randomBytes(8));

/** A receiver with one active bond to Alice, whose device has sent it the keys of `epochs` (index i each). */
function receiver(epochs = 2) {
  const aliceSeed = randomBytes(32);
  const aliceDevice = id16();
  const keys = Array.from({ length: epochs }, (_, index) => ({ epochId: id8(), key: randomBytes(32), index }));
  const bond = {
    bondId: id16(),
    status: 'active',
    peer: {
      name: 'Alice',
      userId: id16(),
      devices: [{ deviceId: aliceDevice, signPub: toBase64url(ed.getPublicKey(aliceSeed)), dhPub: '' }],
    },
    receiving: Object.fromEntries(
      keys.map((k) => [`${aliceDevice}/${k.epochId}`, { key: toBase64url(k.key), replay: emptyReplayState(), index: k.index }]),
    ),
    cursor: '0',
    receivedView: emptyView(),
  } as unknown as BondState;
  const ctx = {
    deps: { ed, clock: { now: () => NOW } },
    state: {
      name: 'Bob',
      identity: { userId: id16() },
      device: { deviceId: id16() },
      deviceList: { blob: { body: '', sig: '' } },
      bonds: { [bond.bondId]: bond },
    },
    emit: () => undefined,
  } as unknown as Ctx;
  let cursor = 0n;
  /** Seals `message` as Alice's device would (or with another signing seed / key, as a forger would). */
  const seal = (message: unknown, at: { epoch?: number; seq: bigint; signSeed?: Uint8Array; key?: Uint8Array }) => {
    const epoch = keys[at.epoch ?? 0]!;
    return sealEnvelope({
      ed,
      random: systemRandom(),
      header: { bondId: bond.bondId, senderDevice: aliceDevice, epochId: epoch.epochId, seq: at.seq },
      epochKey: at.key ?? epoch.key,
      signSeed: at.signSeed ?? aliceSeed,
      plaintext: utf8Encode(JSON.stringify(message)),
    });
  };
  const receive = async (envelope: Uint8Array): Promise<Verified | DeviceEvent | undefined> => {
    cursor++;
    return receiveEnvelope(ctx, envelope, cursor);
  };
  return { bond, seal, receive };
}

const location = (ts: number, lat: number): Message => ({ kind: 'location', level: 'exact', ts, fixTs: ts, lat, lon: 7 });

describe('a genuine envelope of a kind this version does not know', () => {
  it('is shown as from a newer version, counted apart, and never as forged', async () => {
    const r = receiver();
    const result = await r.receive(await r.seal({ kind: 'check-in', ts: NOW, until: NOW + HOUR }, { seq: 0n }));
    expect(result).toEqual({ type: 'newer-version', bondId: r.bond.bondId, from: 'Alice', kind: 'check-in', cursor: '1' });
    expect(r.bond.dropped).toEqual({ 'newer-version': 1 });
    // It was genuine, so its seq is taken: the same envelope again is a replay.
    expect(await r.receive(await r.seal({ kind: 'check-in', ts: NOW }, { seq: 0n }))).toMatchObject({ type: 'forged', reason: 'replayed' });
  });

  it('is still forged when its signature is not the partner device’s, or its bytes were changed', async () => {
    const r = receiver();
    const unknownKind = { kind: 'check-in', ts: NOW };
    expect(await r.receive(await r.seal(unknownKind, { seq: 1n, signSeed: randomBytes(32) }))).toMatchObject({
      type: 'forged',
      reason: 'forged',
    });
    expect(await r.receive(await r.seal(unknownKind, { seq: 2n, key: randomBytes(32) }))).toMatchObject({
      type: 'forged',
      reason: 'forged',
    });
    const flipped = (await r.seal(unknownKind, { seq: 3n })).slice();
    flipped[100] = (flipped[100] as number) ^ 0x01;
    expect(await r.receive(flipped)).toMatchObject({ type: 'forged', reason: 'forged' });
    // Nothing of the three moved the replay window: the genuine one at seq 1 still shows as newer-version.
    expect(await r.receive(await r.seal(unknownKind, { seq: 1n }))).toMatchObject({ type: 'newer-version' });
    expect(r.bond.dropped).toEqual({ forged: 3, 'newer-version': 1 });
  });

  it('a known kind in a shape it does not have, or a kind that is no kind name, is malformed (forged or damaged)', async () => {
    const r = receiver();
    expect(await r.receive(await r.seal({ kind: 'location', level: 'exact', ts: NOW, extra: 1 }, { seq: 0n }))).toMatchObject({
      type: 'forged',
      reason: 'malformed',
    });
    expect(await r.receive(await r.seal({ kind: 'Check In\u001b[31m', ts: NOW }, { seq: 1n }))).toMatchObject({
      type: 'forged',
      reason: 'malformed',
    });
  });
});

describe('a partner’s view follows the sender’s stream, not its clock', () => {
  it('a sender whose clock steps back one hour is still shown with its new values', async () => {
    const r = receiver();
    await r.receive(await r.seal(location(NOW, 46.1), { seq: 0n }));
    expect(r.bond.receivedView.location).toMatchObject({ lat: 46.1 });
    // The clock steps back an hour: every later message carries an older ts, yet comes later in the stream.
    await r.receive(await r.seal(location(NOW - HOUR + 15_000, 46.2), { seq: 1n }));
    expect(r.bond.receivedView.location).toMatchObject({ lat: 46.2 });
    expect(r.bond.receivedView.locationAt).toBe(NOW - HOUR + 15_000); // the age still comes from the sender's ts
    // Across an epoch change too: the next epoch's signed index orders it, whatever its ts.
    await r.receive(await r.seal(location(NOW - HOUR + 30_000, 46.3), { epoch: 1, seq: 0n }));
    expect(r.bond.receivedView.location).toMatchObject({ lat: 46.3 });
  });

  it('an earlier message delivered late never rolls the view back, whatever its ts says', async () => {
    const r = receiver();
    await r.receive(await r.seal(location(NOW - HOUR, 46.5), { epoch: 1, seq: 4n }));
    await r.receive(await r.seal(location(NOW, 46.4), { epoch: 1, seq: 3n })); // newer clock, earlier in the stream
    await r.receive(await r.seal(location(NOW, 46.0), { epoch: 0, seq: 9n })); // an earlier epoch
    expect(r.bond.receivedView.location).toMatchObject({ lat: 46.5 });
  });
});
