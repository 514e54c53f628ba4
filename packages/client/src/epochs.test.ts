// A sending epoch's key distribution says when the epoch began, also when it is sent again: a post that failed
// on one tick is retried on a later one with the epoch's own start, so receivers and the 24 h rotation count
// from the same instant (before, the retry carried the retry's time and the next rotation looked a tick late).
import { detectEd25519, hpkeSuite, keyDistSchema, peekBlob, type SignedBlob, systemRandom, toBase64url } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { DeviceDeps } from './context.ts';
import { sendingEpoch } from './epochs.ts';
import { newIdentityState } from './parts/identity.ts';
import type { PartCtx } from './parts/owners.ts';
import type { BondState } from './state.ts';
import { memoryStore } from './store/memory-store.ts';
import { emptyView } from './view.ts';

describe('sendingEpoch', () => {
  it('sends a distribution that failed again with the epoch’s start, not the retry’s time', async () => {
    const clock = { now: 1_800_000_000_000 };
    const deps = {
      ed: await detectEd25519(),
      random: systemRandom(),
      clock: { now: () => clock.now },
      store: memoryStore(),
      transport: { origin: 'http://relay' },
    };
    const { state } = await newIdentityState(deps as unknown as DeviceDeps, { name: 'Alice' });
    const { state: peer } = await newIdentityState(deps as unknown as DeviceDeps, { name: 'Bob' });
    const bond = {
      bondId: toBase64url(systemRandom().bytes(16)),
      status: 'active',
      peer: {
        name: 'Bob',
        userId: peer.identity.userId,
        devices: [{ deviceId: peer.device.deviceId, signPub: peer.device.signPub, dhPub: peer.device.dhPub }],
      },
      receiving: {},
      cursor: '0',
      sentView: emptyView(),
      receivedView: emptyView(),
    } as unknown as BondState;
    const posted: SignedBlob[] = [];
    let failNext = true;
    const ctx = {
      deps,
      state,
      suite: hpkeSuite(),
      save: async () => undefined,
      api: {
        postKeyDist: async (_bondId: string, blob: SignedBlob) => {
          if (failNext) {
            failNext = false;
            throw new Error('relay unreachable');
          }
          posted.push(blob);
        },
      },
    } as unknown as PartCtx<'publisher'>;

    const startedAt = clock.now;
    await expect(sendingEpoch(ctx, bond)).rejects.toThrow('relay unreachable');
    clock.now += 10 * 60_000; // the next tick
    const epoch = await sendingEpoch(ctx, bond);
    expect(epoch.createdAt).toBe(startedAt);
    expect(posted.map((b) => peekBlob(b, keyDistSchema)?.createdAt)).toEqual([startedAt]);
  });
});
