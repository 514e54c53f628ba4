/** SHA-256 (FIPS 180-4) through noble, for content hashes such as a photo's; one import path for every package. */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}
