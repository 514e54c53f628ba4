/**
 * A signed JSON document: the signature covers the exact bytes that travel, and the document is parsed
 * only after the signature verified, so there is no canonicalisation to get wrong.
 *   sig = Ed25519(key, "entwine/v1/" ‖ context ‖ 0x00 ‖ bodyBytes)
 * The context string separates domains: a device certificate can never pass as a key distribution.
 */
import { z } from 'zod';
import { concatBytes, fromBase64url, toBase64url, utf8Decode, utf8Encode } from '../bytes.ts';
import type { Ed25519 } from './ed25519.ts';

export const SIGNED_CONTEXTS = [
  'device-cert',
  'device-list',
  'key-dist',
  'pair-response',
  'pair-reveal',
  'bond-confirm',
  'bond-end',
  'vault-epoch',
] as const;
export type SignedContext = (typeof SIGNED_CONTEXTS)[number];

export const signedBlobSchema = z.object({ body: z.string().max(200_000), sig: z.string().length(86) });
export type SignedBlob = z.infer<typeof signedBlobSchema>;

function signingInput(context: SignedContext, body: Uint8Array): Uint8Array {
  return concatBytes(utf8Encode(`entwine/v1/${context}`), new Uint8Array([0]), body);
}

export async function signBlob(ed: Ed25519, context: SignedContext, document: unknown, seed: Uint8Array): Promise<SignedBlob> {
  const body = utf8Encode(JSON.stringify(document));
  const sig = await ed.sign(signingInput(context, body), seed);
  return { body: toBase64url(body), sig: toBase64url(sig) };
}

/** Verifies, then parses with `schema`; `undefined` means forged, damaged or not of that shape. */
export async function openBlob<T>(
  ed: Ed25519,
  context: SignedContext,
  blob: SignedBlob,
  publicKey: Uint8Array,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  let body: Uint8Array;
  let sig: Uint8Array;
  try {
    body = fromBase64url(blob.body);
    sig = fromBase64url(blob.sig);
  } catch {
    return undefined;
  }
  if (!(await ed.verify(sig, signingInput(context, body), publicKey))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(body));
  } catch {
    return undefined;
  }
  const result = schema.safeParse(parsed);
  return result.success ? result.data : undefined;
}

/** Reads a blob's document without verifying it — only for routing (e.g. finding which key to verify with). */
export function peekBlob<T>(blob: SignedBlob, schema: z.ZodType<T>): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(utf8Decode(fromBase64url(blob.body))));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}
