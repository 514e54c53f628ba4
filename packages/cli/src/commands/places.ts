/**
 * `entwine places …`: the places this person names on this device (decision 0016) and who may hear of them.
 * - `places` [--json]: each place with its centre, radius and the partners who may hear of it;
 * - `places add NAME --lat X --lon Y --radius M`, `places remove PLACE`;
 * - `places share PARTNER PLACE…`, `places unshare PARTNER PLACE…`.
 * A place's centre and radius never leave the device; a partner allowed to hear of it gets "arrived at" and
 * "left" with its name, and only while their `places` shield is exact.
 */
import type { Device } from '@entwine/client';
import { PLACE_RADIUS_MAX_M, PLACE_RADIUS_MIN_M, type Place } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

const SUBCOMMANDS = 'add, remove, share, unshare';

export async function places(
  ctx: CommandContext,
  args: (string | undefined)[],
  opts: { json?: boolean; lat?: string; lon?: string; radius?: string },
) {
  const [sub, ...rest] = args;
  if (sub === undefined) return list(ctx, opts);
  if (sub === 'add') return add(ctx, rest[0], opts);
  if (sub === 'remove') return withDevice(ctx, async (device) => remove(ctx, device, rest[0]));
  if (sub === 'share' || sub === 'unshare') return withDevice(ctx, async (device) => share(ctx, device, sub, rest));
  throw new UsageError(`places takes no "${sub}": one of ${SUBCOMMANDS}, or nothing to list your places`);
}

async function withDevice(ctx: CommandContext, run: (device: Device) => Promise<void>) {
  const device = await ctx.device();
  try {
    await run(device);
  } finally {
    device.close();
    await device.flushed();
  }
}

/** Each place with the partners who may hear of it. */
async function list(ctx: CommandContext, opts: { json?: boolean }) {
  await withDevice(ctx, async (device) => {
    const all = await device.places();
    const heardBy = new Map<string, string[]>(all.map((p) => [p.id, []]));
    for (const bond of device.bonds().filter((b) => b.status === 'active')) {
      for (const p of await device.placesSharedWith(bond.bondId)) heardBy.get(p.id)?.push(bond.name);
    }
    if (opts.json) {
      ctx.out(JSON.stringify(all.map((p) => ({ ...p, sharedWith: heardBy.get(p.id) ?? [] }))));
      return;
    }
    if (all.length === 0) {
      ctx.out('No places yet. Name one with: entwine places add Home --lat X --lon Y --radius 100');
      return;
    }
    for (const p of all) {
      const who = heardBy.get(p.id) ?? [];
      ctx.out(
        `${p.name}  ${p.lat.toFixed(5)} ${p.lon.toFixed(5)}  ${p.radius} m  ${who.length > 0 ? `heard of by ${who.join(', ')}` : 'heard of by no one'}`,
      );
    }
  });
}

function number(name: string, value: string | undefined, min: number, max: number, unit = ''): number {
  const n = value === undefined ? Number.NaN : Number(value);
  if (!(Number.isFinite(n) && n >= min && n <= max)) {
    throw new UsageError(`--${name} is a number from ${min} to ${max}${unit}, not ${value === undefined ? 'missing' : `"${value}"`}`);
  }
  return n;
}

async function add(ctx: CommandContext, name: string | undefined, opts: { lat?: string; lon?: string; radius?: string }) {
  if (!name) throw new UsageError('places add needs NAME --lat X --lon Y --radius M');
  const lat = number('lat', opts.lat, -90, 90);
  const lon = number('lon', opts.lon, -180, 180);
  const radius = number('radius', opts.radius, PLACE_RADIUS_MIN_M, PLACE_RADIUS_MAX_M, ' (metres)');
  await withDevice(ctx, async (device) => {
    if ((await device.places()).some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      throw new UsageError(`you already have a place named "${name}" (entwine places remove "${name}" first)`);
    }
    const place = await device.addPlace({ name, lat, lon, radius });
    ctx.out(`Added ${place.name} (${radius} m). No one hears of it until you say: entwine places share NAME "${place.name}"`);
  });
}

/** The places named, each one this person has (by name, any case, or id); else a usage error naming it. */
async function known(device: Device, which: string[]): Promise<Place[]> {
  const all = await device.places();
  return which.map((w) => {
    const place = all.find((p) => p.id === w || p.name.toLowerCase() === w.toLowerCase());
    if (!place) {
      const names = all.map((p) => p.name).join(', ');
      throw new UsageError(`you have no place named "${w}"${names ? ` (yours: ${names})` : ''}`);
    }
    return place;
  });
}

async function remove(ctx: CommandContext, device: Device, which: string | undefined) {
  if (!which) throw new UsageError('places remove needs the PLACE to forget');
  const [place] = await known(device, [which]);
  await device.removePlace(place!.id);
  ctx.out(`Removed ${place!.name}; no partner hears of it any more.`);
}

async function share(ctx: CommandContext, device: Device, sub: 'share' | 'unshare', [who, ...which]: (string | undefined)[]) {
  const names = which.filter((w): w is string => w !== undefined);
  if (!who || names.length === 0) throw new UsageError(`places ${sub} needs PARTNER PLACE…`);
  await device.sync();
  const bond = device.bonds().find((b) => b.status === 'active' && (b.name.toLowerCase() === who.toLowerCase() || b.bondId === who));
  if (!bond) throw new UsageError(`you have no bond with "${who}"`);
  const ids = (await known(device, names)).map((p) => p.id);
  const done = sub === 'share' ? await device.sharePlaces(bond.bondId, ids) : await device.unsharePlaces(bond.bondId, ids);
  const list = done.map((p) => p.name).join(', ');
  if (sub === 'unshare') {
    ctx.out(`${bond.name} no longer hears of ${list}.`);
    return;
  }
  const level = device.shields().find((s) => s.bondId === bond.bondId)?.levels.places ?? 'hidden';
  ctx.out(
    level === 'exact'
      ? `${bond.name} now hears when you arrive at or leave ${list}.`
      : `${bond.name} may hear of ${list}, but hears nothing while your places shield for them is ${level}: entwine shield ${bond.name} places exact`,
  );
}
