/**
 * Removes metadata from a WebP, simple or extended, still or animated. Layout (RFC 9649 §2–§3):
 *
 *   "RIFF" <u32le size = bytes that follow> "WEBP"        RIFF header; bytes past 8 + size are a trailer
 *   <FourCC> <u32le payload size> <payload> [00 if odd]    chunk, repeated, each padded to even length
 *   VP8X payload: flags(1) reserved(3) canvas width−1 (u24le) canvas height−1 (u24le)
 *     flags: 0x20 ICC, 0x10 alpha, 0x08 EXIF, 0x04 XMP, 0x02 animation
 *   ANMF payload: X/2, Y/2, width−1, height−1, duration (u24le each), flags(1), then frame chunks
 *
 * Guarantees:
 * - Kept: VP8X (EXIF and XMP flags cleared), VP8, VP8L, ALPH, ANIM, ICCP, and ANMF with only its ALPH,
 *   VP8 and VP8L sub-chunks. The image bitstreams are copied byte for byte.
 * - Dropped: EXIF, XMP and every unknown chunk, top-level or inside a frame, and any trailer.
 * - The output is rebuilt chunk by chunk: the RIFF size is recomputed, and odd chunks get a zero pad byte
 *   (whatever the input's pad byte held stays behind).
 * - The RIFF and every chunk must fit exactly inside their parent, or a RangeError is thrown.
 */
import { concatBytes } from '../bytes.ts';
import { hex2, latin1, need, noteRemoved, type Stripped, startsWith, u8, u32le, writeU32le } from './_image-bytes.ts';

type Chunk = { fourcc: string; at: number; payload: Uint8Array };

const KEPT = new Set(['VP8X', 'VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ICCP', 'ANMF']);
const FRAME_KEPT = new Set(['ALPH', 'VP8 ', 'VP8L']);
const BITSTREAMS = new Set(['VP8 ', 'VP8L']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;
const ANMF_HEADER = 16;

function fourccLabel(fourcc: string): string {
  if (fourcc === 'XMP ') return 'XMP';
  if (/^[\x20-\x7e]{4}$/.test(fourcc)) return fourcc.trim();
  return `0x${[...fourcc].map((c) => hex2(c.charCodeAt(0))).join('')}`;
}

/** The chunks of `bytes[start, end)`, each required to fit, padding included, before `end`. */
function readChunks(bytes: Uint8Array, start: number, end: number): Chunk[] {
  const chunks: Chunk[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 8 > end) throw new RangeError(`webp: truncated chunk at offset ${pos}`);
    const size = u32le(bytes, pos + 4);
    const padded = pos + 8 + size + (size & 1);
    if (padded > end) throw new RangeError(`webp: truncated chunk at offset ${pos}`);
    chunks.push({ fourcc: latin1(bytes, pos, 4), at: pos, payload: bytes.subarray(pos + 8, pos + 8 + size) });
    pos = padded;
  }
  return chunks;
}

function encodeChunk(fourcc: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concatBytes(...payload);
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  for (let i = 0; i < 4; i++) out[i] = fourcc.charCodeAt(i);
  writeU32le(out, 4, body.length);
  out.set(body, 8);
  return out;
}

function stripFrame(chunk: Chunk, removed: string[]): Uint8Array {
  const { payload, at } = chunk;
  if (payload.length < ANMF_HEADER)
    throw new RangeError(`webp: expected ANMF of ≥ ${ANMF_HEADER} bytes at offset ${at}, got ${payload.length}`);
  const kept: Uint8Array[] = [payload.subarray(0, ANMF_HEADER)];
  let bitstreams = 0;
  for (const sub of readChunks(payload, ANMF_HEADER, payload.length)) {
    if (FRAME_KEPT.has(sub.fourcc)) {
      kept.push(encodeChunk(sub.fourcc, sub.payload));
      if (BITSTREAMS.has(sub.fourcc)) bitstreams++;
    } else {
      noteRemoved(removed, `ANMF ${fourccLabel(sub.fourcc)}`);
    }
  }
  if (bitstreams !== 1) throw new RangeError(`webp: expected 1 VP8 or VP8L in the ANMF at offset ${at}, got ${bitstreams}`);
  return encodeChunk('ANMF', ...kept);
}

export function stripWebp(bytes: Uint8Array): Stripped {
  need(bytes, 0, 12, 'webp', 'RIFF header');
  if (!startsWith(bytes, 0, 'RIFF') || !startsWith(bytes, 8, 'WEBP')) {
    throw new RangeError(`webp: expected "RIFF" <size> "WEBP" at offset 0, got ${JSON.stringify(latin1(bytes, 0, 4))}`);
  }
  const riffSize = u32le(bytes, 4);
  if (riffSize < 4) throw new RangeError(`webp: expected RIFF size ≥ 4 at offset 4, got ${riffSize}`);
  need(bytes, 0, 8 + riffSize, 'webp', 'RIFF');
  const end = 8 + riffSize;
  const chunks = readChunks(bytes, 12, end);
  const first = chunks[0];
  if (first === undefined || (first.fourcc !== 'VP8X' && !BITSTREAMS.has(first.fourcc))) {
    throw new RangeError(
      `webp: expected VP8, VP8L or VP8X as the first chunk at offset 12, got ${first ? fourccLabel(first.fourcc) : 'none'}`,
    );
  }

  const removed: string[] = [];
  const parts: Uint8Array[] = [];
  let images = 0;
  for (const chunk of chunks) {
    const { fourcc, payload, at } = chunk;
    if (!KEPT.has(fourcc)) {
      noteRemoved(removed, fourccLabel(fourcc));
    } else if (fourcc === 'VP8X') {
      if (chunk !== first) throw new RangeError(`webp: expected VP8X only as the first chunk, got one at offset ${at}`);
      if (payload.length !== 10) throw new RangeError(`webp: expected VP8X of 10 bytes at offset ${at}, got ${payload.length}`);
      const vp8x = payload.slice();
      // The flags promise chunks that are gone; a reader trusting them would look for EXIF that is not there.
      vp8x[0] = u8(vp8x, 0) & ~(VP8X_EXIF | VP8X_XMP);
      parts.push(encodeChunk('VP8X', vp8x));
    } else if (fourcc === 'ANMF') {
      parts.push(stripFrame(chunk, removed));
      images++;
    } else {
      parts.push(encodeChunk(fourcc, payload));
      if (BITSTREAMS.has(fourcc)) images++;
    }
  }
  if (images === 0) throw new RangeError(`webp: expected a VP8, VP8L or ANMF chunk, got none`);
  if (end < bytes.length) noteRemoved(removed, 'trailer after RIFF');

  const body = concatBytes(...parts);
  const header = new Uint8Array(12);
  header.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
  writeU32le(header, 4, 4 + body.length);
  return { bytes: concatBytes(header, body), removed };
}
