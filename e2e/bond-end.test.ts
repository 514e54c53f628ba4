// Acceptance 6 (issue 3): after Alice ends the bond, at once (printed; bounded by PUSHED_WITHIN_MS) the relay refuses its envelopes from both
// sides, Bob's `watch` says it ended, its ciphertext is gone from the database files, and the keys Bob
// still holds decrypt nothing Alice produces afterwards.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEnvelope, fromBase64url } from '@entwine/core';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { describe, expect, it } from 'vitest';
import { ok, spawnCli } from './support/cli.ts';
import { PUSHED_WITHIN_MS } from './support/pushed-within.ts';
import { backlog, craftEnvelope, postEnvelope, rawSession, readState } from './support/raw-client.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('end');

async function dbBytes(): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const f of ['entwine.db', 'entwine.db-wal', 'entwine.db-shm']) {
    parts.push(await readFile(join(suite.relay.dataDir, f)).catch(() => Buffer.alloc(0)));
  }
  return Buffer.concat(parts);
}

describe('ending a bond', () => {
  it('is immediate, deletes the ciphertext and leaves the partner unable to read anything newer', async () => {
    const home = (n: string) => join(suite.root, n);
    const run = (n: string, ...args: string[]) => ok([...args, '--home', home(n), '--server', suite.relay.url]);
    for (const n of ['Alice', 'Bob', 'Carol']) await run(n, 'init', '--name', n);
    for (const partner of ['Bob', 'Carol']) {
      const link = (await run('Alice', 'invite')).split('\n')[0] as string;
      await run(partner, 'accept', link, '--share', 'location');
      await run('Alice', 'confirm', partner, '--share', 'location', '--numbers-match');
      await run(partner, 'verify', 'Alice', '--numbers-match');
    }
    await run('Alice', 'bonds');
    const watch = spawnCli(['watch', '--home', home('Bob'), '--server', suite.relay.url]);
    await watch.waitFor((l) => l === 'connected');
    await run('Alice', 'share', '--lat', '46.5', '--lon', '6.6');
    await watch.waitFor((l) => l.includes('Alice  46.500000 6.600000'));

    // Bob's watch has read Alice's envelope, so the relay already deleted it (live envelopes go once read).
    // What the end must delete is what no one read yet: Bob's own share, which Alice (no `watch`) has not pulled.
    await run('Bob', 'share', '--lat', '46.7', '--lon', '6.8');
    const aliceBefore = await readState(home('Alice'));
    const bobBefore = await readState(home('Bob'));
    const bondAB = Object.values(aliceBefore.bonds).find((b) => b.peer.name === 'Bob')!;
    const bobToken = await rawSession(suite.relay.url, bobBefore);
    const aliceToken = await rawSession(suite.relay.url, aliceBefore);
    const stored = (await backlog(suite.relay.url, aliceToken, bondAB.bondId)).envelopes;
    expect(stored.length).toBeGreaterThan(0);
    const storedSigs = stored.map((e) => Buffer.from(decodeEnvelope(e).sig));
    const before = await dbBytes();
    expect(storedSigs.some((s) => before.includes(s))).toBe(true); // the scan below can find them

    await run('Alice', 'end', 'Bob');
    const endedAt = Date.now();
    const line = await watch.waitFor((l) => l.includes('ended'), PUSHED_WITHIN_MS);
    console.log(`end: \`entwine end\` exited → Bob's watch printed it ${Date.now() - endedAt} ms later`);
    expect(Date.now() - endedAt).toBeLessThan(PUSHED_WITHIN_MS);
    expect(line).toBe('The bond with Alice ended (Alice ended it).');

    // The relay refuses the bond from both sides at once.
    const fromAlice = await craftEnvelope(aliceBefore, {
      bondId: bondAB.bondId,
      epochId: bondAB.sending!.epochId,
      key: fromBase64url(bondAB.sending!.key),
      seq: 999n,
      message: { kind: 'location', level: 'exact', ts: Date.now(), fixTs: Date.now(), lat: 1, lon: 1 },
    });
    const fromBob = await craftEnvelope(bobBefore, {
      bondId: bondAB.bondId,
      epochId: 'AAAAAAAAAAA',
      key: new Uint8Array(32),
      seq: 0n,
      message: { kind: 'location', level: 'exact', ts: Date.now(), fixTs: Date.now(), lat: 1, lon: 1 },
    });
    expect(await postEnvelope(suite.relay.url, aliceToken, fromAlice)).toEqual({ status: 410, code: 'ENTWINE_ERR_BOND_ENDED' });
    expect(await postEnvelope(suite.relay.url, bobToken, fromBob)).toEqual({ status: 410, code: 'ENTWINE_ERR_BOND_ENDED' });
    expect(Date.now() - endedAt).toBeLessThan(PUSHED_WITHIN_MS);

    // Its ciphertext is gone from the database, its -wal and its -shm.
    const after = await dbBytes();
    expect(storedSigs.filter((s) => after.includes(s))).toEqual([]);

    // Alice's device kept no key for the bond; Bob's watch dropped his too.
    const aliceAfter = await readState(home('Alice'));
    const ended = aliceAfter.bonds[bondAB.bondId]!;
    expect(ended.status).toBe('ended');
    expect(ended.sending).toBeUndefined();
    expect(ended.receiving).toEqual({});

    // Whatever Alice sends afterwards (to Carol) does not open with any key Bob held before the end.
    await run('Alice', 'share', '--lat', '46.6', '--lon', '6.7');
    const carolState = await readState(home('Carol'));
    const bondAC = Object.values(carolState.bonds)[0]!;
    const later = (await backlog(suite.relay.url, await rawSession(suite.relay.url, carolState), bondAC.bondId)).envelopes;
    expect(later.length).toBeGreaterThan(0);
    const bobKeys = Object.values(bobBefore.bonds).flatMap((b) => [
      ...Object.values(b.receiving).map((r) => fromBase64url(r.key)),
      ...(b.sending ? [fromBase64url(b.sending.key)] : []),
    ]);
    expect(bobKeys.length).toBeGreaterThan(0);
    for (const bytes of later) {
      const env = decodeEnvelope(bytes);
      for (const key of bobKeys) expect(() => xchacha20poly1305(key, env.nonce, env.headerBytes).decrypt(env.ct)).toThrow();
    }
    await watch.stop();
  }, 120_000);
});
