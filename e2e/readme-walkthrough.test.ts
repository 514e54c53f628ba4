// Issue 12, acceptance 8: the README's "Try a bond from two terminals" runs as written. Every `npx entwine`
// line of that block runs in its order, each as its own process; only what the README says to replace is
// replaced: the relay's address (this test's relay is not on port 8787), the /tmp folders (new ones per run,
// as the README asks), the pasted invite link and "a photo of yours". A command that keeps running (`watch`)
// runs on while the next lines run, and is stopped (Ctrl-C) before its home runs another command, as the
// README says. Bob's watch must show Alice's fixes — the one-shot fix and the last point of the walk.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGpx } from '@entwine/core';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { cli, type LongRunning, REPO, spawnCli } from './support/cli.ts';
import { relayForSuite } from './support/relay-process.ts';

const suite = relayForSuite('readme-walkthrough');

/** The `sh` block under a README heading, as lines. */
function codeBlockUnder(readme: string, heading: string): string[] {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README has no heading "${heading}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`no sh block under "${heading}"`);
  return (block[1] as string).split('\n');
}

/** A shell line's words, as `sh` splits them: quotes group, and an unquoted `#` at a word's start ends the line. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unclosed quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The README's `npx entwine …` commands under the walkthrough heading, as argument lists. */
async function walkthrough(): Promise<string[][]> {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  return codeBlockUnder(readme, '## Try a bond from two terminals')
    .map(shellWords)
    .filter((w) => w.length > 0)
    .map((w) => {
      if (w[0] !== 'npx' || w[1] !== 'entwine')
        throw new Error(`the walkthrough holds a line that is not an entwine command: ${w.join(' ')}`);
      return w.slice(2);
    });
}

const LONG_RUNNING = new Set(['watch']);

/** What Bob's watch prints after one of Alice's commands, or undefined for a command he sees nothing of. */
async function whatBobSees(args: string[]): Promise<string | undefined> {
  const value = (flag: string) => args[args.indexOf(flag) + 1] as string;
  switch (args[0]) {
    case 'share': {
      if (args.includes('--lat')) return `${Number(value('--lat')).toFixed(6)} ${Number(value('--lon')).toFixed(6)}`;
      const track = parseGpx(await readFile(join(REPO, value('--gpx')), 'utf8')).fixes;
      const last = track[track.length - 1]!;
      return `${last.lat.toFixed(6)} ${last.lon.toFixed(6)}`; // the walk's last point
    }
    case 'feel':
      return `feels ${args[1]}`;
    case 'glance':
      return `glance: ${args[2]}`;
    case 'say':
      return args[2];
    case 'moment':
      return 'shared a photo';
    default:
      return undefined;
  }
}
const homeOf = (args: string[]) => args[args.indexOf('--home') + 1];

describe('the README walkthrough', () => {
  it('runs command for command, and Bob’s watch shows Alice’s fixes', async () => {
    const commands = await walkthrough();
    expect(commands.length).toBeGreaterThan(15);
    // "A photo of yours": a small JPEG made here.
    const photo = join(suite.root, 'photo.jpg');
    const pixels = Buffer.alloc(32 * 24 * 4, 0x80);
    await writeFile(photo, jpeg.encode({ data: pixels, width: 32, height: 24 }, 80).data);

    const replace = (word: string, link: string | undefined): string => {
      if (word.startsWith('/tmp/')) return join(suite.root, word.slice('/tmp/'.length)); // new folders per run
      if (word.startsWith('http://127.0.0.1:8787/i/')) {
        if (!link) throw new Error('the README pastes a link before any invite printed one');
        return link;
      }
      return word === 'photo.jpg' ? photo : word;
    };

    let link: string | undefined;
    const running = new Map<string, LongRunning>(); // home → its long-running command
    const outputs: { args: string[]; stdout: string }[] = [];
    try {
      for (const readmeArgs of commands) {
        const args = [...readmeArgs.map((w) => replace(w, link)), '--server', suite.relay.url];
        const home = homeOf(args);
        const earlier = home === undefined ? undefined : running.get(home);
        if (earlier && home) {
          // "stop the watch (Ctrl-C), then": the same home's next command runs after it.
          expect(await earlier.stop('SIGINT')).toBe(0);
          running.delete(home);
        }
        if (LONG_RUNNING.has(args[0] as string)) {
          const watch = spawnCli(args);
          await watch.waitFor((l) => l.startsWith('Watching '), 90_000);
          if (home) running.set(home, watch);
          outputs.push({ args, stdout: '' });
          continue;
        }
        const r = await cli(args, { timeoutMs: 60_000 });
        if (r.code !== 0) throw new Error(`README line "entwine ${readmeArgs.join(' ')}" exited ${r.code}\n${r.stdout}\n${r.stderr}`);
        outputs.push({ args, stdout: r.stdout });
        if (args[0] === 'invite') link = r.stdout.split('\n')[0];
        const seen = await whatBobSees(args);
        if (seen) {
          const watch = [...running.values()][0];
          if (!watch) throw new Error(`the README runs "entwine ${readmeArgs.join(' ')}" before Bob watches: he would see nothing`);
          await watch.waitFor((l) => l.includes('Alice') && l.includes(seen), 30_000);
        }
      }
    } finally {
      for (const r of running.values()) await r.stop('SIGINT');
    }

    // What the walkthrough promises along the way.
    const out = (command: string, nth = 0) => outputs.filter((o) => o.args[0] === command)[nth]?.stdout ?? '';
    expect(out('bonds')).toMatch(/^Alice {2}\[active\] {2}you share: nothing yet/m);
    expect(out('confirm')).toContain('location, presence');
    expect(out('shields')).toMatch(/location\s+city until .*, then exact/);
    expect(out('thoughts')).toContain('Alice: landed, call you later');
    const saved = await readdir(join(suite.root, 'bob-photos'));
    expect(saved).toHaveLength(1);
    const savedPhoto = await readFile(join(suite.root, 'bob-photos', saved[0] as string));
    expect(savedPhoto.subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG, as Alice sent it
    expect(out('end')).toContain('Ended the bond with Bob');
  }, 300_000);
});
