/**
 * Binary WebSocket frames: SEND, ACK and DELIVER round-trip exactly; a truncated, garbled or
 * oversized frame throws a RangeError whose message names the frame and the field, never a partial
 * result; random garbage makes a decoder throw nothing but RangeError/TypeError, and whatever does
 * decode re-encodes to the very same bytes (one encoding per frame).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../test/check-property.ts';
import { toBase64url, toHex } from './bytes.ts';
import { MAX_ENVELOPE_LENGTH } from './crypto/envelope.ts';
import {
  type Ack,
  type Delivery,
  decodeAckFrame,
  decodeDeliverFrame,
  decodeSendFrame,
  encodeAckFrame,
  encodeDeliverFrame,
  encodeSendFrame,
  frameType,
  MAX_FRAME_ENVELOPES,
} from './frames.ts';
import { ACK_STATUS, type AckStatus, FRAME } from './protocol.ts';

const u64 = fc.bigInt({ min: 0n, max: 0xffff_ffff_ffff_ffffn });
const envelopeArb = fc.uint8Array({ maxLength: 600 });
const ackArb: fc.Arbitrary<Ack> = fc.record({
  epochId: fc.uint8Array({ minLength: 8, maxLength: 8 }).map(toBase64url),
  seq: u64,
  status: fc.constantFrom(...(Object.values(ACK_STATUS) as AckStatus[])),
});
const deliveryArb: fc.Arbitrary<Delivery> = fc.record({ cursor: u64, envelope: envelopeArb });

/** "<frame> <field>: expected …" — the shape every decoder error has, so the relay can pass it on as is. */
const NAMES_FIELD = /^(send|ack|deliver) frame (type|count|length|envelope|epochId|seq|status|cursor): expected /;
const NAMES_FRAME = /^(send|ack|deliver) frame( (type|count|length|envelope|epochId|seq|status|cursor))?: expected /;

const decoders = [
  ['send', decodeSendFrame],
  ['ack', decodeAckFrame],
  ['deliver', decodeDeliverFrame],
] as const;

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

const hexAll = (list: Uint8Array[]) => list.map(toHex);

describe('SEND frame', () => {
  it('round-trips any 1..256 envelopes exactly (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.array(envelopeArb, { minLength: 1, maxLength: 20 }), (envelopes) => {
        const frame = encodeSendFrame(envelopes);
        expect(frameType(frame)).toBe(FRAME.send);
        expect(hexAll(decodeSendFrame(frame))).toEqual(hexAll(envelopes));
      }),
      { numRuns: 200 },
    );
  });

  it('carries 256 envelopes, and refuses to encode 0 or 257', () => {
    const many = Array.from({ length: MAX_FRAME_ENVELOPES }, (_, i) => new Uint8Array([i]));
    expect(decodeSendFrame(encodeSendFrame(many))).toHaveLength(256);
    expect(() => encodeSendFrame([])).toThrow(new RangeError('send frame count: expected 1..256, got 0'));
    expect(() => encodeSendFrame([...many, new Uint8Array()])).toThrow(new RangeError('send frame count: expected 1..256, got 257'));
  });

  it('refuses a frame declaring 0 or 257 envelopes, or an envelope longer than the maximum', () => {
    expect(() => decodeSendFrame(new Uint8Array([FRAME.send, 0, 0]))).toThrow(new RangeError('send frame count: expected 1..256, got 0'));
    expect(() => decodeSendFrame(new Uint8Array([FRAME.send, 1, 1]))).toThrow(new RangeError('send frame count: expected 1..256, got 257'));
    const oversized = new Uint8Array(7);
    new DataView(oversized.buffer).setUint8(0, FRAME.send);
    new DataView(oversized.buffer).setUint16(1, 1);
    new DataView(oversized.buffer).setUint32(3, MAX_ENVELOPE_LENGTH + 1);
    expect(() => decodeSendFrame(oversized)).toThrow(
      new RangeError(`send frame length: expected at most ${MAX_ENVELOPE_LENGTH}, got ${MAX_ENVELOPE_LENGTH + 1}`),
    );
  });

  it('refuses a non-Uint8Array with a TypeError naming the frame', () => {
    expect(() => decodeSendFrame('0102' as never)).toThrow(new TypeError('send frame: expected Uint8Array, got string'));
  });
});

describe('ACK frame', () => {
  it('round-trips any 1..256 acks exactly (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.array(ackArb, { minLength: 1, maxLength: 50 }), (acks) => {
        const frame = encodeAckFrame(acks);
        expect(frame.length).toBe(3 + 17 * acks.length);
        expect(frameType(frame)).toBe(FRAME.ack);
        expect(decodeAckFrame(frame)).toEqual(acks);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to encode an epochId that is not 8 bytes, rather than shifting every later field', () => {
    const short = { epochId: toBase64url(new Uint8Array([1, 2, 3, 4])), seq: 7n, status: ACK_STATUS.stored };
    expect(() => encodeAckFrame([short])).toThrow(new RangeError('ack frame epochId: expected 8 bytes, got 4'));
    const long = { ...short, epochId: toBase64url(new Uint8Array(12)) };
    expect(() => encodeAckFrame([long])).toThrow(new RangeError('ack frame epochId: expected 8 bytes, got 12'));
  });

  it('refuses to encode 0 acks and refuses a frame declaring 0', () => {
    expect(() => encodeAckFrame([])).toThrow(new RangeError('ack frame count: expected 1..256, got 0'));
    expect(() => decodeAckFrame(new Uint8Array([FRAME.ack, 0, 0]))).toThrow(new RangeError('ack frame count: expected 1..256, got 0'));
  });
});

