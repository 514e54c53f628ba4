/** Test people: a real identity from a fresh recovery phrase, real device keys and a signed device list. */
import {
  certifyDevice,
  type DeviceKeys,
  detectEd25519,
  type Ed25519,
  generateDeviceKeys,
  generateRecoveryPhrase,
  type IdentityKey,
  identityFromPhrase,
  type SignedBlob,
  signDeviceList,
  systemRandom,
} from '@entwine/core';

export const random = systemRandom();
let engine: Promise<Ed25519> | undefined;
export const testEd = (): Promise<Ed25519> => {
  engine ??= detectEd25519();
  return engine;
};

export interface Person {
  name: string;
  identity: IdentityKey;
  devices: DeviceKeys[];
  certs: SignedBlob[];
  deviceList: SignedBlob;
  version: number;
}

export async function makePerson(name: string, deviceCount = 1, version = 1): Promise<Person> {
  const ed = await testEd();
  const identity = identityFromPhrase(ed, generateRecoveryPhrase(random));
  const devices = Array.from({ length: deviceCount }, () => generateDeviceKeys(ed, random));
  const certs = await Promise.all(devices.map((d) => certifyDevice(ed, identity, d, Date.now())));
  const deviceList = await signDeviceList(ed, identity, version, certs);
  return { name, identity, devices, certs, deviceList, version };
}

/** The same person with a re-signed list (a new version, optionally another device set). */
export async function withDeviceList(person: Person, version: number, devices = person.devices): Promise<Person> {
  const ed = await testEd();
  const certs = await Promise.all(devices.map((d) => certifyDevice(ed, person.identity, d, Date.now())));
  return { ...person, devices, certs, version, deviceList: await signDeviceList(ed, person.identity, version, certs) };
}
