import { shieldPolicy } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { tombstoneOf } from './bond-end.ts';
import { type BondState, type DeviceState, parseState } from './state.ts';
import { emptyView, foldMessage } from './view.ts';

const THOUGHT = 'canary thought from before the upgrade';

function endedBondAsOldCodeKeptIt(): BondState {
  return {
    bondId: 'b'.repeat(22),
    inviteId: 'i'.repeat(22),
    role: 'inviter',
    status: 'ended',
    endedBy: 'peer',
    verification: 'match',
    peer: {
      userId: 'u',
      name: 'Bob',
      identityPub: 'k',
      deviceList: { body: 'x', sig: 'y' },
      deviceListVersion: 1,
      devices: [{ deviceId: 'd', signPub: 's', dhPub: 'h' }],
    },
    sas: '1234 5678 9012',
    safetyNumber: '12345',
    receiving: {},
    cursor: '9',
    shield: shieldPolicy({ location: 'exact' }),
    sentView: emptyView(),
    receivedView: foldMessage(emptyView(), { kind: 'location', level: 'exact', ts: 1, fixTs: 1, lat: 47.1, lon: 8.2 }),
    thoughts: [{ id: 't', from: 'peer', text: THOUGHT, ts: 1, mark: 'read' }],
    moments: [{ id: 'm', from: 'peer', header: { kind: 'moment' } as never, photo: 'AAAA' }],
  };
}

describe('an ended bond', () => {
  it('becomes a tombstone holding only the name, who ended it and when', () => {
    const tomb = tombstoneOf(endedBondAsOldCodeKeptIt(), 'peer', 42);
    expect(JSON.stringify(tomb)).not.toContain(THOUGHT);
    expect(JSON.stringify(tomb)).not.toContain('47.1');
    expect(tomb).toMatchObject({
      status: 'ended',
      endedBy: 'peer',
      endedAt: 42,
      peer: { name: 'Bob', devices: [] },
      sas: '',
      safetyNumber: '',
    });
  });

  it('saved by a version that kept its content is forgotten when the state is read', () => {
    const bond = endedBondAsOldCodeKeptIt();
    const state = {
      v: 1,
      name: 'Alice',
      server: 'http://relay',
      identity: { seed: 'A'.repeat(43), publicKey: 'p', userId: 'a' }, // any 32 bytes: the grid key is derived from it
      device: { deviceId: 'd', signSeed: 's', signPub: 'p', dhPriv: 'x', dhPub: 'y' },
      deviceList: { blob: { body: 'b', sig: 's' }, version: 1 },
      invites: { [bond.inviteId]: { inviteId: bond.inviteId } },
      requests: {},
      bonds: { [bond.bondId]: bond },
      outbox: [],
      source: { coarseningKey: 'k', grid: {} },
    } as unknown as DeviceState;
    const read = parseState(JSON.stringify(state));
    expect(JSON.stringify(read)).not.toContain(THOUGHT);
    expect(JSON.stringify(read)).not.toContain('47.1');
    expect(read.bonds[bond.bondId]).toMatchObject({ status: 'ended', peer: { name: 'Bob' } });
    expect(read.invites).toEqual({});
  });
});
