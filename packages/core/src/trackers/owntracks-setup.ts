/**
 * What OwnTracks is given to set itself up, made the same way by `entwine bridge setup owntracks` and the web
 * app's *Me → Devices & apps*: a passphrase for its encrypted mode, and its own configuration (HTTP mode with
 * basic auth) as a `.otrc` object and as the `owntracks:///config?inline=` link its QR code carries.
 */
import { base64 } from '@scure/base';
import { utf8Encode } from '../bytes.ts';

/** Unambiguous letters and digits (no 0/O, 1/l/I): a passphrase that may be typed from a screen. */
const PASSPHRASE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const OWNTRACKS_PASSPHRASE_LENGTH = 32;

/**
 * An OwnTracks passphrase: 32 characters, the most the app takes (its key is the passphrase padded to 32
 * bytes), about 187 bits. `randomBytes` is the caller's CSPRNG.
 */
export function owntracksPassphrase(randomBytes: (n: number) => Uint8Array): string {
  // 256 is not a multiple of 57: values past the last full run are drawn again, so each character is uniform.
  const limit = 256 - (256 % PASSPHRASE_ALPHABET.length);
  let out = '';
  while (out.length < OWNTRACKS_PASSPHRASE_LENGTH) {
    for (const b of randomBytes(OWNTRACKS_PASSPHRASE_LENGTH)) {
      if (b < limit && out.length < OWNTRACKS_PASSPHRASE_LENGTH) out += PASSPHRASE_ALPHABET[b % PASSPHRASE_ALPHABET.length];
    }
  }
  return out;
}

/** OwnTracks' configuration for HTTP mode with basic auth, and the link its QR code holds. */
export function owntracksConfig(url: string, token: string, key: string | undefined): { config: Record<string, unknown>; qr: string } {
  const config: Record<string, unknown> = {
    _type: 'configuration',
    mode: 3, // HTTP
    url,
    auth: true,
    username: 'entwine',
    password: token,
    ...(key ? { encryptionKey: key } : {}),
  };
  return { config, qr: `owntracks:///config?inline=${base64.encode(utf8Encode(JSON.stringify(config)))}` };
}
