// After a backlog read is saved on the device, the receiver reports each bond's read cursor once (not once
// per envelope), and the relay's missed count goes to pairing, which keeps it.
import { describe, expect, it } from 'vitest';
import type { BondState } from '../state.ts';
import type { PartCtx } from './owners.ts';
import { type ReceiverDeps, ReceiverPart } from './receiver.ts';

describe('the receiver reports read positions', () => {
  it('once per bond after a backlog read is saved, with the newest cursor, and passes the missed count on', async () => {
    const bond = {
      bondId: 'b1',
      status: 'active',
      cursor: '0',
      peer: { name: 'Alice', devices: [] },
      receiving: {},
    } as unknown as BondState;
    const order: string[] = [];
    const reads: [string, bigint][] = [];
    const missed: [string, number][] = [];
    let pages = 0;
    const ctx = {
      state: { bonds: { b1: bond }, device: { deviceId: 'me' } },
      api: {
        backlog: async () => {
          pages++;
          // Three envelopes that are no envelope at all: each is judged (forged) and read past.
          return pages === 1 ? [5n, 6n, 7n].map((cursor) => ({ cursor, envelope: new Uint8Array([9]) })) : [];
        },
        markRead: async (bondId: string, cursor: bigint) => {
          order.push('read');
          reads.push([bondId, cursor]);
          return { cursor: cursor.toString(), missed: 2 };
        },
      },
      deps: {},
      emit: () => undefined,
      mark: () => undefined,
      save: async () => {
        order.push('save');
      },
    } as unknown as PartCtx<'receiver'>;
    const deps = {
      identity: { countNotShownElsewhere: () => undefined },
      pairing: {
        sync: async () => undefined,
        bonds: {
          refreshPartnersDevices: async () => undefined,
          countNotShown: () => undefined,
          noteMissed: (b: BondState, n: number) => missed.push([b.bondId, n]),
        },
        saveMarked: async () => undefined,
      },
      streams: { accept: () => [] },
      outbox: {},
      beforeConnect: async () => undefined,
    } as unknown as ReceiverDeps;
    const receiver = new ReceiverPart(ctx, deps);
    await receiver.pull();
    await receiver.readsSettled();
    expect(reads).toEqual([['b1', 7n]]);
    expect(order.indexOf('read')).toBeGreaterThan(order.indexOf('save')); // reported only once stored
    expect(missed).toEqual([['b1', 2]]);
  });
});
