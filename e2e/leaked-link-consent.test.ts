/**
 * Issue 10 acceptance 1 (client and CLI, against a real relay): someone holding a leaked invite link
 * answers as "Bob". Alice's request shows numbers that differ from the real Bob's — his safety number
 * (what his screen shows when he opens the link) and the SAS he would have computed had he answered —
 * so the call exposes the impostor before her yes. If she says yes without confirming them, nothing she
 * chose leaves her device: over several ticks the relay holds no envelope and no key distribution from
 * her for that bond, the fake Bob decrypts nothing, and glances, thoughts and photos are refused. Once
 * she skips the check her bond says *not verified*, and only then does what she chose flow (the control:
 * the same bond, unheld, does send).
 */
import { join } from 'node:path';
import type { Device, DeviceState } from '@entwine/client';
import { emptyView } from '@entwine/client';
import { deriveBond, detectEd25519, fromBase64url, parseInviteLink, respondToInvite, safetyNumber, systemRandom } from '@entwine/core';
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ok } from './support/cli.ts';
import { newDevice } from './support/devices.ts';
import { heldFrom, readState } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/web-app.ts';

const suite = relayForSuite('leaked-link');
const SAS = /^\d{4} \d{4} \d{4}$/;

const stateOf = (store: { value: string | undefined }) => JSON.parse(store.value ?? '{}') as DeviceState;

/** The safety number a person's own screen shows for a bond with `other`: identity keys only. */
function safetyBetween(me: DeviceState, other: DeviceState): string {
  return safetyNumber(
    { key: fromBase64url(me.identity.publicKey), stableId: fromBase64url(me.identity.userId) },
    { key: fromBase64url(other.identity.publicKey), stableId: fromBase64url(other.identity.userId) },
  );
}

/**
 * The SAS the real Bob would have compared, had he been the one to answer this invite: his own response
 * to it, against the ephemeral key and nonce Alice committed to (read from her state before her yes).
 */
async function sasIfAnsweredBy(realBob: DeviceState, alice: DeviceState, link: string): Promise<string> {
  const parsed = parseInviteLink(link);
  if (!parsed) throw new Error('not an invite link');
  const inv = alice.invites[parsed.inviteId];
  if (!inv) throw new Error('Alice no longer holds the invite');
  const inviteBlob = fromBase64url(inv.inviteBlob);
  const resp = await respondToInvite({
    ed: await detectEd25519(),
    random: systemRandom(),
    secret: parsed.secret,
    inviteBlob,
    identity: {
      seed: fromBase64url(realBob.identity.seed),
      publicKey: fromBase64url(realBob.identity.publicKey),
      userId: realBob.identity.userId,
    },
    device: {
      deviceId: realBob.device.deviceId,
      signSeed: fromBase64url(realBob.device.signSeed),
      signPub: fromBase64url(realBob.device.signPub),
      dhPriv: fromBase64url(realBob.device.dhPriv),
      dhPub: fromBase64url(realBob.device.dhPub),
    },
    deviceList: realBob.deviceList.blob,
    name: realBob.name,
  });
  const inviterPub = x25519.getPublicKey(fromBase64url(inv.ePriv));
  return deriveBond({
    myEphemeralPriv: resp.ePriv,
    peerEphemeralPub: inviterPub,
    secret: parsed.secret,
    inviteBlob,
    responseBlob: resp.responseBlob,
    inviterEphemeralPub: inviterPub,
    inviterNonce: fromBase64url(inv.nonce),
  }).sas;
}

/** Waits for `count` more real publish ticks of `device` (condition, not a sleep). */
async function ticks(device: Device, count: number): Promise<void> {
  let seen = 0;
  const off = device.on((e) => {
    if (e.type === 'published') seen++;
  });
  try {
    await until(`${count} publish ticks`, async () => (seen >= count ? true : undefined), 30_000);
  } finally {
    off();
  }
}

