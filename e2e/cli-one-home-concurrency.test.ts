/**
 * Acceptance 3 (issue 12): `watch` running on a home while `confirm`, `shield` and `say` run on the same
 * home, as separate processes: nothing any of them wrote is lost. Each process writes only the records it
 * changed (SQLite, one row per record), `watch` reads back what the others wrote before it acts, and the
 * sequence numbers of a sending epoch are taken atomically, so two `say`s at once and `watch`'s receipts
 * never seal two envelopes under one seq (the relay would keep only the first as "duplicate").
 * Every wait is on a line or an exit, never a sleep.
 */
import { describe, expect, it } from 'vitest';
import { bondedPair, cli, ok, spawnCli, tempDir } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('one-home');

interface Thought {
  text: string;
  from: 'me' | 'peer';
}

describe('one CLI home, several processes at once', () => {
  it('keeps what watch, confirm, shield and say each wrote', async () => {
    const url = suite.relay.url;
    const pair = await bondedPair(url);
    const { a, b } = pair;
    const homeC = await tempDir('carol');
    const c = (...args: string[]) => ok([...args, '--home', homeC, '--server', url]);
    await a('shield', 'Bob', 'thoughts', 'exact');
    await b('shield', 'Alice', 'thoughts', 'exact');
    await c('init', '--name', 'Carol');
    const link = (await a('invite')).split('\n')[0] as string;
    await c('accept', link, '--share', 'location');
    // Alice's watch sees Carol's answer come in and writes it (the invite's request) in its own process.
    const watch = spawnCli(['watch', '--json', '--home', pair.homeA, '--server', url]);
    try {
      await watch.waitFor((l) => l.includes('"state":"open"'), 30_000);

      // Six processes starting at once on a loaded machine: each gets longer than the one-command default.
      const slow = async (home: string, ...args: string[]) => {
        const r = await cli([...args, '--home', home, '--server', url], { timeoutMs: 120_000 });
        if (r.code !== 0) throw new Error(`entwine ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
      };
      await Promise.all([
        slow(pair.homeA, 'confirm', 'Carol', '--share', 'location', '--numbers-match'),
        slow(pair.homeA, 'shield', 'Bob', 'feelings', 'exact'),
        slow(pair.homeA, 'shield', 'Bob', 'location', 'city', '--for', '2h'),
        slow(pair.homeA, 'say', 'Bob', 'one from Alice'),
        slow(pair.homeA, 'say', 'Bob', 'two from Alice'),
        slow(pair.homeB, 'say', 'Alice', 'one from Bob'),
      ]);
      // Carol's side of the reveal makes the bond active; Alice's watch hears it from the relay and writes it.
      await c('bonds');
      await watch.waitFor((l) => l.includes('"type":"bond-active"') && l.includes('Carol'), 30_000);
      await watch.waitFor((l) => l.includes('"type":"thought"') && l.includes('one from Bob'), 30_000);
      // Watch answered with a 'delivered' receipt (its own seq), while the two says took theirs.
      await b('thoughts', 'Alice');
    } finally {
      expect(await watch.stop()).toBe(0);
    }

    const bonds = JSON.parse(await a('bonds', '--json')) as { bonds: { name: string; status: string; verification: string }[] };
    expect(bonds.bonds.find((x) => x.name === 'Carol')).toMatchObject({ status: 'active', verification: 'match' });
    const shields = JSON.parse(await a('shields', '--json')) as {
      name: string;
      shield: Record<string, { level: string; until?: number }>;
    }[];
    const toBob = shields.find((s) => s.name === 'Bob')?.shield;
    expect(toBob?.thoughts?.level).toBe('exact');
    expect(toBob?.feelings?.level).toBe('exact');
    expect(toBob?.location?.level).toBe('city');
    expect(toBob?.location?.until).toBeGreaterThan(Date.now());

    const mine = JSON.parse(await a('thoughts', 'Bob', '--json')) as Thought[];
    expect(mine.map((t) => t.text).sort()).toEqual(['one from Alice', 'one from Bob', 'two from Alice']);
    // Bob got both of Alice's thoughts: no envelope was sealed under a seq another process had used.
    const bobs = JSON.parse(await b('thoughts', 'Alice', '--json')) as Thought[];
    expect(
      bobs
        .filter((t) => t.from === 'peer')
        .map((t) => t.text)
        .sort(),
    ).toEqual(['one from Alice', 'two from Alice']);
  }, 300_000);
});
