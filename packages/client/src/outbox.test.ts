import { ACK_STATUS } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { Ctx } from './context.ts';
import { Outbox } from './outbox.ts';
import type { OutboxEntry } from './state.ts';

/** Just what the outbox touches of a device: its queued entries, saves and timers. */
function fakeCtx(): Ctx {
  return {
    state: { outbox: [] },
    mark: () => undefined,
    save: async () => undefined,
    emit: () => undefined,
    deps: { timers: { setTimeout: () => 0, clearTimeout: () => undefined } },
  } as unknown as Ctx;
}

const entry = (seq: number): OutboxEntry => ({ bondId: 'b', facet: 'location', epochId: 'e', seq: String(seq), envelope: 'AAAA' });

describe('a lowering drops queued envelopes, and says which may still reach the partner', () => {
  it('one not yet sent is superseded at once and never sent; one in flight settles with the relay’s answer', async () => {
    const ctx = fakeCtx();
    const outbox = new Outbox(ctx);
    const sent: Uint8Array[] = [];
    const socket = {
      sendText: () => undefined,
      sendBinary: (b: Uint8Array) => sent.push(b),
      bufferedAmount: () => 0,
      close: () => undefined,
    };
    const inFlight = outbox.enqueue(entry(1));
    outbox.attach(socket); // entry 1 leaves on the socket
    const unsent = outbox.enqueue(entry(2)); // not flushed yet
    expect(outbox.dropSuperseded('b', ['location'])).toBe(2);
    expect(ctx.state.outbox).toEqual([]);
    await expect(unsent).resolves.toBe('superseded');
    // The relay had entry 1 before the lowering: it stores it, so the partner gets it.
    await outbox.onAcks([{ epochId: 'e', seq: 1n, status: ACK_STATUS.stored }]);
    await expect(inFlight).resolves.toBe('stored');
    // Nothing dropped is sent again on a new socket.
    sent.length = 0;
    outbox.attach(socket);
    expect(sent).toEqual([]);
  });

  it('one in flight whose answer cannot come any more (a new socket) is superseded', async () => {
    const outbox = new Outbox(fakeCtx());
    const socket = { sendText: () => undefined, sendBinary: () => undefined, bufferedAmount: () => 0, close: () => undefined };
    const inFlight = outbox.enqueue(entry(1));
    outbox.attach(socket);
    outbox.dropSuperseded('b', ['location']);
    outbox.attach(socket);
    await expect(inFlight).resolves.toBe('superseded');
  });
});
