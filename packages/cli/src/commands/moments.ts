/**
 * `entwine moments NAME [--save DIR] [--json]`: the photos a partner shared (and yours to them), newest
 * first. `--save DIR` writes each photo this device still holds into DIR as it was sent — metadata already
 * stripped by the sender — under a name of its own (`from-time-id.ext`); an existing file is never
 * overwritten, so saving twice writes nothing new.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MomentEntry } from '@entwine/client';
import { fromBase64url } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** "alice-2026-12-06T01-02-03Z-AbCdEfGh.jpg": sortable, safe on every file system, one per photo. */
export function momentFileName(m: MomentEntry, partner: string): string {
  const who = (m.from === 'me' ? 'me' : partner).toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'partner';
  const when = new Date(m.header.ts)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `${who}-${when}-${m.header.id.replace(/[^A-Za-z0-9_-]/g, '')}.${EXTENSION[m.header.mime] ?? 'bin'}`;
}

function describe(m: MomentEntry, partner: string): string {
  const p = m.header.place;
  const where = p.level === 'none' ? '' : ` at ${p.lat.toFixed(5)} ${p.lon.toFixed(5)} (${p.level})`;
  const caption = m.header.caption ? `: ${m.header.caption}` : '';
  const kept = m.photo === '' ? '  (photo no longer kept)' : '';
  return `${new Date(m.header.ts).toISOString()}  ${m.from === 'me' ? 'you' : partner}  ${m.header.mime}, ${m.header.size} bytes${where}${caption}${kept}`;
}

export async function moments(ctx: CommandContext, who: string | undefined, opts: { save?: string; json?: boolean }) {
  if (!who) throw new UsageError('moments needs the NAME of the partner');
  const device = await ctx.device();
  await device.pull(); // the photos that arrived while no `watch` ran
  const bond = device.bonds().find((b) => b.name.toLowerCase() === who.toLowerCase() || b.bondId === who);
  if (!bond) throw new UsageError(`you have no bond with "${who}"`);
  const list = device.momentsWith(who);
  if (opts.json) {
    ctx.out(JSON.stringify(list.map((m) => ({ from: m.from, ...m.header, kept: m.photo !== '' }))));
  } else if (list.length === 0) {
    ctx.out(`No photos with ${bond.name} yet.`);
  } else {
    for (const m of list) ctx.out(describe(m, bond.name));
  }
  if (opts.save !== undefined) await save(ctx, list, bond.name, resolve(opts.save), opts.json === true);
  await device.drainOutbox();
  device.close();
  await device.flushed();
}

async function save(ctx: CommandContext, list: MomentEntry[], partner: string, dir: string, quiet: boolean) {
  await mkdir(dir, { recursive: true });
  let written = 0;
  let existing = 0;
  for (const m of list) {
    if (m.from !== 'peer' || m.photo === '') continue;
    const file = join(dir, momentFileName(m, partner));
    try {
      await writeFile(file, fromBase64url(m.photo), { flag: 'wx' });
      written++;
      if (!quiet) ctx.out(`saved ${file}`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      existing++;
    }
  }
  if (!quiet) ctx.out(`Saved ${written} photo(s) from ${partner} into ${dir}${existing ? ` (${existing} already there)` : ''}.`);
}
