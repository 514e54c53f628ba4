/**
 * `entwine trail [NAME] [--day D | --from D --to D] [--json]`: one's own trail (no NAME: the vault) or a
 * partner's, for the UTC days asked for (default today), printed day by day as the device reads them (never
 * a whole history): points at exact, cells with enter and leave times at an area level, and a damaged day
 * said as damaged, never printed as a trail. Under each day, the stays and trips the sender's device derived
 * (stay-table.ts), named by the nearest place of the offline dataset. `--json`: one JSON array, written entry
 * by entry, with `stays` (each with its `place`) and `trips` when the sender derived them.
 * `entwine retention NAME DAYS`: how long the relay keeps the trail you share with NAME.
 */
import type { TrailEntry } from '@entwine/client';
import { cellCentre, dayToIso, isoToDay, type RetentionDays, retentionFromWord, utcDayOf } from '@entwine/core';
import type { PlaceIndex } from '@entwine/places';
import { type CommandContext, UsageError } from '../context.ts';
import { firstLabel, hasStays, nearestPlaceLabeller, ownPlaceLabeller, type StayLabeller, stayLines, staysJson } from './stay-table.ts';

/** A day range longer than this is refused (a year and a day): ask again for more. */
const MAX_RANGE_DAYS = 366;

function parseDay(flag: string, value: string): number {
  try {
    return isoToDay(value);
  } catch {
    throw new UsageError(`${flag} takes a UTC date as YYYY-MM-DD, not "${value}"`);
  }
}

export function dayRange(opts: { day?: string; from?: string; to?: string }, today: number): { from: number; to: number } {
  if (opts.day !== undefined && (opts.from !== undefined || opts.to !== undefined)) throw new UsageError('use --day D, or --from D --to D');
  if (opts.day !== undefined) {
    const day = parseDay('--day', opts.day);
    return { from: day, to: day };
  }
  const from = opts.from === undefined ? undefined : parseDay('--from', opts.from);
  const to = opts.to === undefined ? undefined : parseDay('--to', opts.to);
  const range = { from: from ?? to ?? today, to: to ?? (from === undefined ? today : Math.max(from, today)) };
  if (range.from > range.to) throw new UsageError('--from must not be after --to');
  if (range.to - range.from >= MAX_RANGE_DAYS) throw new UsageError(`ask for at most ${MAX_RANGE_DAYS} days at a time`);
  return range;
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

const noLabel: StayLabeller = () => undefined;

export function entryJson(e: TrailEntry, label: StayLabeller = noLabel): unknown {
  if ('damaged' in e) return { day: dayToIso(e.day), senderDevice: e.senderDevice, damaged: e.damaged };
  const base = { day: dayToIso(e.day), senderDevice: e.senderDevice, revision: e.revision, level: e.trail.level };
  if (e.trail.level === 'exact') return { ...base, fixes: e.trail.fixes, ...staysJson(e.trail, label) };
  const level = e.trail.level;
  return {
    ...base,
    visits: e.trail.visits.map((v) => ({ cell: v.cell, centre: cellCentre(v.cell, level), enter: v.enter, leave: v.leave })),
    ...staysJson(e.trail, label),
  };
}

function printEntry(ctx: CommandContext, who: string, e: TrailEntry, label: StayLabeller = noLabel): void {
  printDay(ctx, who, e);
  if (!('damaged' in e)) for (const line of stayLines(e.trail, label)) ctx.out(line);
}

function printDay(ctx: CommandContext, who: string, e: TrailEntry): void {
  const day = dayToIso(e.day);
  if ('damaged' in e) {
    ctx.out(`${day}  ${who}  DAMAGED (${e.damaged}): this day's trail did not verify and is not shown`);
    return;
  }
  const t = e.trail;
  if (t.level === 'exact') {
    ctx.out(`${day}  ${who}  exact  ${t.fixes.length} point${t.fixes.length === 1 ? '' : 's'}`);
    for (const f of t.fixes) {
      const extra = [
        f.acc !== undefined ? `±${f.acc} m` : '',
        f.speed !== undefined ? `${f.speed} m/s` : '',
        f.alt !== undefined ? `${f.alt} m up` : '',
      ]
        .filter(Boolean)
        .join('  ');
      ctx.out(`  ${time(f.ts)}Z  ${f.lat.toFixed(7)} ${f.lon.toFixed(7)}${extra ? `  ${extra}` : ''}`);
    }
    return;
  }
  ctx.out(
    `${day}  ${who}  ${t.level}  ${t.visits.length} cell visit${t.visits.length === 1 ? '' : 's'} (no route, nothing finer than a cell)`,
  );
  for (const v of t.visits) {
    const c = cellCentre(v.cell, t.level);
    ctx.out(`  ${time(v.enter)}Z–${time(v.leave)}Z  cell ${v.cell.row},${v.cell.col} around ${c.lat.toFixed(4)} ${c.lon.toFixed(4)}`);
  }
}

export async function trail(
  ctx: CommandContext,
  who: string | undefined,
  opts: { day?: string; from?: string; to?: string; json?: boolean },
) {
  const device = await ctx.device();
  const { from, to } = dayRange(opts, utcDayOf(Date.now()));
  let any = false;
  // This person's own places name a stay first (Home, Work), the offline dataset's nearest place after.
  const own = ownPlaceLabeller(await device.places());
  let names: PlaceIndex | undefined;
  let label = own;
  if (opts.json) ctx.out('[');
  for await (const entry of device.trailOf(who, from, to)) {
    // The dataset takes a second or two to load: only once a day has a stay to name.
    if (!names && !('damaged' in entry) && hasStays(entry.trail)) {
      names = await (await import('@entwine/places/node')).loadPlacesFromPackage();
      label = firstLabel(own, nearestPlaceLabeller(names));
    }
    if (opts.json) ctx.out(`${any ? ',' : ''}${JSON.stringify(entryJson(entry, label))}`);
    else printEntry(ctx, who ?? 'you', entry, label);
    any = true;
  }
  if (opts.json) ctx.out(']');
  else if (!any)
    ctx.out(`No trail ${who ? `from ${who} ` : ''}for ${from === to ? dayToIso(from) : `${dayToIso(from)} to ${dayToIso(to)}`}.`);
  device.close();
  await device.flushed();
}

export function parseRetention(value: string | undefined): RetentionDays {
  const choice = retentionFromWord(value);
  if (choice === undefined) throw new UsageError('retention takes 1, 7, 30, 365 or forever (days)');
  return choice;
}

export async function retention(ctx: CommandContext, who: string | undefined, value: string | undefined) {
  if (!who) throw new UsageError('retention needs the NAME of the partner');
  const device = await ctx.device();
  if (value === undefined) {
    const days = await device.retentionWith(who);
    ctx.out(`The relay keeps the trail you share with ${who} ${days === null ? 'forever' : `for ${days} day${days === 1 ? '' : 's'}`}.`);
  } else {
    const days = parseRetention(value);
    await device.setRetention(who, days);
    ctx.out(
      `The relay now keeps the trail you share with ${who} ${days === null ? 'forever' : `for ${days} day${days === 1 ? '' : 's'}`}` +
        ' (older days are deleted at once; raising it never brings deleted days back).',
    );
  }
  device.close();
  await device.flushed();
}
