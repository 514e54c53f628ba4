// A saved state's coarsening key is the identity's, whatever the file says: a state from before it was
// derived (random per install) moves onto the identity's grid when it is opened, and drops its old cells.
import { coarseningKeyOf, identityFromPhrase, nobleEd25519, toBase64url } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { parseState } from './state.ts';

const identity = identityFromPhrase(nobleEd25519, 'legal winner thank year wave sausage worth useful legal winner thank yellow');
const derived = toBase64url(coarseningKeyOf(identity.seed));

function saved(source: unknown): string {
  return JSON.stringify({
    v: 1,
    name: 'Alice',
    server: 'http://127.0.0.1:1',
    identity: { seed: toBase64url(identity.seed), publicKey: toBase64url(identity.publicKey), userId: identity.userId },
    invites: {},
    requests: {},
    bonds: {},
    outbox: [],
    ...(source === undefined ? {} : { source }),
  });
}

describe('parseState: the coarsening key', () => {
  it('replaces a random per-install key with the derived one and drops the old grid state', () => {
    const old = { coarseningKey: 'B'.repeat(43), grid: { city: { cur: { row: 1, col: 2 } } }, battery: { level: 0.5 } };
    const state = parseState(saved(old));
    expect(state.source.coarseningKey).toBe(derived);
    expect(state.source.grid).toEqual({});
    expect(state.source.battery).toEqual({ level: 0.5 }); // the rest of the source is kept
  });

  it('keeps the grid state of a state already on the derived key, and gives one to a state with none', () => {
    const current = { coarseningKey: derived, grid: { city: { cur: { row: 1, col: 2 } } } };
    expect(parseState(saved(current)).source).toEqual(current);
    expect(parseState(saved(undefined)).source).toEqual({ coarseningKey: derived, grid: {} });
  });
});
