import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../bytes.ts';
import { systemRandom } from '../random.ts';
import { nobleEd25519 } from './ed25519.ts';
import { certifyDevice, generateDeviceKeys, generateRecoveryPhrase, identityFromPhrase, signDeviceList } from './identity.ts';
import { createInvite, createReveal, deriveBond, openInvite, openResponse, openReveal, respondToInvite } from './pairing.ts';

const ed = nobleEd25519;
const random = systemRandom();

async function person(name: string) {
  const identity = identityFromPhrase(ed, generateRecoveryPhrase(random));
  const device = generateDeviceKeys(ed, random);
  const cert = await certifyDevice(ed, identity, device, 1);
  const deviceList = await signDeviceList(ed, identity, 1, [cert]);
  return { name, identity, device, deviceList };
}

describe('pairing', () => {
  it('derives the same bond id and SAS on both sides when nobody interferes', async () => {
    const a = await person('Alice');
    const b = await person('Bob');
    const now = 1_700_000_000_000;
    const inv = createInvite({ random, identity: a.identity, deviceList: a.deviceList, name: 'Alice', now, ttlMs: 3600_000 });
    const opened = await openInvite(ed, inv.secret, inv.inviteBlob, now);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.doc.name).toBe('Alice');
    const resp = await respondToInvite({
      ed,
      random,
      secret: inv.secret,
      inviteBlob: inv.inviteBlob,
      identity: b.identity,
      device: b.device,
      deviceList: b.deviceList,
      name: 'Bob',
    });
    const r = await openResponse(ed, inv, resp.responseBlob);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const reveal = await createReveal({ ed, random, inviter: inv, device: a.device, responseBlob: resp.responseBlob });
    const rv = await openReveal({ ed, secret: inv.secret, invite: opened.value, responseBlob: resp.responseBlob, revealBlob: reveal });
    expect(rv.ok).toBe(true);
    if (!rv.ok) return;
    const common = {
      secret: inv.secret,
      inviteBlob: inv.inviteBlob,
      responseBlob: resp.responseBlob,
      inviterEphemeralPub: fromBase64url(rv.value.ePub),
      inviterNonce: fromBase64url(rv.value.nonce),
    };
    const sa = deriveBond({ ...common, myEphemeralPriv: inv.ePriv, peerEphemeralPub: fromBase64url(r.value.doc.ePub) });
    const sb = deriveBond({ ...common, myEphemeralPriv: resp.ePriv, peerEphemeralPub: fromBase64url(rv.value.ePub) });
    expect(sa.bondId).toBe(sb.bondId);
    expect(sa.sas).toBe(sb.sas);
    expect(sa.sas).toMatch(/^\d{4} \d{4} \d{4}$/);
    // Re-sealing the reveal (fresh AEAD nonce, same committed key) must not move the SAS: nothing a relay
    // holding the link can re-roll after both keys are known feeds into it.
    const resealed = await createReveal({ ed, random, inviter: inv, device: a.device, responseBlob: resp.responseBlob });
    expect(resealed).not.toEqual(reveal);
    const rv2 = await openReveal({ ed, secret: inv.secret, invite: opened.value, responseBlob: resp.responseBlob, revealBlob: resealed });
    if (!rv2.ok) throw new Error('resealed reveal did not open');
    const sb2 = deriveBond({
      ...common,
      inviterEphemeralPub: fromBase64url(rv2.value.ePub),
      inviterNonce: fromBase64url(rv2.value.nonce),
      myEphemeralPriv: resp.ePriv,
      peerEphemeralPub: fromBase64url(rv2.value.ePub),
    });
    expect(sb2.sas).toBe(sa.sas);
  });

  it('refuses an expired invite', async () => {
    const a = await person('Alice');
    const inv = createInvite({ random, identity: a.identity, deviceList: a.deviceList, name: 'Alice', now: 1000, ttlMs: 10 });
    expect(await openInvite(ed, inv.secret, inv.inviteBlob, 1010)).toEqual({ ok: false, reason: 'expired' });
  });

  it('fails the commitment when the revealed ephemeral key is not the one committed to', async () => {
    const a = await person('Alice');
    const b = await person('Bob');
    const now = 1_700_000_000_000;
    const inv = createInvite({ random, identity: a.identity, deviceList: a.deviceList, name: 'Alice', now, ttlMs: 3600_000 });
    const opened = await openInvite(ed, inv.secret, inv.inviteBlob, now);
    if (!opened.ok) throw new Error('invite did not open');
    const resp = await respondToInvite({
      ed,
      random,
      secret: inv.secret,
      inviteBlob: inv.inviteBlob,
      identity: b.identity,
      device: b.device,
      deviceList: b.deviceList,
      name: 'Bob',
    });
    // A reveal of a different key — even one properly signed by Alice's device — must not pass.
    const swapped = await createReveal({
      ed,
      random,
      inviter: { ...inv, ePriv: random.bytes(32) },
      device: a.device,
      responseBlob: resp.responseBlob,
    });
    const rv = await openReveal({ ed, secret: inv.secret, invite: opened.value, responseBlob: resp.responseBlob, revealBlob: swapped });
    expect(rv).toEqual({ ok: false, reason: 'commitment-mismatch' });
  });

  it('rejects a response whose ephemeral key was swapped after signing', async () => {
    const a = await person('Alice');
    const b = await person('Bob');
    const m = await person('Mallory');
    const now = 1_700_000_000_000;
    const inv = createInvite({ random, identity: a.identity, deviceList: a.deviceList, name: 'Alice', now, ttlMs: 3600_000 });
    // Mallory knows the link secret but signs with its own device while claiming Bob's identity.
    const forged = await respondToInvite({
      ed,
      random,
      secret: inv.secret,
      inviteBlob: inv.inviteBlob,
      identity: b.identity,
      device: m.device,
      deviceList: b.deviceList,
      name: 'Bob',
    });
    expect(await openResponse(ed, inv, forged.responseBlob)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});
