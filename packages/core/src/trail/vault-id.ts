/**
 * The id of a person's vault (docs/decisions/0014-history-vault-and-day-chunks.md §3): the owner field of
 * their own day chunks, and what the relay checks a vault read or write against.
 *   vaultId = first 16 bytes of SHA-256(utf8 "entwine/v1/vault-id" ‖ identityPub)
 * Derived from the identity key like the userId but under its own label, so a vaultId is never a userId
 * and the relay can recompute it from the device list it already holds: a second device of the same
 * person, or a restore from the phrase, finds the same vault without asking anyone.
 */
import { assertBytes, concatBytes, toBase64url, utf8Encode } from '../bytes.ts';
import { sha256 } from '../crypto/hash.ts';

export const VAULT_ID_LABEL = 'entwine/v1/vault-id';

/** The vault of the identity whose 32-byte Ed25519 public key is `identityPub`, as unpadded base64url. */
export function vaultIdOf(identityPub: Uint8Array): string {
  assertBytes(identityPub, 32, 'identityPub');
  return toBase64url(sha256(concatBytes(utf8Encode(VAULT_ID_LABEL), identityPub)).slice(0, 16));
}