describe('a leaked invite link answered as "Bob"', () => {
  it('client: shows numbers that are not the real Bob’s, and sends nothing Alice chose until she checks or skips them', async () => {
    const url = suite.relay.url;
    const alice = await newDevice(url, 'Alice', { publishTickMs: 200 });
    const realBob = await newDevice(url, 'Bob');
    const fake = await newDevice(url, 'Bob'); // holds the leaked link; calls himself Bob
    await alice.device.recordFix({ lat: 48.8566, lon: 2.3522, acc: 5 });
    await alice.device.setFeeling({ mood: 'happy', intensity: 4 });

    const { link } = await alice.device.invite();
    const realPreview = await realBob.device.previewInvite(link); // what Bob reads to Alice on the call
    const wouldBeSas = await sasIfAnsweredBy(stateOf(realBob.store), stateOf(alice.store), link);
    await fake.device.acceptInvite(link, {});

    const [request, ...others] = await alice.device.requests();
    expect(others).toEqual([]);
    expect(request?.name).toBe('Bob');
    expect(request?.sas).toMatch(SAS);
    expect(request?.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    // Before the yes, neither number is the real Bob's.
    expect(request?.safetyNumber).not.toBe(realPreview.safetyNumber);
    expect(request?.sas).not.toBe(wouldBeSas);

    // Alice says yes, choosing everything, without confirming the numbers.
    const all = { location: 'exact', presence: 'exact', feelings: 'exact', glances: 'exact', thoughts: 'exact', moments: 'exact' } as const;
    const made = await alice.device.confirm('Bob', all);
    expect(made.verification).toBe('unchecked');
    expect(made.sas).toBe(request?.sas); // the request showed the numbers of the bond the yes made
    expect(made.safetyNumber).toBe(request?.safetyNumber);

    // The fake Bob completes the bond on his side (his device confirms to the relay) and claims the numbers match.
    await fake.device.sync();
    const fakeBond = await fake.device.verifyBond('Alice', 'match');
    expect(fakeBond.sas).toBe(request?.sas); // the numbers on Alice's request are the impostor's, not Bob's
    await fake.device.connect();
    await alice.device.sync();
    expect(alice.device.bonds()[0]?.status).toBe('active');
    const bondId = made.bondId;

    // Several real ticks: nothing leaves for the held bond.
    alice.device.startPublishing();
    await ticks(alice.device, 4);
    await expect(alice.device.glance('Bob', 'heartbeat')).rejects.toMatchObject({ code: 'ENTWINE_ERR_BOND_UNVERIFIED' });
    await expect(alice.device.say('Bob', 'where are you?')).rejects.toMatchObject({ code: 'ENTWINE_ERR_BOND_UNVERIFIED' });
    await expect(alice.device.shareMoment('Bob', { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]) })).rejects.toMatchObject({
      code: 'ENTWINE_ERR_BOND_UNVERIFIED',
    });
    expect(alice.device.sharingWith()).toEqual([]);
    expect(alice.device.isSharing()).toBe(false);
    expect(await heldFrom(url, stateOf(fake.store), bondId, alice.device.deviceId)).toEqual({ envelopes: 0, keys: 0 });
    await fake.device.pull();
    expect(fake.device.viewOf('Alice')).toEqual(emptyView());
    expect(fake.events.filter((e) => ['location', 'presence', 'feeling', 'glance', 'thought', 'moment'].includes(e.type))).toEqual([]);
    expect(alice.device.seenBy('Bob')).toEqual(emptyView());

    // She skips the check: the bond says not verified, and what she chose flows from the next tick (the control).
    const skipped = await alice.device.verifyBond('Bob', 'skip');
    expect(skipped.verification).toBe('skipped');
    expect(alice.device.bonds()[0]?.verification).toBe('skipped');
    await until('the fake Bob to see Alice’s location', async () =>
      fake.device.viewOf('Alice').location?.level === 'exact' ? true : undefined,
    );
    // Her key distribution is on the relay now. Her envelopes went too, but the fake Bob is live: he read them
    // (above) and the relay deleted what he read, so the fake's view is the evidence for them.
    expect((await heldFrom(url, stateOf(fake.store), bondId, alice.device.deviceId)).keys).toBeGreaterThan(0);
    alice.device.close();
    fake.device.close();
  }, 120_000);

  it('CLI: `entwine requests` and `confirm` show the numbers before the yes; nothing is sent until `verify`', async () => {
    const url = suite.relay.url;
    const home = (n: string) => join(suite.root, `cli-${n}`);
    const run = (n: string, ...args: string[]) => ok([...args, '--home', home(n), '--server', url]);
    await run('alice', 'init', '--name', 'Alice');
    await run('bob', 'init', '--name', 'Bob');
    await run('fake', 'init', '--name', 'Bob');
    const link = (await run('alice', 'invite')).split('\n')[0] as string;
    const aliceBefore = await readState(home('alice'));
    const realBobState = await readState(home('bob'));
    const realSafety = safetyBetween(realBobState, aliceBefore);
    const wouldBeSas = await sasIfAnsweredBy(realBobState, aliceBefore, link);
    await run('fake', 'accept', link);

    const listed = await run('alice', 'requests');
    expect(listed).toContain('Bob accepted your invite and waits for your yes');
    const sas = /SAS:\s+(\d{4} \d{4} \d{4})/.exec(listed)?.[1];
    const safety = /safety number:\s+([\d ]+\d)/.exec(listed)?.[1];
    expect(sas).toMatch(SAS);
    expect(safety).toBeDefined();
    expect(safety).not.toBe(realSafety);
    expect(sas).not.toBe(wouldBeSas);
    expect(JSON.parse(await run('alice', 'requests', '--json')).requests).toEqual([
      expect.objectContaining({ name: 'Bob', sas, safetyNumber: safety }),
    ]);

    // The yes without a check: the numbers are printed first, then the bond is held.
    const yes = await run('alice', 'confirm', 'Bob', '--share', 'location,presence');
    expect(yes.indexOf(`SAS:           ${sas}`)).toBeGreaterThanOrEqual(0);
    expect(yes.indexOf(`SAS:           ${sas}`)).toBeLessThan(yes.indexOf('You said yes to Bob'));
    expect(yes).toContain('not checked yet: nothing you chose is shared');
    expect(yes).toContain('entwine verify Bob --numbers-match');

    await run('fake', 'verify', 'Alice', '--numbers-match'); // the bond becomes active on the relay
    const [bond] = JSON.parse(await run('alice', 'bonds', '--json')).bonds;
    expect(bond).toMatchObject({ status: 'active', verification: 'unchecked', sas, safetyNumber: safety });
    for (let i = 0; i < 3; i++) {
      expect(await run('alice', 'share', '--lat', '48.8566', '--lon', '2.3522')).toContain(
        'Nothing went to Bob: compare your numbers first',
      );
    }
    const fakeState = await readState(home('fake'));
    const aliceDevice = (await readState(home('alice'))).device.deviceId;
    expect(await heldFrom(url, fakeState, bond.bondId, aliceDevice)).toEqual({ envelopes: 0, keys: 0 });

    // Skipping: the bond says NOT VERIFIED, and the next share reaches the relay (the control).
    expect(await run('alice', 'verify', 'Bob', '--skip-check')).toContain('NOT VERIFIED');
    expect(await run('alice', 'bonds')).toContain('NOT VERIFIED: you skipped comparing the numbers');
    expect(await run('alice', 'share', '--lat', '48.8566', '--lon', '2.3522')).toContain('Shared with 1 bond');
    expect((await heldFrom(url, fakeState, bond.bondId, aliceDevice)).envelopes).toBeGreaterThan(0);
  }, 240_000);
});
