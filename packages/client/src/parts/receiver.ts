/**
 * The receiver part: the live connection (sign in on a socket, catch up with each bond's backlog, then
 * receive as it happens), pulling a backlog without a socket, checking each envelope (receive.ts), the
 * relay's events, and the one read cursor per bond, reported to the relay once what it covers is stored on
 * the device (read-reports.ts; the missed counts it answers go to pairing, which keeps them). Owns the `receiving` (epoch keys, replay windows, the
 * cursor) and `received-view` records. What a verified message means for thoughts, glances and photos is
 * the streams part's; a bond's life (active, ended, new partner devices) is pairing's.
 */
import type { relayEventSchema } from '@entwine/core';
import type { z } from 'zod';
import type { DeviceEvent } from '../context.ts';
import { ingestKeyDist, refreshKeys } from '../epochs.ts';
import { LiveConnection } from '../live.ts';
import type { Outbox } from '../outbox.ts';
import { ReadReports } from '../read-reports.ts';
import { advanceCursor, receiveEnvelope } from '../receive.ts';
import type { BondState } from '../state.ts';
import { changes } from '../store/records.ts';
import type { IdentityPart } from './identity.ts';
import type { PartCtx } from './owners.ts';
import type { PairingPart } from './pairing.ts';
import type { StreamsPart } from './streams.ts';

export interface ReceiverDeps {
  identity: IdentityPart;
  pairing: PairingPart;
  streams: StreamsPart;
  outbox: Outbox;
  /** Before the outbox is sent on a new socket: timed shields that ended while closed apply first. */
  beforeConnect(): Promise<void>;
}

export class ReceiverPart {
  private live: LiveConnection | undefined;
  private readonly reads: ReadReports;

  constructor(
    private readonly ctx: PartCtx<'receiver'>,
    private readonly parts: ReceiverDeps,
  ) {
    this.reads = new ReadReports(
      (bondId, cursor) => ctx.api.markRead(bondId, cursor),
      async (bondId, missed) => {
        const bond = ctx.state.bonds[bondId];
        if (bond?.status !== 'active') return;
        parts.pairing.bonds.noteMissed(bond, missed);
        await parts.pairing.saveMarked();
      },
    );
  }

  /** Fetches a bond's key distributions again (a chunk under an epoch not seen yet) and saves what they added. */
  async refreshKeys(bond: BondState): Promise<void> {
    await refreshKeys(this.ctx, bond);
    await this.ctx.save(changes.receiving(bond.bondId));
  }

  /** Resolves when no read report is in flight. */
  readsSettled(): Promise<void> {
    return this.reads.settled();
  }

  /** Goes live: sign in on a socket, catch up with each bond's backlog, then receive as it happens. */
  async connect(): Promise<void> {
    this.parts.identity.refuseIfDisplaced();
    await this.parts.beforeConnect();
    this.live ??= new LiveConnection(this.ctx, this.parts.outbox, {
      catchUp: () => this.catchUp(),
      onDelivery: async (bytes, cursor) => {
        await this.ctx.refresh();
        return this.deliver(bytes, cursor);
      },
      afterDeliveries: () => this.reportReads(),
      onEvent: async (e) => {
        await this.ctx.refresh();
        await this.onRelayEvent(e as z.infer<typeof relayEventSchema>);
      },
    });
    await this.live.open();
  }

  /** Closes the live connection for good (e.g. this identity moved to another device); a pending open rejects. */
  fail(error: Error): void {
    this.live?.fail(error);
  }

  close(): void {
    this.live?.close();
    this.live = undefined;
  }

  /** Reads every bond's backlog once, without a live socket (a one-shot reader, or a test). */
  pull(): Promise<void> {
    return this.catchUp();
  }

  /** One delivered envelope → what to show: verified messages go through streams, failures as they are. */
  private async deliver(bytes: Uint8Array, cursor: bigint, bond?: BondState): Promise<DeviceEvent[]> {
    const { identity, pairing, streams } = this.parts;
    const result = await receiveEnvelope(this.ctx, bytes, cursor, bond, (of, reason) =>
      of ? pairing.bonds.countNotShown(of, reason) : identity.countNotShownElsewhere(reason),
    );
    // What reading it changed, for the save after the frame or the backlog page: the replay window and
    // cursor, and the view (the ledger's owners and streams mark their own records).
    const named = result?.type === 'verified' ? result.bond.bondId : result && 'bondId' in result ? result.bondId : bond?.bondId;
    if (named) this.ctx.mark(changes.receiving(named), changes.receivedView(named));
    if (!result) return [];
    return result.type === 'verified' ? streams.accept(result) : [result];
  }

  private async catchUp(): Promise<void> {
    await this.parts.pairing.sync();
    await this.parts.pairing.bonds.refreshPartnersDevices();
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active') continue;
      for (;;) {
        const page = await this.ctx.api.backlog(bond.bondId, BigInt(bond.cursor));
        for (const d of page) {
          for (const event of await this.deliver(d.envelope, d.cursor, bond)) this.ctx.emit(event);
          advanceCursor(bond, d.cursor); // past an envelope set aside too, so the next page starts after it
        }
        this.ctx.mark(changes.receiving(bond.bondId));
        if (page.length === 0) break;
      }
    }
    await this.ctx.save();
    this.reportReads();
  }

  /** Every active bond's read position, now that what it covers is stored (coalesced per bond). */
  private reportReads(): void {
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status === 'active') this.reads.report(bond.bondId, BigInt(bond.cursor));
    }
  }

  private async onRelayEvent(event: z.infer<typeof relayEventSchema>): Promise<void> {
    const { pairing } = this.parts;
    const bond = 'bondId' in event ? this.ctx.state.bonds[event.bondId] : undefined;
    switch (event.type) {
      case 'bond-ended':
        if (bond && bond.status !== 'ended') await pairing.bonds.onEndReported(bond, event.end);
        break;
      case 'bond-active':
        pairing.bonds.onActiveReported(event.bondId);
        break;
      case 'key-dist':
        if (bond && bond.status === 'active') await ingestKeyDist(this.ctx, bond, event.keyDist);
        break;
      case 'devices-changed':
        await pairing.bonds.peerDevicesChanged(event.userId);
        break;
      case 'invite-response':
      case 'invite-reveal':
      case 'invite-declined':
        await pairing.sync();
        return;
      default:
        return;
    }
    await this.ctx.save();
  }
}
