// Issue 12, "truth at the door" for the CLI: what a new user met, tried as they would, each now saying what
// happened and what to do. A refusal by a shield names the facet and the command that opens it; levels read
// as in the web app (`shared`); the last yes does not leave a bare `[pending]`; an ended bond never reads as
// sharing; a used invite whose bond ended says it was used; a garbage link is refused before anything else;
// a phrase no one registered says it made a new identity; `--help` describes each command.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { bondedPair, cli, ok, spawnCli, tempDir } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('cli-door');

describe('CLI at the door', () => {
  it('names the closed facet and the command that opens it when a shield refuses a glance, a thought or a photo', async () => {
    const pair = await bondedPair(suite.relay.url); // both share their location only
    const server = ['--home', pair.homeA, '--server', suite.relay.url];
    const glance = await cli(['glance', 'Bob', 'hug', ...server]);
    expect(glance.code).toBe(1);
    expect(glance.stderr).toContain('Not sent: you do not share glances with Bob (glances: hidden)');
    expect(glance.stderr).toContain('entwine shield Bob glances shared');
    expect(glance.stderr).toContain('ENTWINE_ERR_SHIELD_HIDDEN');
    const say = await cli(['say', 'Bob', 'hello', ...server]);
    expect(say.stderr).toContain('entwine shield Bob thoughts shared');
    const photo = join(pair.homeA, 'photo.jpg');
    await writeFile(photo, jpeg.encode({ data: Buffer.alloc(16 * 16 * 4, 0x80), width: 16, height: 16 }, 80).data);
    const moment = await cli(['moment', 'Bob', photo, ...server]);
    expect(moment.stderr).toContain('entwine shield Bob moments exact');

    // The web's word opens it, and the listing reads as the web does.
    expect(await pair.a('shield', 'Bob', 'thoughts', 'shared')).toContain('Bob now gets your thoughts: shared.');
    expect(await pair.a('shields')).toMatch(/thoughts\s+shared/);
    expect(await pair.a('say', 'Bob', 'hello')).toContain('Stored for Bob');
    const placed = await cli(['shield', 'Bob', 'location', 'shared', ...server]);
    expect(placed.code).toBe(1);
    expect(placed.stderr).toContain('location can be exact | street | neighbourhood | city | frozen | hidden, not "shared"');
  }, 180_000);

  it('after the last yes says what the bond waits for, and an ended bond reads as ended on both sides', async () => {
    const homeA = await tempDir('door-a');
    const homeB = await tempDir('door-b');
    const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', suite.relay.url]);
    const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', suite.relay.url]);
    await a('init', '--name', 'Alice');
    await b('init', '--name', 'Bob');
    const link = (await a('invite')).split('\n')[0] as string;
    await b('accept', link, '--share', 'location');
    const confirmed = await a('confirm', 'Bob', '--share', 'location', '--numbers-match');
    expect(confirmed).not.toContain('[pending]');
    expect(confirmed).toContain("Bob  [starting: waiting for Bob's device]");
    expect(confirmed).toContain("The bond starts when Bob's device next connects");
    await b('verify', 'Alice', '--numbers-match');
    expect(await a('bonds')).toMatch(/^Bob {2}\[active\] {2}you share: location$/m);

    // Bob watches while Alice ends it; afterwards neither side lists the bond as sharing anything.
    const watch = spawnCli(['watch', '--home', homeB, '--server', suite.relay.url]);
    try {
      await watch.waitFor((l) => l.startsWith('Watching '));
      await a('end', 'Bob');
      await watch.waitFor((l) => l.includes('The bond with Alice ended'));
    } finally {
      expect(await watch.stop('SIGINT')).toBe(0);
    }
    for (const [listing, partner] of [
      [await b('bonds'), 'Alice'],
      [await a('bonds'), 'Bob'],
    ] as const) {
      expect(listing).toMatch(new RegExp(`^${partner} {2}\\[ended on `, 'm'));
      expect(listing).not.toContain('you share');
    }
    expect(await b('shields')).not.toMatch(/location\s+exact/);

    // The link of that ended bond, opened again: it was used (not "could not be read").
    const carol = await tempDir('door-c');
    await ok(['init', '--name', 'Carol', '--home', carol, '--server', suite.relay.url]);
    const again = await cli(['accept', link, '--home', carol, '--server', suite.relay.url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('This invite was already used');
    expect(again.stderr).not.toContain('could not be read');
  }, 180_000);

  it('refuses a garbage invite link before asking for an identity', async () => {
    const nobody = await tempDir('door-nobody');
    for (const garbage of ['garbage', 'http://127.0.0.1:8787/i/abc#def', `${suite.relay.url}/i/AAAAAAAAAAAAAAAAAAAAAA`]) {
      const r = await cli(['accept', garbage, '--home', nobody, '--server', suite.relay.url]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('not an Entwine invite link');
      expect(r.stderr).not.toContain('No identity');
    }
  });

  it('says a phrase no one registered made a new identity, and a real restore restored one', async () => {
    const server = ['--server', suite.relay.url];
    // A valid phrase (the BIP39 test vector) that no one on this fresh relay registered.
    const unknown = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
    const fresh = await ok(['init', '--name', 'Dora', '--phrase', unknown, '--home', await tempDir('door-d'), ...server]);
    expect(fresh).toContain('No identity on');
    expect(fresh).toContain('made a NEW identity');
    expect(fresh).not.toMatch(/^Restored/m);

    const created = await ok(['init', '--name', 'Erin', '--home', await tempDir('door-e1'), ...server]);
    const phrase = /^\s{2}(\S+(?: \S+){11})$/m.exec(created)?.[1] as string;
    const restored = await ok(['init', '--name', 'Erin', '--phrase', phrase, '--home', await tempDir('door-e2'), ...server]);
    expect(restored).toMatch(/^Restored the identity of this phrase/m);
    expect(restored).not.toContain('NEW identity');
  }, 60_000);

  it('prints every command in --help, and one command alone for COMMAND --help', async () => {
    const all = await ok(['--help']);
    for (const command of ['start', 'init', 'invite', 'accept', 'confirm', 'verify', 'bonds', 'shield', 'moments', 'watch', 'end']) {
      expect(all).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
    const one = await ok(['moments', '--help']);
    expect(one).toMatch(/^usage: entwine moments NAME \[--save DIR\]/);
    expect(one).not.toContain('verify-web');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command: frobnicate');
  });
});
