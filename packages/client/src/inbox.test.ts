// What a partner can push into the inbox: photo chunks that never complete must not pile up (and are
// never written into the saved state), a chunk outside its photo is refused, and a complete photo whose
// hash matches is shown once.
import { type MomentMessage, sha256, shieldPolicy, toBase64url, withShield } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { Ctx } from './context.ts';
import { Inbox } from './inbox.ts';
import type { Verified } from './receive.ts';
import type { BondState } from './state.ts';
import { emptyView } from './view.ts';

function setup() {
  const bond = {
    bondId: 'b'.repeat(22),
    status: 'active',
    peer: { name: 'Bob' },
    shield: shieldPolicy({ thoughts: 'exact' }),
    receivedView: emptyView(),
  } as unknown as BondState;
  const ctx = { deps: { clock: { now: () => 1_000_000 } }, mark: () => undefined } as unknown as Ctx;
  const inbox = new Inbox(ctx, async () => undefined);
  const meta = { bondId: bond.bondId, from: 'Bob', fromUser: 'u', senderDevice: 'd', cursor: '1' };
  const deliver = (message: Verified['message']) => inbox.accept({ type: 'verified', bond, fromPeer: true, meta, message });
  return { bond, deliver };
}

const id = (n: number) => `m${String(n).padStart(10, '0')}`;
const chunk = (m: string, index: number, data: string) => ({ kind: 'moment-chunk', ts: 1, id: m, index, data }) as const;
function header(m: string, photo: Uint8Array, chunks: number): MomentMessage {
  return {
    kind: 'moment',
    ts: 1,
    id: m,
    place: { level: 'none' },
    mime: 'image/png',
    size: photo.length,
    chunks,
    sha256: toBase64url(sha256(photo)),
  };
}

describe('Inbox photo assembly', () => {
  it('shows a complete photo once, with its bytes, and keeps nothing half-sent in the saved state', () => {
    const { bond, deliver } = setup();
    const photo = new Uint8Array([1, 2, 3, 4, 5, 6]);
    expect(deliver(chunk(id(1), 1, toBase64url(photo.subarray(3))))).toEqual([]);
    expect(JSON.stringify(bond)).not.toContain(toBase64url(photo.subarray(3)));
    expect(deliver(header(id(1), photo, 2))).toEqual([]);
    const [shown] = deliver(chunk(id(1), 0, toBase64url(photo.subarray(0, 3))));
    expect(shown).toMatchObject({ type: 'moment', photo });
    expect(deliver(chunk(id(1), 0, toBase64url(photo.subarray(0, 3))))).toEqual([]); // the same photo again
  });

  it('keeps at most three unfinished photos per partner, and refuses a chunk outside its photo or a wrong hash', () => {
    const { deliver } = setup();
    const photo = new Uint8Array([9, 9, 9, 9]);
    for (let n = 1; n <= 5; n++) deliver(chunk(id(n), 0, toBase64url(photo)));
    // Photos 1 and 2 were dropped to make room: their headers now complete nothing.
    expect(deliver(header(id(1), photo, 1))).toEqual([]);
    expect(deliver(header(id(5), photo, 1))[0]).toMatchObject({ type: 'moment' });
    expect(deliver(header(id(6), photo, 1))).toEqual([]);
    expect(deliver(chunk(id(6), 3, toBase64url(photo)))[0]).toMatchObject({ type: 'forged', reason: 'malformed' });
    deliver(header(id(7), new Uint8Array([1, 1, 1, 1]), 1));
    expect(deliver(chunk(id(7), 0, toBase64url(photo)))[0]).toMatchObject({ type: 'forged', reason: 'malformed' });
  });
});

describe('Inbox receipts', () => {
  it('answer a thought only while thoughts are shared by the level in force, not the stored one', async () => {
    let now = 1_000_000;
    const replies: unknown[][] = [];
    const bond = {
      bondId: 'b'.repeat(22),
      status: 'active',
      peer: { name: 'Bob' },
      // Hidden as the standing level; exact for one minute on top of it.
      shield: withShield(shieldPolicy({}), 'thoughts', 'exact', { now, forMs: 60_000 }),
      receivedView: emptyView(),
    } as unknown as BondState;
    const ctx = { deps: { clock: { now: () => now } }, mark: () => undefined } as unknown as Ctx;
    const inbox = new Inbox(ctx, async (_b, messages) => {
      replies.push(messages);
    });
    const meta = { bondId: bond.bondId, from: 'Bob', fromUser: 'u', senderDevice: 'd', cursor: '1' };
    const thought = (id: string) => ({ kind: 'thought', ts: now, id, text: 'hi' }) as const;
    inbox.accept({ type: 'verified', bond, fromPeer: true, meta, message: thought('aaaaaaaaaaa') });
    await inbox.repliesQueued();
    expect(replies).toHaveLength(1);
    now += 61_000; // the timed shield has ended; nothing has settled it into the stored policy yet
    inbox.accept({ type: 'verified', bond, fromPeer: true, meta, message: thought('bbbbbbbbbbb') });
    await inbox.repliesQueued();
    expect(replies).toHaveLength(1);
  });
});

describe('Inbox place events', () => {
  it('says an arrival once when it comes again (live, then in the backlog), and a new one again', () => {
    const { deliver } = setup();
    const arrived = { kind: 'place', ts: 2, event: 'arrive', placeId: 'p'.repeat(11), name: 'Home', at: 1_000 } as const;
    expect(deliver(arrived)).toHaveLength(1);
    expect(deliver({ ...arrived, ts: 3 })).toEqual([]); // the same event, sealed into another envelope
    expect(deliver({ ...arrived, event: 'leave', at: 5_000 })).toHaveLength(1);
    expect(deliver({ ...arrived, at: 9_000 })).toHaveLength(1); // back home later: a new arrival
  });
});
