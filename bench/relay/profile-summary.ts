/**
 * Summarises a V8 `.cpuprofile` (written by the relay child under `--profile`): self time per function,
 * heaviest first. Used to say what limits the relay with evidence rather than guesses.
 *
 *   node --import tsx bench/relay/profile-summary.ts <file.cpuprofile> [top=15]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

export function summariseProfile(file: string, top = 15): { totalMs: number; hot: HotFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byName = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const where = frame.url
      ? `${frame.url.replace(/^file:\/\/.*?node_modules\//, '').replace(/^file:\/\/.*?\/work\/main\//, '')}:${frame.lineNumber + 1}`
      : '';
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${where}`;
    const entry = byName.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    byName.set(key, entry);
  }
  const totalUs = [...byName.values()].reduce((n, e) => n + e.us, 0);
  const hot = [...byName.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: e.us / totalUs }));
  return { totalMs: totalUs / 1000, hot };
}

export function renderProfile(file: string, top = 15): string {
  const { totalMs, hot } = summariseProfile(file, top);
  const lines = [`${basename(file)}: ${(totalMs / 1000).toFixed(1)} s sampled, top ${top} by self time`];
  for (const h of hot)
    lines.push(`  ${(100 * h.share).toFixed(1).padStart(5)} %  ${h.selfMs.toFixed(0).padStart(7)} ms  ${h.name}  ${h.where}`);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new TypeError('profile-summary: expected <file.cpuprofile> [top]');
  process.stdout.write(`${renderProfile(file, Number(top ?? 15))}\n`);
}
