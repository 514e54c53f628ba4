// Acceptance 5 (issue 3): a re-posted envelope gets 409 and a replayed one is rejected by the client; a
// used sign-in nonce fails; a consumed invite cannot be accepted twice (expiry: consent-before-flow.test.ts).
import { join } from 'node:path';
import { API, authMessage, type Delivery, detectEd25519, fromBase64url, ROUTES, toBase64url } from '@entwine/core';
import type { TestHooks } from '@entwine/server';
import { describe, expect, it } from 'vitest';
import { bondedPair, cli, ok, spawnCli } from './support/cli.ts';
import { craftEnvelope, postEnvelope, rawSession, readState, rewindCursors } from './support/raw-client.ts';
import { startHookedRelay } from './support/relay-in-process.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('replay');

describe('replays are refused', () => {
  it('answers a re-posted envelope with 409 and the client rejects a replayed one as not real', async () => {
    // A relay of its own, whose backlog pages the test can play back: the relay deletes what Bob read.
    const hooks: TestHooks = {};
    const relay = await startHookedRelay(hooks);
    const url = relay.url;
    try {
      const pair = await bondedPair(url);
      await pair.a('share', '--lat', '10', '--lon', '20');
      const alice = await readState(pair.homeA);
      const bond = Object.values(alice.bonds)[0]!;
      const epoch = bond.sending!;
      const envelope = await craftEnvelope(alice, {
        bondId: bond.bondId,
        epochId: epoch.epochId,
        key: fromBase64url(epoch.key),
        seq: BigInt(epoch.nextSeq),
        message: { kind: 'location', level: 'exact', ts: Date.now(), fixTs: Date.now(), lat: 11, lon: 21 },
      });
      const token = await rawSession(url, alice);
      expect((await postEnvelope(url, token, envelope)).status).toBe(201);
      expect(await postEnvelope(url, token, envelope)).toEqual({ status: 409, code: 'ENTWINE_ERR_ENVELOPE_DUPLICATE' });

      // Bob receives the genuine envelopes once: the tick's location, presence and feeling, and the crafted location.
      const served: Delivery[] = [];
      hooks.onBacklogPage = (id, _after, page) => {
        if (id === bond.bondId) served.push(...page);
        return page;
      };
      const first = spawnCli(['watch', '--json', '--home', pair.homeB, '--server', url]);
      await first.waitFor(() => first.lines.filter((l) => l.includes('"type":"location"')).length === 2);
      await first.stop();

      // A relay that hands the same envelopes out again (its copies of what Bob read, served again from the start
      // of a rewound read position) gets every one rejected as a replay — none is shown as a position.
      let replayed = false;
      hooks.onBacklogPage = (id, after, page) => {
        if (id !== bond.bondId || after !== 0n || replayed) return page;
        replayed = true;
        return served;
      };
      await rewindCursors(pair.homeB);
      const second = spawnCli(['watch', '--json', '--home', pair.homeB, '--server', url]);
      await second.waitFor((l) => l.includes('"state":"open"'));
      await second.stop();
      const forged = second.lines.filter((l) => l.includes('"type":"forged"')).map((l) => JSON.parse(l));
      expect(forged.map((f) => f.reason)).toEqual(['replayed', 'replayed', 'replayed', 'replayed']);
      expect(second.lines.filter((l) => l.includes('"type":"location"') || l.includes('"type":"presence"'))).toEqual([]);
    } finally {
      await relay.close();
    }
  }, 90_000);

  it('refuses a sign-in nonce the second time', async () => {
    const home = join(suite.root, 'nonce');
    await ok(['init', '--name', 'Nonce', '--home', home, '--server', suite.relay.url]);
    const state = await readState(home);
    const ed = await detectEd25519();
    const deviceId = state.device.deviceId;
    const post = (path: string, json: unknown) =>
      fetch(new URL(path, suite.relay.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(json),
      });
    const ch = API.challengeResponse.parse(await (await post(ROUTES.challenge, { deviceId })).json());
    const sig = await ed.sign(
      authMessage(new URL(suite.relay.url).origin, deviceId, fromBase64url(ch.nonce), ch.exp),
      fromBase64url(state.device.signSeed),
    );
    const body = { deviceId, nonce: ch.nonce, sig: toBase64url(sig) };
    expect((await post(ROUTES.session, body)).status).toBe(200);
    const again = await post(ROUTES.session, body);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { code: string }).code).toBe('ENTWINE_ERR_AUTH_NONCE_USED');
  }, 60_000);

  it('lets only one person accept an invite', async () => {
    const run = (home: string, ...args: string[]) => ok([...args, '--home', join(suite.root, home), '--server', suite.relay.url]);
    await run('inv-a', 'init', '--name', 'Ines');
    await run('inv-b', 'init', '--name', 'Jon');
    await run('inv-c', 'init', '--name', 'Kim');
    const link = (await run('inv-a', 'invite')).split('\n')[0] as string;
    await run('inv-b', 'accept', link);
    const second = await cli(['accept', link, '--home', join(suite.root, 'inv-c'), '--server', suite.relay.url]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('already used');
  }, 60_000);
});
