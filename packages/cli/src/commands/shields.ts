/**
 * Shields from the command line: what to share when bonding (`--share`), `entwine shield NAME FACET LEVEL
 * [--for 2h]` to change one facet for one partner, and `entwine shields` to list them all.
 */
import type { Device } from '@entwine/client';
import {
  FACETS,
  type Facet,
  hasPlace,
  isFacet,
  isLowering,
  levelChoices,
  levelFromWord,
  levelWord,
  type ShieldChoice,
  type ShieldLevel,
  type ShieldPolicy,
} from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';
import { parseDuration } from './durations.ts';

/**
 * `--share` value: `none` (the default), or a comma list of `facet[=level]`, e.g. `location`,
 * `location=city,presence`. A facet named without a level gets its top level (`exact`, or `shared`).
 */
export function parseShare(value: string | undefined): ShieldChoice {
  if (value === undefined || value === 'none') return {};
  const choice: ShieldChoice = {};
  for (const part of value.split(',')) {
    const [facet = '', level = 'exact'] = part.trim().split('=');
    choice[checkFacet(facet)] = checkLevel(facet as Facet, level);
  }
  return choice;
}

/** "location (city), presence" — or "nothing yet". A facet's top level goes without saying. */
export function describeChoice(levels: Partial<Record<Facet, ShieldLevel>>): string {
  const shared = FACETS.filter((f) => levels[f] !== undefined && levels[f] !== 'hidden').map((f) =>
    levels[f] === 'exact' ? f : `${f} (${levelWord(f, levels[f] as ShieldLevel)})`,
  );
  return shared.length === 0 ? 'nothing yet' : shared.join(', ');
}

function checkFacet(facet: string): Facet {
  if (!isFacet(facet)) throw new UsageError(`unknown facet "${facet}": one of ${FACETS.join(', ')}`);
  return facet;
}

function checkLevel(facet: Facet, word: string): ShieldLevel {
  const level = levelFromWord(facet, word);
  if (level !== undefined) return level;
  const why = word === 'shared' && hasPlace(facet) ? ` ("shared" is for facets without a place; say how exact)` : '';
  throw new UsageError(`${facet} can be ${levelChoices(facet)}, not "${word}"${why}`);
}

export async function shield(ctx: CommandContext, args: (string | undefined)[], opts: { for?: string }) {
  const [who, facetArg, levelArg] = args;
  if (!who || !facetArg || !levelArg) throw new UsageError('shield needs NAME FACET LEVEL [--for 2h]');
  const facet = checkFacet(facetArg);
  const level = checkLevel(facet, levelArg);
  const forMs = opts.for === undefined ? undefined : parseDuration(opts.for);
  const device = await ctx.device();
  await device.sync();
  const before = levelsFor(device, who);
  await device.setShield(who, facet, level, forMs === undefined ? {} : { forMs });
  await publishLoweringAtTick(device, who, before);
  const row = device.shields().find((s) => s.name.toLowerCase() === who.toLowerCase() || s.bondId === who);
  ctx.out(`${row?.name ?? who} now gets your ${facet}: ${describeShield(facet, row?.shield[facet] ?? { level })}.`);
  device.close();
  await device.flushed();
}

export async function shields(ctx: CommandContext, opts: { json?: boolean }) {
  const device = await ctx.device();
  const rows = device.shields();
  if (opts.json) ctx.out(JSON.stringify(rows));
  else if (rows.length === 0) ctx.out('No bonds yet. Start one with: entwine invite');
  else {
    for (const row of rows) {
      printShields(ctx, row.name, row.status, row.shield);
      // The trail's retention is a shield-side setting too: how far back this partner may look.
      if (row.status === 'active') {
        const days = await device.retentionWith(row.bondId);
        ctx.out(
          `  ${'kept'.padEnd(9)} your trail for ${days === null ? 'ever' : `${days} day${days === 1 ? '' : 's'}`} (entwine retention ${row.name} DAYS)`,
        );
      }
    }
  }
  await device.flushed();
}

function printShields(ctx: CommandContext, name: string, status: string, policy: ShieldPolicy) {
  ctx.out(`${name}${status === 'active' ? '' : `  [${status}]`}`);
  for (const facet of FACETS) ctx.out(`  ${facet.padEnd(9)} ${describeShield(facet, policy[facet])}`);
}

function describeShield(facet: Facet, s: ShieldPolicy[Facet]): string {
  const now = levelWord(facet, s.level);
  return s.until === undefined ? now : `${now} until ${new Date(s.until).toISOString()}, then ${levelWord(facet, s.revertTo ?? 'hidden')}`;
}

/** `entwine sharing NAME on|off`: location and presence exact, or everything hidden. */
export async function sharing(ctx: CommandContext, who: string | undefined, state: string | undefined) {
  if (!who || (state !== 'on' && state !== 'off')) throw new UsageError('sharing needs NAME on|off');
  const device = await ctx.device();
  await device.sync();
  const before = levelsFor(device, who);
  await applySharing(device, who, state === 'on');
  await publishLoweringAtTick(device, who, before);
  ctx.out(state === 'on' ? `You now share your live location with ${who}.` : `You no longer share anything with ${who}.`);
  device.close();
  await device.flushed();
}

async function applySharing(device: Device, who: string, on: boolean) {
  if (on) await device.setShields(who, { location: 'exact', presence: 'exact' });
  else await device.setShields(who, Object.fromEntries(FACETS.map((f) => [f, 'hidden'])) as Record<Facet, ShieldLevel>);
}

function levelsFor(device: Device, who: string): Record<Facet, ShieldLevel> | undefined {
  return device.shields().find((s) => s.name.toLowerCase() === who.toLowerCase() || s.bondId === who)?.levels;
}

/**
 * A one-shot command has no running tick, so a lowering is published here — at the next tick boundary,
 * never at once: an off-tick send would tell the relay when this person cut back (docs/shields.md).
 */
async function publishLoweringAtTick(device: Device, who: string, before: Record<Facet, ShieldLevel> | undefined) {
  const after = levelsFor(device, who);
  if (!before || !after || !FACETS.some((f) => isLowering(before[f], after[f]))) return;
  await new Promise((resolve) => setTimeout(resolve, device.untilNextTick()));
  await device.publishTick({ to: [who] });
}
