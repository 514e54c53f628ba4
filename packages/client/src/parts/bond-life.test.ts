// The inviter's reveal is answered over HTTP; the relay's "bond active" push (the invitee said yes at once)
// can arrive on the socket before that answer, while the bond is not stored yet. It must not be lost.
import { describe, expect, it } from 'vitest';
import type { BondState } from '../state.ts';
import { BondLife } from './bond-life.ts';
import type { PartCtx } from './owners.ts';

function fakePairingCtx() {
  const saved: unknown[][] = [];
  const events: unknown[] = [];
  const ctx = {
    state: { bonds: {} as Record<string, BondState> },
    mark: () => undefined,
    save: async (...c: unknown[]) => {
      saved.push(c);
    },
    emit: (e: unknown) => events.push(e),
  } as unknown as PartCtx<'pairing'>;
  return { ctx, saved, events };
}

const pendingBond = (bondId: string) => ({ bondId, status: 'pending', peer: { name: 'Bob' } }) as unknown as BondState;

describe('a bond-active report that comes before the bond is stored', () => {
  it('is applied once the bond is stored', async () => {
    const { ctx, saved, events } = fakePairingCtx();
    const life = new BondLife(ctx, { dropBond: () => undefined, retireSending: () => undefined });
    life.onActiveReported('b1'); // the push, while the reveal's answer is still on its way
    await life.applyEarlyActive(); // nothing stored yet: nothing to apply, the report is kept
    expect(saved).toHaveLength(0);
    ctx.state.bonds.b1 = pendingBond('b1'); // the reveal's answer: the bond is stored, pending
    await life.applyEarlyActive();
    expect(ctx.state.bonds.b1?.status).toBe('active');
    expect(events).toEqual([{ type: 'bond-active', bondId: 'b1', name: 'Bob' }]);
    expect(saved).toHaveLength(1);
    await life.applyEarlyActive(); // applied once
    expect(events).toHaveLength(1);
  });

  it('marks a stored pending bond active at once, and keeps only a few reports of unknown bonds', async () => {
    const { ctx, events } = fakePairingCtx();
    const life = new BondLife(ctx, { dropBond: () => undefined, retireSending: () => undefined });
    ctx.state.bonds.b0 = pendingBond('b0');
    life.onActiveReported('b0');
    expect(ctx.state.bonds.b0?.status).toBe('active');
    for (let i = 1; i <= 40; i++) life.onActiveReported(`x${i}`);
    ctx.state.bonds.x1 = pendingBond('x1'); // the oldest report was let go
    ctx.state.bonds.x40 = pendingBond('x40');
    await life.applyEarlyActive();
    expect(ctx.state.bonds.x1?.status).toBe('pending');
    expect(ctx.state.bonds.x40?.status).toBe('active');
    expect(events).toHaveLength(2);
  });
});

describe('missed counts from the relay (decision 0014 §1)', () => {
  it('tells each expiry once: the same count again adds nothing, a lower one (cleared, then new) adds itself', () => {
    const { ctx, events } = fakePairingCtx();
    const life = new BondLife(ctx, { dropBond: () => undefined, retireSending: () => undefined });
    const bond = { bondId: 'b1', status: 'active', peer: { name: 'Alice' } } as unknown as BondState;
    life.noteMissed(bond, 0);
    expect(events).toEqual([]);
    life.noteMissed(bond, 3); // the bonds list
    life.noteMissed(bond, 3); // the read answer that clears it: the same three
    life.noteMissed(bond, 5); // two more expired before the next report
    life.noteMissed(bond, 0); // cleared
    life.noteMissed(bond, 1); // one more
    expect(events).toEqual([
      { type: 'missed', bondId: 'b1', from: 'Alice', count: 3, total: 3 },
      { type: 'missed', bondId: 'b1', from: 'Alice', count: 2, total: 5 },
      { type: 'missed', bondId: 'b1', from: 'Alice', count: 1, total: 6 },
    ]);
    expect(bond.missed).toBe(6);
  });
});
