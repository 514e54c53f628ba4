// Issue 10, point 9 for the CLI: a home whose identity was restored in another home (another device) says so
// clearly on any command — the first command that meets the relay's AUTH_DEVICE_REPLACED, and every command
// after it, even one that would not touch the relay — instead of failing with "sign in" errors.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ok } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('cli-displaced');

describe('CLI: a home whose identity moved to another device', () => {
  it('says so on every command, and exits non-zero', async () => {
    const home = (n: string) => join(suite.root, n);
    const server = ['--server', suite.relay.url];
    const created = await ok(['init', '--name', 'Alice', '--home', home('old'), ...server]);
    const phrase = /^\s{2}(\S+(?: \S+){11})$/m.exec(created)?.[1];
    expect(phrase).toBeDefined();
    await ok(['bonds', '--home', home('old'), ...server]); // works while it is the identity's device

    await ok(['init', '--name', 'Alice', '--phrase', phrase as string, '--home', home('new'), ...server]);

    // First contact with the relay: refused with the specific code, and the home remembers why.
    const first = await cli(['bonds', '--home', home('old'), ...server]);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('This identity moved to another device');
    // Every later command says it in full, before doing anything — a local one too.
    for (const args of [['bonds'], ['shields'], ['say', 'Bob', 'hello'], ['watch']]) {
      const r = await cli([...args, '--home', home('old'), ...server]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^entwine: This identity moved to another device \(its recovery phrase was restored there; noticed .*\)\. /);
      expect(r.stderr).toContain(`The home in ${home('old')} no longer shares or receives anything`);
    }
    // The restored home works.
    await ok(['bonds', '--home', home('new'), ...server]);
  }, 240_000);
});
