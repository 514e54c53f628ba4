/**
 * Binary WebSocket frames (layouts in `protocol.ts`). Decoders check every length against the
 * buffer before reading and throw a RangeError naming the field; the relay turns that into a close
 * code with a reason, and a client into a reported error — never a partial read.
 */
import { assertBytes, fromBase64url, toBase64url } from './bytes.ts';
import { MAX_ENVELOPE_LENGTH } from './crypto/envelope.ts';
import { type AckStatus, FRAME } from './protocol.ts';

export const MAX_FRAME_ENVELOPES = 256;

export interface Ack {
  epochId: string;
  seq: bigint;
  status: AckStatus;
}

export interface Delivery {
  cursor: bigint;
  envelope: Uint8Array;
}

function writer(size: number) {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let at = 0;
  return {
    u8(v: number) {
      view.setUint8(at, v);
      at += 1;
    },
    u16(v: number) {
      view.setUint16(at, v);
      at += 2;
    },
    u32(v: number) {
      view.setUint32(at, v);
      at += 4;
    },
    u64(v: bigint) {
      view.setBigUint64(at, v);
      at += 8;
    },
    bytes(b: Uint8Array) {
      bytes.set(b, at);
      at += b.length;
    },
    done: () => bytes,
  };
}

function reader(bytes: Uint8Array, label: string) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number, field: string) => {
    if (at + n > bytes.length) throw new RangeError(`${label} ${field}: expected ${n} more bytes, got ${bytes.length - at}`);
  };
  return {
    u8(field: string) {
      need(1, field);
      return view.getUint8(at++);
    },
    u16(field: string) {
      need(2, field);
      const v = view.getUint16(at);
      at += 2;
      return v;
    },
    u32(field: string) {
      need(4, field);
      const v = view.getUint32(at);
      at += 4;
      return v;
    },
    u64(field: string) {
      need(8, field);
      const v = view.getBigUint64(at);
      at += 8;
      return v;
    },
    bytes(n: number, field: string) {
      need(n, field);
      const v = bytes.subarray(at, at + n);
      at += n;
      return v;
    },
    end() {
      if (at !== bytes.length) throw new RangeError(`${label}: expected end of frame, got ${bytes.length - at} trailing bytes`);
    },
  };
}

function checkCount(count: number, label: string) {
  if (count < 1 || count > MAX_FRAME_ENVELOPES) throw new RangeError(`${label} count: expected 1..${MAX_FRAME_ENVELOPES}, got ${count}`);
}

export function frameType(frame: Uint8Array): number | undefined {
  return frame[0];
}

export function encodeSendFrame(envelopes: Uint8Array[]): Uint8Array {
  checkCount(envelopes.length, 'send frame');
  const w = writer(3 + envelopes.reduce((n, e) => n + 4 + e.length, 0));
  w.u8(FRAME.send);
  w.u16(envelopes.length);
  for (const e of envelopes) {
    w.u32(e.length);
    w.bytes(e);
  }
  return w.done();
}

export function decodeSendFrame(frame: Uint8Array): Uint8Array[] {
  assertBytes(frame, undefined, 'send frame');
  const r = reader(frame, 'send frame');
  const type = r.u8('type');
  if (type !== FRAME.send) throw new RangeError(`send frame type: expected ${FRAME.send}, got ${type}`);
  const count = r.u16('count');
  checkCount(count, 'send frame');
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const len = r.u32('length');
    if (len > MAX_ENVELOPE_LENGTH) throw new RangeError(`send frame length: expected at most ${MAX_ENVELOPE_LENGTH}, got ${len}`);
    out.push(r.bytes(len, 'envelope'));
  }
  r.end();
  return out;
}

export function encodeAckFrame(acks: Ack[]): Uint8Array {
  checkCount(acks.length, 'ack frame');
  const w = writer(3 + acks.length * 17);
  w.u8(FRAME.ack);
  w.u16(acks.length);
  for (const a of acks) {
    const epochId = fromBase64url(a.epochId, 'ack frame epochId');
    assertBytes(epochId, 8, 'ack frame epochId'); // another length would shift every later field
    w.bytes(epochId);
    w.u64(a.seq);
    w.u8(a.status);
  }
  return w.done();
}

export function decodeAckFrame(frame: Uint8Array): Ack[] {
  const r = reader(frame, 'ack frame');
  const type = r.u8('type');
  if (type !== FRAME.ack) throw new RangeError(`ack frame type: expected ${FRAME.ack}, got ${type}`);
  const count = r.u16('count');
  checkCount(count, 'ack frame');
  const out: Ack[] = [];
  for (let i = 0; i < count; i++) {
    out.push({ epochId: toBase64url(r.bytes(8, 'epochId')), seq: r.u64('seq'), status: r.u8('status') as AckStatus });
  }
  r.end();
  return out;
}

export function encodeDeliverFrame(deliveries: Delivery[]): Uint8Array {
  if (deliveries.length > MAX_FRAME_ENVELOPES)
    throw new RangeError(`deliver frame count: expected 0..${MAX_FRAME_ENVELOPES}, got ${deliveries.length}`);
  const w = writer(3 + deliveries.reduce((n, d) => n + 12 + d.envelope.length, 0));
  w.u8(FRAME.deliver);
  w.u16(deliveries.length);
  for (const d of deliveries) {
    w.u64(d.cursor);
    w.u32(d.envelope.length);
    w.bytes(d.envelope);
  }
  return w.done();
}

/** DELIVER frames may be empty (count 0) when sent as an HTTP backlog page with nothing in it. */
export function decodeDeliverFrame(frame: Uint8Array): Delivery[] {
  const r = reader(frame, 'deliver frame');
  const type = r.u8('type');
  if (type !== FRAME.deliver) throw new RangeError(`deliver frame type: expected ${FRAME.deliver}, got ${type}`);
  const count = r.u16('count');
  const out: Delivery[] = [];
  for (let i = 0; i < count; i++) {
    const cursor = r.u64('cursor');
    const len = r.u32('length');
    if (len > MAX_ENVELOPE_LENGTH) throw new RangeError(`deliver frame length: expected at most ${MAX_ENVELOPE_LENGTH}, got ${len}`);
    out.push({ cursor, envelope: r.bytes(len, 'envelope') });
  }
  r.end();
  return out;
}
