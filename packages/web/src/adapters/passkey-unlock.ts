/**
 * The optional passkey unlock (issue 10, point 12): a key for the device state that a copy of the browser
 * profile does not carry. A passkey (the platform's authenticator or a security key) is asked for its
 * WebAuthn `prf` output for a fixed random input; HKDF-SHA-256 over that output gives the AES-256-GCM key
 * the device store seals its records under (`indexeddb-device-store.ts`). The output comes from a secret inside the
 * authenticator, so only the credential's id and the input are stored here. Limits, said plainly:
 * - a browser or authenticator without PRF support cannot use it: the state stays under the profile's
 *   stored wrapping key, as before (`PasskeyError('no-prf')`);
 * - once unlocked, the key lives in the page's memory: code running in the page (a modified app served by a
 *   malicious relay, an extension) can use it, and a memory dump of the running browser can find it;
 * - losing the passkey locks the state for good on this device: the recovery phrase restores the identity.
 */
import type { PasskeyUnlockRecord } from './indexeddb-vault.ts';
import { ReasonError } from './reason-error.ts';

const HKDF_INFO = new TextEncoder().encode('entwine/v1/web-keystore/passkey-unlock');
/** Long enough for a person to find their security key; the browser shows its own prompt meanwhile. */
const TIMEOUT_MS = 120_000;

export const PASSKEY_FAILURES = {
  /** No WebAuthn in this browser, or this address cannot have passkeys (an IP address is not a valid RP ID). */
  unsupported: 'unsupported',
  /** The passkey or the browser gives no PRF output. */
  noPrf: 'no-prf',
  /** The person cancelled, or no authenticator answered in time. */
  notAllowed: 'not-allowed',
} as const;
export type PasskeyFailure = (typeof PASSKEY_FAILURES)[keyof typeof PASSKEY_FAILURES];

export class PasskeyError extends ReasonError<PasskeyFailure> {
  constructor(reason: PasskeyFailure, detail?: string) {
    super('passkey', reason, detail);
    this.name = 'PasskeyError';
  }
}

/** The PRF results the browser reports (not yet in TypeScript's DOM library). */
interface PrfOutputs {
  prf?: { enabled?: boolean; results?: { first?: BufferSource } };
}

function classify(error: unknown): PasskeyError {
  if (error instanceof PasskeyError) return error;
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'SecurityError' || name === 'NotSupportedError') return new PasskeyError('unsupported', String(error));
  return new PasskeyError('not-allowed', String(error));
}

function bytesOf(source: BufferSource): Uint8Array<ArrayBuffer> {
  return source instanceof ArrayBuffer
    ? new Uint8Array(source)
    : new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer);
}

async function derive(prfOutput: BufferSource, salt: Uint8Array): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', bytesOf(prfOutput), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, info: HKDF_INFO },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function passkeysAvailable(): boolean {
  return typeof PublicKeyCredential !== 'undefined' && typeof navigator.credentials?.create === 'function';
}

/** Asks the passkey for its PRF output on the record's input and derives the state key. */
export async function unlockWithPasskey(record: PasskeyUnlockRecord): Promise<CryptoKey> {
  if (!passkeysAvailable()) throw new PasskeyError('unsupported');
  let assertion: Credential | null;
  try {
    assertion = await navigator.credentials.get({
      publicKey: {
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        rpId: location.hostname,
        allowCredentials: [{ type: 'public-key', id: record.credentialId as Uint8Array<ArrayBuffer> }],
        userVerification: 'required',
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: record.prfSalt as Uint8Array<ArrayBuffer> } } } as AuthenticationExtensionsClientInputs,
      },
    });
  } catch (error) {
    throw classify(error);
  }
  if (!(assertion instanceof PublicKeyCredential)) throw new PasskeyError('not-allowed', 'no credential');
  const first = (assertion.getClientExtensionResults() as PrfOutputs).prf?.results?.first;
  if (!first) throw new PasskeyError('no-prf', 'the passkey gave no PRF output');
  return derive(first, record.prfSalt);
}

/** Makes a new passkey for this app and derives the state key from it; `no-prf` if it cannot give one. */
export async function createPasskeyUnlock(personName: string): Promise<{ record: PasskeyUnlockRecord; key: CryptoKey }> {
  if (!passkeysAvailable()) throw new PasskeyError('unsupported');
  const prfSalt = crypto.getRandomValues(new Uint8Array(32));
  let created: Credential | null;
  try {
    created = await navigator.credentials.create({
      publicKey: {
        rp: { name: 'Entwine', id: location.hostname },
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: personName, displayName: personName },
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        timeout: TIMEOUT_MS,
        extensions: { prf: { eval: { first: prfSalt } } } as AuthenticationExtensionsClientInputs,
      },
    });
  } catch (error) {
    throw classify(error);
  }
  if (!(created instanceof PublicKeyCredential)) throw new PasskeyError('not-allowed', 'no credential');
  const prf = (created.getClientExtensionResults() as PrfOutputs).prf;
  if (!prf?.enabled) throw new PasskeyError('no-prf', 'the passkey was made without PRF support');
  const record: PasskeyUnlockRecord = { v: 1, credentialId: new Uint8Array(created.rawId), prfSalt };
  // Some authenticators give the output only when asked with an assertion.
  const key = prf.results?.first ? await derive(prf.results.first, prfSalt) : await unlockWithPasskey(record);
  return { record, key };
}
