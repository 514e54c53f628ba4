import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok } from './support/cli.ts';
import { backlog, craftEnvelope, postEnvelope, rawSession, readState } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/until.ts';

const suite = relayForSuite('consent');

const person = async (name: string) => {
  const home = join(suite.root, name);
  const run = (...args: string[]) => ok([...args, '--home', home, '--server', suite.relay.url]);
  const tryRun = (...args: string[]) => cli([...args, '--home', home, '--server', suite.relay.url]);
  await run('init', '--name', name);
  return { home, run, tryRun };
};

describe('consent before anything flows', () => {
  it('refuses and never delivers envelopes of a bond only one person has confirmed', async () => {
    const alice = await person('Alice');
    const bob = await person('Bob');
    const link = (await alice.run('invite')).split('\n')[0] as string;
    await bob.run('accept', link, '--share', 'location');
    // Bob said yes, Alice has not: there is nothing to share with.
    expect(await alice.run('share', '--lat', '1', '--lon', '2')).toContain('No active bond');

    await alice.run('confirm', 'Bob', '--share', 'location');
    // Alice said yes too, but Bob's device has not confirmed the derived bond yet: it is pending on the relay.
    const aliceState = await readState(alice.home);
    const [bondId] = Object.keys(aliceState.bonds);
    expect(bondId).toBeDefined();
    const token = await rawSession(suite.relay.url, aliceState);
    const forced = await craftEnvelope(aliceState, {
      bondId: bondId as string,
      epochId: 'AAAAAAAAAAA',
      key: new Uint8Array(32).fill(1),
      seq: 0n,
      message: { kind: 'location', level: 'exact', ts: Date.now(), fixTs: Date.now(), lat: 1, lon: 2 },
    });
    expect(await postEnvelope(suite.relay.url, token, forced)).toEqual({ status: 409, code: 'ENTWINE_ERR_BOND_PENDING' });

    // Once Bob's device confirms, the bond is active — and the refused envelope was never stored.
    await bob.run('bonds');
    const bobToken = await rawSession(suite.relay.url, await readState(bob.home));
    expect(await backlog(suite.relay.url, bobToken, bondId as string)).toEqual({ status: 200, envelopes: [] });
  }, 60_000);

  it('leaves no bond when the inviter declines', async () => {
    const carol = await person('Carol');
    const dave = await person('Dave');
    const link = (await carol.run('invite')).split('\n')[0] as string;
    await dave.run('accept', link);
    await carol.run('decline', 'Dave');
    expect(JSON.parse(await carol.run('bonds', '--json')).bonds).toEqual([]);
    expect(JSON.parse(await dave.run('bonds', '--json')).bonds).toEqual([]);
    const again = await dave.tryRun('accept', link);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/declined|already used/i);
  }, 60_000);

  it('leaves no bond when the invite expires, and refuses it afterwards', async () => {
    const erin = await person('Erin');
    const frank = await person('Frank');
    // Long enough that a slow start (a loaded machine) still posts the invite before it expires.
    const printed = await erin.run('invite', '--ttl', '3s');
    const link = printed.split('\n')[0] as string;
    const expiresAt = Date.parse(/until (\S+?)\.?$/m.exec(printed)?.[1] ?? '');
    expect(expiresAt).toBeGreaterThan(0);
    // Wait for the printed expiry to pass (a condition on the clock, not a guessed sleep).
    await until('the invite to expire', async () => (Date.now() > expiresAt ? true : undefined), 10_000);
    const late = await frank.tryRun('accept', link);
    expect(late.code).not.toBe(0);
    expect(late.stderr).toMatch(/expired/i);
    expect(JSON.parse(await erin.run('bonds', '--json')).bonds).toEqual([]);
    expect(JSON.parse(await frank.run('bonds', '--json')).bonds).toEqual([]);
  }, 60_000);
});