describe('DELIVER frame', () => {
  it('round-trips any deliveries exactly, including none (seeded property)', async () => {
    await checkProperty(
      fc.property(fc.array(deliveryArb, { maxLength: 20 }), (deliveries) => {
        const frame = encodeDeliverFrame(deliveries);
        expect(frameType(frame)).toBe(FRAME.deliver);
        const back = decodeDeliverFrame(frame);
        expect(back.map((d) => d.cursor)).toEqual(deliveries.map((d) => d.cursor));
        expect(hexAll(back.map((d) => d.envelope))).toEqual(hexAll(deliveries.map((d) => d.envelope)));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an envelope longer than the maximum before reading it', () => {
    const frame = new Uint8Array(3 + 12);
    const view = new DataView(frame.buffer);
    view.setUint8(0, FRAME.deliver);
    view.setUint16(1, 1);
    view.setUint32(11, 0xffff_ffff);
    expect(() => decodeDeliverFrame(frame)).toThrow(
      new RangeError(`deliver frame length: expected at most ${MAX_ENVELOPE_LENGTH}, got 4294967295`),
    );
  });
});

describe('every decoder', () => {
  const samples = {
    send: encodeSendFrame([new Uint8Array([1, 2, 3]), new Uint8Array(40).fill(7)]),
    ack: encodeAckFrame([
      { epochId: toBase64url(new Uint8Array(8).fill(1)), seq: 5n, status: ACK_STATUS.stored },
      { epochId: toBase64url(new Uint8Array(8).fill(2)), seq: 6n, status: ACK_STATUS.duplicate },
    ]),
    deliver: encodeDeliverFrame([
      { cursor: 1n, envelope: new Uint8Array([9, 9]) },
      { cursor: 2n, envelope: new Uint8Array(30).fill(3) },
    ]),
  };

  it.each(decoders)('%s: every truncation of a valid frame throws a RangeError naming the field it ran out in', (name, decode) => {
    const frame = samples[name];
    for (let cut = 0; cut < frame.length; cut++) {
      const error = thrown(() => decode(frame.subarray(0, cut)));
      expect(error, `cut at ${cut}`).toBeInstanceOf(RangeError);
      expect((error as Error).message, `cut at ${cut}`).toMatch(NAMES_FIELD);
    }
  });

  it.each(decoders)('%s: a trailing byte is refused, naming the frame', (name, decode) => {
    const frame = Uint8Array.of(...samples[name], 0);
    expect(() => decode(frame)).toThrow(new RangeError(`${name} frame: expected end of frame, got 1 trailing bytes`));
  });

  it.each(decoders)('%s: a frame of another type is refused, naming the type field', (name, decode) => {
    const other = name === 'send' ? samples.ack : samples.send;
    expect(() => decode(other)).toThrow(new RangeError(`${name} frame type: expected ${FRAME[name]}, got ${other[0]}`));
  });

  it('throw nothing but RangeError or TypeError for random garbage or damaged frames, with a message naming the frame (seeded property)', async () => {
    const damaged = fc
      .tuple(
        fc.constantFrom(samples.send, samples.ack, samples.deliver),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }),
        fc.nat(),
      )
      .map(([frame, edits, cut]) => {
        const out = frame.slice(0, frame.length - (cut % 4));
        for (const [at, value] of edits) out[at % Math.max(1, out.length)] = value;
        return out;
      });
    const garbage = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      damaged,
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.of(1 + (b[0]! % 3), ...b)),
    );
    await checkProperty(
      fc.property(garbage, (bytes) => {
        for (const [, decode] of decoders) {
          const error = thrown(() => decode(bytes));
          if (error === undefined) continue;
          expect(error instanceof RangeError || error instanceof TypeError, String(error)).toBe(true);
          expect((error as Error).message).toMatch(NAMES_FRAME);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('re-encode whatever they accept to the same bytes, so no frame has two encodings (seeded property)', async () => {
    const nearValid = fc
      .tuple(fc.constantFrom(samples.send, samples.ack, samples.deliver), fc.nat(), fc.nat(255))
      .map(([frame, at, value]) => {
        const out = frame.slice();
        out[at % out.length] = value;
        return out;
      });
    await checkProperty(
      fc.property(nearValid, (bytes) => {
        const reencode: [() => unknown, (v: never) => Uint8Array][] = [
          [() => decodeSendFrame(bytes), encodeSendFrame],
          [() => decodeAckFrame(bytes), encodeAckFrame],
          [() => decodeDeliverFrame(bytes), encodeDeliverFrame],
        ];
        for (const [decode, encode] of reencode) {
          let value: unknown;
          try {
            value = decode();
          } catch {
            continue;
          }
          expect(toHex(encode(value as never))).toBe(toHex(bytes));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
