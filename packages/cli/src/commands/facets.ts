/**
 * The other facets from the command line: `feel`, `glance`, `say`, `thoughts`, `moment`. Each sends only
 * what the shield for that partner lets through, and says so plainly when it does not.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Device } from '@entwine/client';
import { type Facet, GLANCES, type GlanceKind, levelWord, MOODS, type Mood, shieldRefusal } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

/**
 * Runs a send that a shield may refuse. A refusal names the facet (in the web app's words, core
 * `shieldRefusal`), what it is set to, and the command that opens it — the catalogue's message alone does
 * not say which facet was closed. A refusal while the facet is open (it was lowered during the send) keeps
 * its own words.
 */
export function shieldRefusalLine(name: string, facet: Facet, level: 'hidden' | 'frozen'): string {
  const refusal = shieldRefusal(facet, name);
  const open = facet === 'moments' ? `${refusal.open}   (or street, neighbourhood, city: how close its pin is)` : refusal.open;
  return (
    `${refusal.text} (${facet}: ${levelWord(facet, level)}). ` +
    `To share them: entwine shield ${name} ${facet} ${open} [ENTWINE_ERR_SHIELD_HIDDEN]`
  );
}

async function unlessShielded<T>(device: Device, who: string, facet: Facet, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENTWINE_ERR_SHIELD_HIDDEN') throw error;
    const row = device.shields().find((s) => s.name.toLowerCase() === who.toLowerCase() || s.bondId === who);
    const level = row?.levels[facet];
    if (!row || !level || (level !== 'hidden' && level !== 'frozen')) throw error;
    throw new UsageError(shieldRefusalLine(row.name, facet, level));
  }
}

export async function feel(ctx: CommandContext, mood: string | undefined, opts: { intensity?: string; note?: string; emoji?: string }) {
  if (!mood) throw new UsageError(`feel needs a MOOD: ${MOODS.join(', ')} (or "none" to clear it)`);
  const device = await ctx.device();
  if (mood === 'none') {
    await device.setFeeling(undefined);
    ctx.out('Your feeling is cleared; partners who get feelings see none from the next tick.');
  } else {
    if (!(MOODS as readonly string[]).includes(mood)) throw new UsageError(`unknown mood "${mood}": one of ${MOODS.join(', ')}`);
    const intensity = opts.intensity === undefined ? 3 : Number(opts.intensity);
    await device.setFeeling({
      mood: mood as Mood,
      intensity,
      ...(opts.note ? { note: opts.note } : {}),
      ...(opts.emoji ? { emoji: opts.emoji } : {}),
    });
    ctx.out(`You feel ${mood} (${intensity}/5)${opts.note ? `: ${opts.note}` : ''}.`);
  }
  // Published like every ticked facet: wait for the tick, publish it, exit.
  await device.sync();
  await sleep(device.untilNextTick());
  await device.publishTick();
  const getting = device
    .shields()
    .filter((s) => s.status === 'active' && s.levels.feelings === 'exact')
    .map((s) => s.name);
  ctx.out(
    getting.length ? `Shared with ${getting.join(', ')}.` : 'No partner gets your feelings now (entwine shield NAME feelings shared).',
  );
  device.close();
  await device.flushed();
}

export async function glance(ctx: CommandContext, who: string | undefined, kind: string | undefined) {
  if (!who || !kind) throw new UsageError(`glance needs NAME KIND: ${GLANCES.join(', ')}`);
  if (!(GLANCES as readonly string[]).includes(kind)) throw new UsageError(`unknown glance "${kind}": one of ${GLANCES.join(', ')}`);
  const device = await ctx.device();
  await device.sync();
  await unlessShielded(device, who, 'glances', () => device.glance(who, kind as GlanceKind));
  ctx.out(`Sent ${kind} to ${who}.`);
  device.close();
  await device.flushed();
}

export async function say(ctx: CommandContext, who: string | undefined, words: string[]) {
  const text = words.join(' ').trim();
  if (!who || !text) throw new UsageError('say needs NAME TEXT');
  const device = await ctx.device();
  await device.sync();
  const sent = await unlessShielded(device, who, 'thoughts', () => device.say(who, text));
  ctx.out(`Stored for ${who} (${sent.id}); they get it when their device next connects.`);
  device.close();
  await device.flushed();
}

export async function thoughts(ctx: CommandContext, who: string | undefined, opts: { json?: boolean }) {
  if (!who) throw new UsageError('thoughts needs NAME');
  const device = await ctx.device();
  await device.pull(); // gets new thoughts and receipts, and answers with "delivered"
  await device.markRead(who); // printing them is reading them
  const list = device.thoughtsWith(who);
  if (opts.json) ctx.out(JSON.stringify(list));
  else if (list.length === 0) ctx.out(`No thoughts with ${who} yet. Send one with: entwine say ${who} TEXT`);
  else
    for (const t of list)
      ctx.out(`${new Date(t.ts).toISOString()}  ${t.from === 'me' ? 'you' : who}: ${t.text}${t.from === 'me' ? `  [${t.mark}]` : ''}`);
  await device.drainOutbox();
  device.close();
  await device.flushed();
}

export async function moment(ctx: CommandContext, who: string | undefined, file: string | undefined, opts: { caption?: string }) {
  if (!who || !file) throw new UsageError('moment needs NAME FILE (a JPEG, PNG or WebP photo)');
  const bytes = new Uint8Array(await readFile(file));
  const device = await ctx.device();
  await device.sync();
  const header = await unlessShielded(device, who, 'moments', () =>
    device.shareMoment(who, { bytes, ...(opts.caption ? { caption: opts.caption } : {}) }),
  );
  const where = header.place.level === 'none' ? 'with no place' : `pinned at ${header.place.level} level`;
  ctx.out(`Shared ${file} with ${who} (${header.size} bytes after stripping its metadata, ${header.chunks} chunk(s)), ${where}.`);
  device.close();
  await device.flushed();
}
