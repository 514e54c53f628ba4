import { ROUTES } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { activeBond, endDoc, signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { http } from './test-support/relay-client.ts';
import { startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay;
afterEach(async () => {
  await t.close();
});

describe('an invite whose bond has ended', () => {
  it('is refused as used (not as ended: that would tell an old link’s holder the two parted), never handed over with its wiped blob', async () => {
    t = await startTestRelay();
    const alice = await signedUp(t.url, await makePerson('Alice'));
    const bob = await signedUp(t.url, await makePerson('Bob'));
    const { bondId, inv } = await activeBond(t.url, alice, bob);
    const used = await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token });
    expect(used.status).toBe(200);

    const end = await endDoc(bob, bondId);
    expect((await http(t.url, 'POST', ROUTES.bondEnd(bondId), { token: bob.token, json: { end } })).status).toBe(200);

    const after = await http(t.url, 'GET', ROUTES.invite(inv.inviteId), { token: bob.token });
    // Said as used, not as ended: anyone holding an old link would otherwise learn that the two parted.
    expect(after.status).toBe(409);
    expect(after.json).toMatchObject({ code: 'ENTWINE_ERR_INVITE_USED' });
  });
});
