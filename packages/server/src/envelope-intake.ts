/**
 * The one path every envelope takes into the relay, over HTTP and WebSocket alike:
 *   decode the header (no crypto; DESIGN §12) → size cap → sender is the signed-in device →
 *   per-device rate limit → the sender's user is a member of the ACTIVE bond → group-committed append
 *   → after COMMIT: outcome per envelope, and one DELIVER frame per bond fanned out to both members.
 * Guarantees: outcomes are in input order; `stored`/`duplicate` are reported only after the commit;
 * the relay never verifies envelope signatures (recipients do); nothing is fanned out before commit.
 */
import { ACK_STATUS, type AckStatus, type DecodedEnvelope, type Delivery, decodeEnvelope, encodeDeliverFrame } from '@entwine/core';
import { type BondView, relayStatus } from './bond-access.ts';
import { type BusSkip, publishToBond } from './bus.ts';
import type { RelayState, Sender } from './relay-state.ts';
import type { AppendResult, NewEnvelope } from './store/store.ts';

export interface Outcome {
  epochId: string;
  seq: bigint;
  status: AckStatus;
  cursor?: bigint;
  /** Why an envelope was malformed, for HTTP replies (an ACK frame carries the status only). */
  detail?: string;
}

export type BondLookup = (bondId: string) => BondView | undefined | PromiseLike<BondView | undefined>;

/** `result` settles after the commit; the wrapper keeps it from being flattened by `await`. */
export interface Submission {
  result: Promise<Outcome[]>;
}

/** Used in ACKs for envelopes whose header could not be read; such acks are matched by position. */
const UNREADABLE_EPOCH = 'AAAAAAAAAAA';

const isThenable = <T>(v: T | PromiseLike<T>): v is PromiseLike<T> => typeof (v as { then?: unknown } | undefined)?.then === 'function';

function statusOfAppend(r: AppendResult): AckStatus {
  switch (r.status) {
    case 'stored':
      return ACK_STATUS.stored;
    case 'duplicate':
      return ACK_STATUS.duplicate;
    case 'bond-pending':
      return ACK_STATUS.bondPending;
    case 'bond-ended':
      return ACK_STATUS.bondEnded;
    case 'bond-missing':
      return ACK_STATUS.notMember;
  }
}

type FanOut = Map<string, { bond: BondView; deliveries: Delivery[] }>;

/** One DELIVER frame per bond, encoded once, to both members' topics. */
function publish(relay: RelayState, fanOut: FanOut, skip: BusSkip): void {
  for (const [bondId, { bond, deliveries }] of fanOut) {
    publishToBond(relay.bus, bond, { type: 'deliver', bondId, frame: encodeDeliverFrame(deliveries), skip });
  }
}

export async function submitEnvelopes(
  relay: RelayState,
  sender: Sender,
  envelopes: readonly Uint8Array[],
  lookup: BondLookup,
  skip: BusSkip,
): Promise<Submission> {
  const now = relay.clock.now();
  const maxBytes = relay.limits.maxEnvelopeBytes;
  const outcomes: Outcome[] = [];
  const accepted: { index: number; env: DecodedEnvelope; bond: BondView }[] = [];
  let lastBondId: string | undefined;
  let lastBond: BondView | undefined;
  for (let i = 0; i < envelopes.length; i++) {
    const bytes = envelopes[i] as Uint8Array;
    let env: DecodedEnvelope;
    try {
      env = decodeEnvelope(bytes);
    } catch (error) {
      const tooLarge = bytes.length > maxBytes;
      outcomes.push({
        epochId: UNREADABLE_EPOCH,
        seq: 0n,
        status: tooLarge ? ACK_STATUS.tooLarge : ACK_STATUS.malformed,
        detail: (error as Error).message,
      });
      continue;
    }
    const outcome: Outcome = { epochId: env.epochId, seq: env.seq, status: ACK_STATUS.stored };
    outcomes.push(outcome);
    if (bytes.length > maxBytes) outcome.status = ACK_STATUS.tooLarge;
    else if (env.senderDevice !== sender.deviceId) outcome.status = ACK_STATUS.senderMismatch;
    else if (!relay.rate.take(sender.deviceId, now)) outcome.status = ACK_STATUS.rateLimited;
    else {
      // Frames usually carry one bond; remember the last lookup instead of asking again per envelope.
      if (env.bondId !== lastBondId) {
        const found = lookup(env.bondId);
        lastBond = isThenable(found) ? await found : found;
        lastBondId = env.bondId;
      }
      outcome.status = relayStatus(lastBond, sender.userId);
      if (outcome.status === ACK_STATUS.stored) accepted.push({ index: i, env, bond: lastBond as BondView });
    }
  }
  if (accepted.length === 0) return { result: Promise.resolve(outcomes) };

  const rows: NewEnvelope[] = accepted.map(({ env }) => ({
    bondId: env.bondId,
    senderDevice: env.senderDevice,
    epochId: env.epochId,
    seq: env.seq,
    body: env.bytes,
    storedAt: now,
  }));
  const result = relay.store.appendEnvelopes(rows).then(
    (results) => {
      const fanOut: FanOut = new Map();
      for (let j = 0; j < accepted.length; j++) {
        const { index, env, bond } = accepted[j] as (typeof accepted)[number];
        const r = results[j] as AppendResult;
        const outcome = outcomes[index] as Outcome;
        outcome.status = statusOfAppend(r);
        if (r.status !== 'stored' && r.status !== 'duplicate') continue;
        outcome.cursor = r.cursor;
        if (r.status !== 'stored') continue; // a duplicate was delivered when it was first stored
        let group = fanOut.get(env.bondId);
        if (!group) {
          group = { bond, deliveries: [] };
          fanOut.set(env.bondId, group);
        }
        group.deliveries.push({ cursor: r.cursor, envelope: env.bytes });
      }
      const hook = relay.hooks?.onDeliver;
      if (!hook) {
        publish(relay, fanOut, skip);
        return outcomes;
      }
      // Test-only: a malicious-relay hook rewrites what is delivered, and may be async.
      const rewritten = [...fanOut.values()].map(async (group) => {
        group.deliveries = await Promise.all(group.deliveries.map(async (d) => ({ cursor: d.cursor, envelope: await hook(d.envelope) })));
      });
      return Promise.all(rewritten).then(() => {
        publish(relay, fanOut, skip);
        return outcomes;
      });
    },
    (error: unknown) => {
      relay.log.error({ err: error, envelopes: accepted.length }, 'envelope append failed');
      for (const { index } of accepted) (outcomes[index] as Outcome).status = ACK_STATUS.storeUnavailable;
      return outcomes;
    },
  );
  return { result };
}
