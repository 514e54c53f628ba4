/**
 * The envelope: the unit on the wire and on disk (DESIGN §5).
 *
 *   offset  size  field
 *   0       1     version = 0x01 (anything else is rejected, never guessed)
 *   1       16    bondId
 *   17      16    senderDevice (deviceId)
 *   33      8     epochId
 *   41      8     seq, u64 big-endian, per (senderDevice, epochId)
 *   ── 49-byte header: the AEAD's associated data, and covered by the signature ──
 *   49      24    nonce (random; XChaCha20 makes random 192-bit nonces safe)
 *   73      n     ct = XChaCha20-Poly1305(epochKey, nonce, aad = header, pad(plaintext)); n includes the 16-byte tag
 *   73+n    64    sig = Ed25519(senderDevice signing key, header ‖ nonce ‖ ct)
 *
 * The message kind lives inside the ciphertext; the relay sees only the header. Moving an envelope to
 * another bond, epoch, device or seq changes the header, which breaks both the AEAD and the signature.
 */
import { assertBytes, concatBytes, fromBase64url, toBase64url, u64be } from '../bytes.ts';
import type { Random } from '../random.ts';
import { NONCE_LENGTH, openSignedAead, SIG_LENGTH, sealSignedAead, TAG_LENGTH } from './_signed-aead.ts';
import type { Ed25519 } from './ed25519.ts';
import { pad, unpad } from './padding.ts';

export const ENVELOPE_VERSION = 1;
export const HEADER_LENGTH = 49;
export const ENVELOPE_OVERHEAD = HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH + SIG_LENGTH;
/** Largest envelope the codec accepts: one 64 KiB padded chunk plus overhead. */
export const MAX_ENVELOPE_LENGTH = 65_536 + ENVELOPE_OVERHEAD;

export interface EnvelopeHeader {
  bondId: string;
  senderDevice: string;
  epochId: string;
  seq: bigint;
}

export interface DecodedEnvelope extends EnvelopeHeader {
  headerBytes: Uint8Array;
  nonce: Uint8Array;
  ct: Uint8Array;
  sig: Uint8Array;
  bytes: Uint8Array;
}

export function encodeHeader(h: EnvelopeHeader): Uint8Array {
  const bondId = fromBase64url(h.bondId, 'bondId');
  const device = fromBase64url(h.senderDevice, 'senderDevice');
  const epoch = fromBase64url(h.epochId, 'epochId');
  assertBytes(bondId, 16, 'bondId');
  assertBytes(device, 16, 'senderDevice');
  assertBytes(epoch, 8, 'epochId');
  return concatBytes(new Uint8Array([ENVELOPE_VERSION]), bondId, device, epoch, u64be(h.seq));
}

/** Decodes the framing only (no crypto). Throws RangeError/TypeError with the field that is wrong. */
export function decodeEnvelope(bytes: Uint8Array): DecodedEnvelope {
  assertBytes(bytes, undefined, 'envelope');
  if (bytes.length < ENVELOPE_OVERHEAD) throw new RangeError(`envelope: expected at least ${ENVELOPE_OVERHEAD} bytes, got ${bytes.length}`);
  if (bytes.length > MAX_ENVELOPE_LENGTH)
    throw new RangeError(`envelope: expected at most ${MAX_ENVELOPE_LENGTH} bytes, got ${bytes.length}`);
  if (bytes[0] !== ENVELOPE_VERSION) throw new RangeError(`envelope version: expected ${ENVELOPE_VERSION}, got ${bytes[0]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sigStart = bytes.length - SIG_LENGTH;
  return {
    bondId: toBase64url(bytes.subarray(1, 17)),
    senderDevice: toBase64url(bytes.subarray(17, 33)),
    epochId: toBase64url(bytes.subarray(33, 41)),
    seq: view.getBigUint64(41),
    headerBytes: bytes.subarray(0, HEADER_LENGTH),
    nonce: bytes.subarray(HEADER_LENGTH, HEADER_LENGTH + NONCE_LENGTH),
    ct: bytes.subarray(HEADER_LENGTH + NONCE_LENGTH, sigStart),
    sig: bytes.subarray(sigStart),
    bytes,
  };
}

export async function sealEnvelope(args: {
  ed: Ed25519;
  random: Random;
  header: EnvelopeHeader;
  epochKey: Uint8Array;
  signSeed: Uint8Array;
  plaintext: Uint8Array;
  minBucket?: number;
}): Promise<Uint8Array> {
  assertBytes(args.epochKey, 32, 'epochKey');
  const { ed, random, signSeed } = args;
  return sealSignedAead({
    ed,
    random,
    signSeed,
    header: encodeHeader(args.header),
    key: args.epochKey,
    padded: pad(args.plaintext, args.minBucket),
  });
}

export type OpenResult = { ok: true; plaintext: Uint8Array } | { ok: false; reason: 'forged' };

/**
 * Signature first, then AEAD, then padding; any failure is `forged` (the UI says "forged or damaged").
 * No plaintext is returned unless every check passed.
 */
export async function openEnvelope(
  ed: Ed25519,
  env: DecodedEnvelope,
  epochKey: Uint8Array,
  senderSignPub: Uint8Array,
): Promise<OpenResult> {
  const padded = await openSignedAead(ed, env.bytes, HEADER_LENGTH, epochKey, senderSignPub);
  const plaintext = padded && unpad(padded);
  return plaintext ? { ok: true, plaintext } : { ok: false, reason: 'forged' };
}
