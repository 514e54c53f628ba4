// Registration, sign-in challenges and invite creation are rate limited (issue 10): past the burst, a 429
// with its own code and a `Retry-After` that is the real wait, keyed so one caller cannot use up another's
// allowance; the relay's clock drives the buckets, so time is moved by hand, never slept on.
import { ROUTES } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type RelayLimits } from './relay-options.ts';
import { postInvite, signedUp } from './test-support/pairing.ts';
import { makePerson, type Person } from './test-support/people.ts';
import { signIn } from './test-support/relay-client.ts';
import { ManualClock, startTestRelay, type TestRelay } from './test-support/test-relay.ts';

let t: TestRelay | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(limits: Partial<RelayLimits>, extra: { trustProxy?: boolean } = {}) {
  const clock = new ManualClock(Date.now());
  t = await startTestRelay({ clock, limits, ...extra });
  return { relay: t, clock };
}

interface Answer {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
}

async function call(url: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url + path, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = (await res.json()) as { code?: string };
  return { status: res.status, code: json.code, retryAfter: res.headers.get('retry-after') };
}

const registerAs = (url: string, p: Person, headers?: Record<string, string>) =>
  call(url, 'PUT', ROUTES.devices(p.identity.userId), { deviceList: p.deviceList }, headers);
const challenge = (url: string, deviceId: string) => call(url, 'POST', ROUTES.challenge, { deviceId });
const firstDevice = (p: Person) => p.devices[0] as Person['devices'][number];

describe('registration', () => {
  it('takes a burst per client address, then 429 REGISTER_TOO_FAST with the wait; nothing is stored', async () => {
    const { relay, clock } = await start({ registrationBurst: 3, registrationsPerHour: 6 });
    const people = await Promise.all(['A', 'B', 'C', 'D'].map((n) => makePerson(n)));
    for (const p of people.slice(0, 3)) expect((await registerAs(relay.url, p)).status).toBe(200);
    const refused = await registerAs(relay.url, people[3] as Person);
    // 6 an hour: the next token is 600 s away.
    expect(refused).toEqual({ status: 429, code: 'ENTWINE_ERR_REGISTER_TOO_FAST', retryAfter: '600' });
    const token = await signIn(relay.url, firstDevice(people[0] as Person));
    const lookup = await fetch(relay.url + ROUTES.devices((people[3] as Person).identity.userId), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(lookup.status).toBe(404);

    clock.advance(599_000);
    expect((await registerAs(relay.url, people[3] as Person)).retryAfter).toBe('1');
    clock.advance(1000);
    expect((await registerAs(relay.url, people[3] as Person)).status).toBe(200);
  });

  it('a forged X-Forwarded-For does not escape the limit; behind a trusted proxy each address has its own', async () => {
    const direct = await start({ registrationBurst: 1, registrationsPerHour: 1 });
    const [a, b] = await Promise.all([makePerson('A'), makePerson('B')]);
    expect((await registerAs(direct.relay.url, a, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(200);
    expect((await registerAs(direct.relay.url, b, { 'x-forwarded-for': '192.0.2.2' })).code).toBe('ENTWINE_ERR_REGISTER_TOO_FAST');
    await direct.relay.close();

    const proxied = await start({ registrationBurst: 1, registrationsPerHour: 1 }, { trustProxy: true });
    const [c, d, e] = await Promise.all([makePerson('C'), makePerson('D'), makePerson('E')]);
    expect((await registerAs(proxied.relay.url, c, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(200);
    expect((await registerAs(proxied.relay.url, d, { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200);
    expect((await registerAs(proxied.relay.url, e, { 'x-forwarded-for': '192.0.2.1' })).code).toBe('ENTWINE_ERR_REGISTER_TOO_FAST');
  });
});

describe('sign-in challenges', () => {
  it('take a burst per device, then 429 AUTH_TOO_FAST with the wait; other devices are untouched', async () => {
    const { relay, clock } = await start({ challengeBurst: 2, challengesPerMinute: 1 });
    const [alice, bob] = await Promise.all([makePerson('Alice'), makePerson('Bob')]);
    await registerAs(relay.url, alice);
    await registerAs(relay.url, bob);
    const aliceDevice = firstDevice(alice).deviceId;
    expect((await challenge(relay.url, aliceDevice)).status).toBe(200);
    expect((await challenge(relay.url, aliceDevice)).status).toBe(200);
    expect(await challenge(relay.url, aliceDevice)).toEqual({ status: 429, code: 'ENTWINE_ERR_AUTH_TOO_FAST', retryAfter: '60' });
    expect((await challenge(relay.url, firstDevice(bob).deviceId)).status).toBe(200);
    clock.advance(60_000);
    expect(await signIn(relay.url, firstDevice(alice))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('an unknown device is always 401 UNKNOWN_DEVICE, never 429: a removed device learns what happened', async () => {
    const { relay } = await start({ challengeBurst: 1, challengesPerMinute: 1 });
    const stranger = await makePerson('Stranger');
    for (let i = 0; i < 5; i++) {
      expect(await challenge(relay.url, firstDevice(stranger).deviceId)).toMatchObject({
        status: 401,
        code: 'ENTWINE_ERR_AUTH_UNKNOWN_DEVICE',
      });
    }
  });
});

describe('invites', () => {
  it('take a burst per user, then 429 INVITE_TOO_FAST with the wait; other users are untouched', async () => {
    const { relay, clock } = await start({ inviteBurst: 2, invitesPerHour: 2 });
    const alice = await signedUp(relay.url, await makePerson('Alice'));
    const bob = await signedUp(relay.url, await makePerson('Bob'));
    await postInvite(relay.url, alice);
    await postInvite(relay.url, alice);
    const refused = await postInvite(relay.url, alice).catch((e: Error) => e.message);
    expect(refused).toContain('429');
    expect(refused).toContain('ENTWINE_ERR_INVITE_TOO_FAST');
    const res = await fetch(relay.url + ROUTES.invites, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.token}` },
      body: JSON.stringify({ inviteId: 'AAAAAAAAAAAAAAAAAAAAAA', blob: 'AA', expiresAt: clock.now() + 60_000 }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1800'); // 2 an hour
    await postInvite(relay.url, bob);
    clock.advance(1_800_000);
    await postInvite(relay.url, alice, 3_600_000, clock.now());
  });
});

describe('the defaults', () => {
  it('let a household (or a test) set up many identities at once, each signing in and inviting', async () => {
    t = await startTestRelay();
    const people = await Promise.all(Array.from({ length: DEFAULT_LIMITS.registrationBurst }, (_, i) => makePerson(`P${i}`)));
    for (const p of people) {
      const signed = await signedUp(t.url, p);
      await postInvite(t.url, signed);
    }
    expect(DEFAULT_LIMITS.registrationBurst).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_LIMITS.challengeBurst).toBeGreaterThanOrEqual(10);
    expect(DEFAULT_LIMITS.inviteBurst).toBeGreaterThanOrEqual(10);
  });
});
