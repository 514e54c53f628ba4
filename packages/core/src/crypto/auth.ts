/**
 * Relay sign-in by challenge–response (DESIGN §3): no passwords.
 *   signed = "entwine/v1/auth" ‖ 0x00 ‖ origin ‖ 0x00 ‖ deviceId ‖ nonce(32) ‖ exp(u64 BE, ms)
 * Binding the origin stops a signature made for one relay being replayed at another; the relay burns
 * the nonce on first use and accepts it only before `exp`.
 */
import { concatBytes, fromBase64url, u64be, utf8Encode } from '../bytes.ts';

export function authMessage(origin: string, deviceId: string, nonce: Uint8Array, exp: number): Uint8Array {
  return concatBytes(
    utf8Encode('entwine/v1/auth'),
    new Uint8Array([0]),
    utf8Encode(origin),
    new Uint8Array([0]),
    fromBase64url(deviceId, 'deviceId'),
    nonce,
    u64be(BigInt(exp)),
  );
}
