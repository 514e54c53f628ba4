/** Real sealed envelopes for tests (random epoch key; the relay never opens them anyway). */
import { type DeviceKeys, sealEnvelope, toBase64url, utf8Encode } from '@entwine/core';
import { random, testEd } from './people.ts';

export const newEpochId = () => toBase64url(random.bytes(8));

export async function seal(device: DeviceKeys, bondId: string, epochId: string, seq: bigint, text = 'hello', epochKey = random.bytes(32)) {
  const ed = await testEd();
  return sealEnvelope({
    ed,
    random,
    header: { bondId, senderDevice: device.deviceId, epochId, seq },
    epochKey,
    signSeed: device.signSeed,
    plaintext: utf8Encode(text),
  });
}
