/**
 * The replay window (RFC 4303 §3.4.3 style, 64 entries): a seq is `fresh` once, `replay` after it was
 * accepted, and `too-old` once it is 64 or more below the highest accepted; seqs may arrive in any order
 * inside the window; a big jump forgets everything behind it. A reference model that remembers every
 * accepted seq agrees with it on any sequence of arrivals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../test/check-property.ts';
import { acceptReplay, checkReplay, emptyReplayState, REPLAY_WINDOW_SIZE, type ReplayState, type ReplayVerdict } from './replay-window.ts';

const acceptAll = (seqs: bigint[], state = emptyReplayState()) => seqs.reduce((s, seq) => acceptReplay(s, seq), state);

describe('replay window', () => {
  it('is 64 wide', () => {
    expect(REPLAY_WINDOW_SIZE).toBe(64n);
  });

  it('calls the first seq fresh, whatever it is, and the same seq a replay once accepted', () => {
    for (const seq of [0n, 1n, 63n, 64n, 1_000_000n, 0xffff_ffff_ffff_ffffn]) {
      expect(checkReplay(emptyReplayState(), seq)).toBe('fresh');
      expect(checkReplay(acceptReplay(emptyReplayState(), seq), seq)).toBe('replay');
    }
  });

  it('accepts out-of-order arrivals inside the window, each exactly once', () => {
    let state = acceptAll([10n]);
    for (const seq of [5n, 9n, 0n, 7n]) {
      expect(checkReplay(state, seq), `seq ${seq}`).toBe('fresh');
      state = acceptReplay(state, seq);
      expect(checkReplay(state, seq), `seq ${seq} again`).toBe('replay');
    }
    expect(checkReplay(state, 10n)).toBe('replay');
    for (const seq of [1n, 2n, 3n, 4n, 6n, 8n, 11n]) expect(checkReplay(state, seq), `seq ${seq}`).toBe('fresh');
  });

  it('is too-old at exactly 64 below the highest accepted, and still decides at 63 below', () => {
    const state = acceptAll([100n]);
    expect(checkReplay(state, 36n)).toBe('too-old'); // offset 64
    expect(checkReplay(state, 0n)).toBe('too-old');
    expect(checkReplay(state, 37n)).toBe('fresh'); // offset 63: the last slot of the window
    expect(checkReplay(acceptReplay(state, 37n), 37n)).toBe('replay');
  });

  it('keeps a seq remembered after a jump of 63, and forgets it after a jump of 64', () => {
    expect(checkReplay(acceptAll([0n, 63n]), 0n)).toBe('replay');
    expect(checkReplay(acceptAll([0n, 64n]), 0n)).toBe('too-old');
  });

  it('after a big jump, everything behind the window is too-old and the gap inside it is fresh', () => {
    const state = acceptAll([0n, 1n, 2n, 3n, 4n, 5n, 1000n]);
    for (const seq of [0n, 5n, 936n]) expect(checkReplay(state, seq), `seq ${seq}`).toBe('too-old');
    for (const seq of [937n, 999n]) expect(checkReplay(state, seq), `seq ${seq}`).toBe('fresh');
    expect(checkReplay(state, 1000n)).toBe('replay');
    expect(checkReplay(state, 1001n)).toBe('fresh');
  });

  it('works at the top of the u64 range without losing precision', () => {
    const top = 0xffff_ffff_ffff_ffffn;
    const state = acceptAll([top - 1n, top]);
    expect(checkReplay(state, top - 1n)).toBe('replay');
    expect(checkReplay(state, top - 2n)).toBe('fresh');
    expect(checkReplay(state, top - 64n)).toBe('too-old');
  });

  it('keeps its state as plain strings that survive a JSON round trip', () => {
    const state = acceptAll([3n, 70n, 69n]);
    expect(typeof state.high).toBe('string');
    expect(typeof state.bits).toBe('string');
    const restored = JSON.parse(JSON.stringify(state)) as ReplayState;
    for (const seq of [3n, 6n, 69n, 70n, 71n]) expect(checkReplay(restored, seq)).toBe(checkReplay(state, seq));
  });

  it('agrees with a model that remembers every accepted seq, for any order of arrivals (seeded property)', async () => {
    // Small seqs with the odd big jump: most arrivals land inside, at the edge of, or just outside the window.
    const seqArb = fc.oneof(
      { weight: 9, arbitrary: fc.bigInt({ min: 0n, max: 200n }) },
      { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10_000n }) },
    );
    await checkProperty(
      fc.property(fc.array(seqArb, { maxLength: 300 }), (arrivals) => {
        let state = emptyReplayState();
        const accepted = new Set<bigint>();
        let high = -1n;
        for (const seq of arrivals) {
          const expected: ReplayVerdict = seq > high ? 'fresh' : high - seq >= 64n ? 'too-old' : accepted.has(seq) ? 'replay' : 'fresh';
          expect(checkReplay(state, seq), `seq ${seq} with high ${high}`).toBe(expected);
          if (expected === 'fresh') {
            state = acceptReplay(state, seq);
            accepted.add(seq);
            if (seq > high) high = seq;
          }
        }
        expect(state.high).toBe(high.toString());
      }),
      { numRuns: 300 },
    );
  });
});
