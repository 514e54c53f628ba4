/**
 * What the relay accepts and serves of day chunks (docs/decisions/0014-history-vault-and-day-chunks.md §2, §5),
 * without opening one: the lengths a chunk can have, and the binary page `GET /v1/trail/:ownerId` answers.
 *
 * A chunk is header(53) ‖ nonce(24) ‖ ct ‖ sig(64), where ct is a padded plaintext of a power of two from
 * 1 KiB to 4 MiB plus the 16-byte Poly1305 tag; any other length is not a chunk (`isChunkLength`).
 *
 * Trail page, version first; anything else is rejected, never guessed:
 *
 *   offset  size  field
 *   0       1     type = 0x04 (a trail page; 0x01–0x03 are the WebSocket frames of protocol.ts)
 *   1       4     nextDay, u32 BE: the first day of the range this page left out (ask again with
 *                 from = nextDay), or 0xFFFFFFFF when the page reaches the end of the range
 *   5       4     count, u32 BE
 *   9       …     count × (length u32 BE ‖ chunk bytes), in (day, senderDevice) order
 *
 * A page always holds whole days: every sender's chunk of a day, or none of that day.
 */
import { assertBytes } from '../bytes.ts';
import { CHUNK_OVERHEAD } from './chunk.ts';
import { CHUNK_PAD_MAX, CHUNK_PAD_MIN } from './pad-chunk.ts';

export const TRAIL_PAGE_TYPE = 0x04;
/** `nextDay` of a page that reaches the end of the range it was asked for. */
export const TRAIL_PAGE_COMPLETE = 0xffff_ffff;

/** True when `length` is the length of a chunk: its padded plaintext is a power of two from 1 KiB to 4 MiB. */
export function isChunkLength(length: number): boolean {
  const padded = length - CHUNK_OVERHEAD;
  return Number.isInteger(padded) && padded >= CHUNK_PAD_MIN && padded <= CHUNK_PAD_MAX && (padded & (padded - 1)) === 0;
}

export interface TrailPage {
  chunks: Uint8Array[];
  /** The first day left out, or undefined when the page reaches the end of the range. */
  nextDay: number | undefined;
}

export function encodeTrailPage(page: TrailPage): Uint8Array {
  if (page.nextDay !== undefined && !(Number.isInteger(page.nextDay) && page.nextDay >= 0 && page.nextDay < TRAIL_PAGE_COMPLETE))
    throw new RangeError(`trail page nextDay: expected a day from 0 to ${TRAIL_PAGE_COMPLETE - 1}, got ${page.nextDay}`);
  const out = new Uint8Array(9 + page.chunks.reduce((n, c) => n + 4 + c.length, 0));
  const view = new DataView(out.buffer);
  out[0] = TRAIL_PAGE_TYPE;
  view.setUint32(1, page.nextDay ?? TRAIL_PAGE_COMPLETE);
  view.setUint32(5, page.chunks.length);
  let at = 9;
  for (const chunk of page.chunks) {
    view.setUint32(at, chunk.length);
    out.set(chunk, at + 4);
    at += 4 + chunk.length;
  }
  return out;
}

/** Splits a page into its chunks (views into `bytes`); lengths are checked before anything is read. */
export function decodeTrailPage(bytes: Uint8Array): TrailPage {
  assertBytes(bytes, undefined, 'trail page');
  if (bytes.length < 9) throw new RangeError(`trail page: expected at least 9 bytes, got ${bytes.length}`);
  if (bytes[0] !== TRAIL_PAGE_TYPE) throw new RangeError(`trail page type: expected ${TRAIL_PAGE_TYPE}, got ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const next = view.getUint32(1);
  const count = view.getUint32(5);
  const chunks: Uint8Array[] = [];
  let at = 9;
  for (let i = 0; i < count; i++) {
    if (at + 4 > bytes.length) throw new RangeError(`trail page length ${i}: expected 4 more bytes, got ${bytes.length - at}`);
    const length = view.getUint32(at);
    if (!isChunkLength(length)) throw new RangeError(`trail page chunk ${i}: expected a chunk length, got ${length}`);
    if (at + 4 + length > bytes.length)
      throw new RangeError(`trail page chunk ${i}: expected ${length} bytes, got ${bytes.length - at - 4}`);
    chunks.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (at !== bytes.length) throw new RangeError(`trail page: expected end of page, got ${bytes.length - at} trailing bytes`);
  return { chunks, nextDay: next === TRAIL_PAGE_COMPLETE ? undefined : next };
}
