/**
 * Replay protection for one (sender device, epoch): a high-water mark plus a 64-entry sliding window
 * (the RFC 4303 §3.4.3 anti-replay scheme). Out-of-order delivery from offline queues is accepted within
 * the window; a seq seen before, or older than the window, is refused.
 * State is plain strings so a client can persist it with the rest of its key store.
 */
export const REPLAY_WINDOW_SIZE = 64n;
const MASK = (1n << REPLAY_WINDOW_SIZE) - 1n;

export interface ReplayState {
  /** Highest seq accepted so far, or "-1" before the first. */
  high: string;
  /** Bit i set ⇔ seq (high − i) was accepted. */
  bits: string;
}

export const emptyReplayState = (): ReplayState => ({ high: '-1', bits: '0' });

export type ReplayVerdict = 'fresh' | 'replay' | 'too-old';

export function checkReplay(state: ReplayState, seq: bigint): ReplayVerdict {
  const high = BigInt(state.high);
  if (seq > high) return 'fresh';
  const offset = high - seq;
  if (offset >= REPLAY_WINDOW_SIZE) return 'too-old';
  return (BigInt(state.bits) >> offset) & 1n ? 'replay' : 'fresh';
}

/** Records `seq` as accepted; call only after the envelope verified, so forgeries cannot move the window. */
export function acceptReplay(state: ReplayState, seq: bigint): ReplayState {
  const high = BigInt(state.high);
  const bits = BigInt(state.bits);
  if (seq > high) {
    const shift = seq - high;
    const moved = shift >= REPLAY_WINDOW_SIZE ? 0n : (bits << shift) & MASK;
    return { high: seq.toString(), bits: (moved | 1n).toString() };
  }
  if (high - seq >= REPLAY_WINDOW_SIZE) return state; // older than the window: checkReplay refused it already
  return { high: state.high, bits: (bits | (1n << (high - seq))).toString() };
}
