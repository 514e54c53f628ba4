// Every refusal the device throws to a caller is an EntwineError with a catalogue code, and it comes before
// anything is sent: this device talks to no relay after it registered (any other request fails the test).
import { detectEd25519, EntwineError, type ErrorCode, systemClock, systemRandom } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import type { DeviceDeps } from './context.ts';
import { Device } from './device.ts';
import { checkShieldChoice } from './parts/shields.ts';
import { memoryStore, memoryStoreData } from './store/memory-store.ts';
import type { HttpRequest } from './transport.ts';

async function deps(): Promise<DeviceDeps> {
  return {
    transport: {
      origin: 'http://relay.invalid',
      request: async (req: HttpRequest) => {
        if (req.method === 'PUT' && req.path.startsWith('/v1/users/'))
          return { status: 201, json: { userId: 'u', version: 1, known: false } };
        throw new Error(`a refusal must not reach the relay: ${req.method} ${req.path}`);
      },
      openSocket: () => {
        throw new Error('a refusal must not open a socket');
      },
    },
    store: memoryStore(memoryStoreData()),
    ed: await detectEd25519(),
    random: systemRandom(),
    clock: systemClock,
    timers: { setTimeout: () => undefined, clearTimeout: () => undefined },
  };
}

async function refusal(work: Promise<unknown> | (() => unknown)): Promise<EntwineError> {
  const error = await (typeof work === 'function' ? Promise.resolve().then(work) : work).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EntwineError);
  return error as EntwineError;
}

const expectCode = async (work: Promise<unknown> | (() => unknown), code: ErrorCode, detail?: string) => {
  const error = await refusal(work);
  expect(error.code).toBe(code);
  if (detail) expect(error.detail).toContain(detail);
};

describe('a refusal of the device is a catalogue EntwineError', () => {
  it('names the partner, value or facet it refuses, before anything is sent', async () => {
    const { device } = await Device.create(await deps(), { name: 'Alice' });
    await expectCode(device.setShield('Zed', 'location', 'city'), 'ENTWINE_ERR_BOND_NOT_FOUND', '"Zed"');
    await expectCode(device.end('Zed'), 'ENTWINE_ERR_BOND_NOT_FOUND', '"Zed"');
    await expectCode(device.glance('Zed', 'hug'), 'ENTWINE_ERR_BOND_NOT_FOUND', '"Zed"');
    await expectCode(device.glance('Zed', 'wave' as 'hug'), 'ENTWINE_ERR_INPUT_INVALID', 'a glance is one of');
    await expectCode(device.say('Zed', 'hello'), 'ENTWINE_ERR_BOND_NOT_FOUND', '"Zed"');
    await expectCode(device.shareMoment('Zed', { bytes: new Uint8Array([1]) }), 'ENTWINE_ERR_BOND_NOT_FOUND');
    await expectCode(device.setBattery({ level: 2 }), 'ENTWINE_ERR_INPUT_INVALID', '2');
    await expectCode(device.recordFix({ lat: 91, lon: 0 }), 'ENTWINE_ERR_INPUT_INVALID', '91');
    await expectCode(device.setFeeling({ mood: 'grumpy' as 'calm', intensity: 3 }), 'ENTWINE_ERR_INPUT_INVALID');
    device.close();
  });

  it('refuses a phrase that is not one, and a level a facet does not have', async () => {
    await expectCode(Device.create(await deps(), { name: 'Alice', phrase: 'not twelve words' }), 'ENTWINE_ERR_PHRASE_INVALID');
    await expectCode(() => checkShieldChoice({ glances: 'city' }), 'ENTWINE_ERR_SHIELD_LEVEL', 'glances takes');
    await expectCode(() => checkShieldChoice({ weather: 'exact' }), 'ENTWINE_ERR_SHIELD_LEVEL', 'no facet "weather"');
    expect(() => checkShieldChoice({ location: 'city', glances: undefined })).not.toThrow(); // undefined: not chosen
  });
});
