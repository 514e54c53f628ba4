/**
 * How a device's parts are put together: each gets its own narrowed context (owners.ts) and the few methods
 * of other parts it needs (a part asks the owner of a record to change it, never writes it itself).
 */
import type { Message } from '@entwine/core';
import type { Ctx } from '../context.ts';
import type { BondState } from '../state.ts';
import { findBond } from './find-bond.ts';
import { IdentityPart } from './identity.ts';
import { partCtx, storeCtx } from './owners.ts';
import { PairingPart } from './pairing.ts';
import { PlacesPart } from './places.ts';
import { Publisher } from './publisher.ts';
import { ReceiverPart } from './receiver.ts';
import { ShieldsPart } from './shields.ts';
import { StreamsPart } from './streams.ts';
import { TrailPart } from './trail.ts';

export interface Parts {
  identity: IdentityPart;
  pairing: PairingPart;
  shields: ShieldsPart;
  publisher: Publisher;
  receiver: ReceiverPart;
  streams: StreamsPart;
  trail: TrailPart;
  places: PlacesPart;
}

export function wireParts(ctx: Ctx, tickMs: number, trailSealPeriodMs?: number): Parts {
  const p = {} as Parts;
  p.identity = new IdentityPart(partCtx(ctx, 'identity'), (error) => {
    p.publisher.stop(); // displaced: this device stops sharing and reconnecting
    p.receiver.fail(error);
  });
  p.shields = new ShieldsPart(
    partCtx(ctx, 'shields'),
    (bond, facets) => p.publisher.dropSuperseded(bond, facets),
    (done) => p.publisher.follow(done),
  );
  p.publisher = new Publisher(partCtx(ctx, 'publisher'), p.shields, tickMs, (who) => findBond(ctx.state, who));
  p.pairing = new PairingPart(partCtx(ctx, 'pairing'), p.publisher);
  // A glance, thought or photo refused when its facet was lowered while it was sealed; a receipt just skipped.
  const seal = (onAbandoned: 'throw' | 'skip') => async (bond: BondState, messages: Message[], onStored?: (m: Message) => void) => {
    await p.publisher.seal([{ bond, messages }], onStored, onAbandoned);
  };
  p.streams = new StreamsPart(partCtx(ctx, 'streams'), {
    seal: seal('throw'),
    reply: seal('skip'),
    noteMomentSent: (bond, sends) => p.pairing.bonds.noteMomentSent(bond, sends),
  });
  p.receiver = new ReceiverPart(partCtx(ctx, 'receiver'), {
    identity: p.identity,
    pairing: p.pairing,
    streams: p.streams,
    outbox: p.publisher.outbox,
    beforeConnect: () => p.shields.settleNow(), // a timed shield that ended while closed applies before the outbox is sent
  });
  p.trail = new TrailPart(storeCtx(ctx), {
    sendingEpoch: (bond) => p.publisher.currentEpoch(bond),
    notify: async (bond, notice) => {
      await p.publisher.seal([{ bond, messages: [notice] }]);
    },
    tickMs,
    refreshKeys: (bond) => p.receiver.refreshKeys(bond),
    ...(ctx.deps.yieldToEvents ? { yieldToEvents: ctx.deps.yieldToEvents } : {}),
    ...(trailSealPeriodMs !== undefined ? { sealPeriodMs: trailSealPeriodMs } : {}),
  });
  p.places = new PlacesPart(storeCtx(ctx), {
    seal: async (bond, messages) => {
      await p.publisher.seal([{ bond, messages }]);
    },
  });
  return p;
}
