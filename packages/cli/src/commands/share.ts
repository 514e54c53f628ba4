/**
 * `entwine share`: one fix (--lat/--lon), or a GPX track replayed as live fixes (--gpx FILE [--speed N]).
 * Nothing is sent per fix: the device publishes on its fixed tick (ENTWINE_TICK_MS, default 15 s), each
 * partner at their own shield level. A one-shot share waits for the next tick, publishes it and exits;
 * a replay publishes on every tick while it runs, then once more after its last point.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Device } from '@entwine/client';
import { parseGpx } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

/** Without timestamps in the file, points are this far apart in the replay (before --speed). */
const DEFAULT_POINT_INTERVAL_MS = 1000;

export async function share(
  ctx: CommandContext,
  opts: {
    lat?: string;
    lon?: string;
    acc?: string;
    gpx?: string;
    speed?: string;
    battery?: string;
    charging?: boolean;
    to?: string[];
    seal?: boolean;
  },
) {
  const device = await ctx.device();
  const seal = opts.seal === true;
  const to = opts.to && opts.to.length > 0 ? opts.to : undefined;
  if (opts.battery !== undefined) {
    const level = Number(opts.battery.replace(/%$/, '')) / (opts.battery.endsWith('%') ? 100 : 1);
    if (!(level >= 0 && level <= 1)) throw new UsageError('--battery takes 0…1 or a percentage such as 80%');
    await device.setBattery({ level, ...(opts.charging !== undefined ? { charging: opts.charging } : {}) });
  }
  if (opts.gpx) {
    if (to) throw new UsageError('--to works with a one-shot share; a replay publishes to every bond on the tick');
    await replay(ctx, device, opts.gpx, opts.speed, opts.seal);
    return;
  }
  if ((opts.lat === undefined) !== (opts.lon === undefined)) throw new UsageError('share needs both --lat X and --lon Y');
  if (opts.lat === undefined && opts.battery === undefined) throw new UsageError('share needs --lat X --lon Y, --gpx FILE or --battery N');
  if (opts.lat !== undefined && opts.lon !== undefined) {
    const lat = Number(opts.lat);
    const lon = Number(opts.lon);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw new UsageError('--lat must be within ±90 and --lon within ±180');
    }
    const acc = opts.acc === undefined ? undefined : Number(opts.acc);
    if (acc !== undefined && !(acc >= 0)) throw new UsageError('--acc must be a distance in metres');
    await device.recordFix({ lat, lon, ...(acc !== undefined ? { acc } : {}) });
  }
  await device.sync();
  await sleep(device.untilNextTick());
  const { bonds } = await device.publishTick(to ? { to } : {});
  const sharing = device.sharingWith();
  ctx.out(
    bonds === 0 || sharing.length === 0
      ? 'No active bond you share anything with. Turn it on with: entwine sharing NAME on'
      : `Shared with ${bonds} bond${bonds === 1 ? '' : 's'} at their shield levels; stored by the relay.`,
  );
  for (const b of device.bonds()) {
    if (b.status === 'active' && b.verification === 'unchecked') {
      ctx.out(`Nothing went to ${b.name}: compare your numbers first, then: entwine verify ${b.name} --numbers-match (or --skip-check)`);
    }
  }
  await sealTrail(ctx, device, seal);
  device.close();
  await device.flushed();
}

/** The trail's days that are due (or, with --seal, every day with new fixes), sealed before the command exits. */
async function sealTrail(ctx: CommandContext, device: Device, now: boolean): Promise<void> {
  const { chunks, outsideRetention } = await device.sealTrail(now ? { now: true } : {});
  if (chunks > 0) ctx.out(`Sealed ${chunks} trail chunk${chunks === 1 ? '' : 's'} (your vault and your partners' trails).`);
  if (outsideRetention > 0)
    ctx.out(`${outsideRetention} day${outsideRetention === 1 ? ' was' : 's were'} outside a partner's retention: not sealed for them.`);
}

async function replay(ctx: CommandContext, device: Device, file: string, speedArg: string | undefined, seal = false) {
  const speed = speedArg === undefined ? 1 : Number(speedArg);
  if (!(speed > 0)) throw new UsageError('--speed must be a positive number (1 = real time, 0 is not allowed)');
  const { fixes, skipped } = parseGpx(await readFile(file, 'utf8'));
  if (fixes.length === 0) throw new UsageError(`${file} has no track points`);
  await device.sync();
  device.startPublishing();
  ctx.out(`Replaying ${fixes.length} points from ${file}${skipped ? ` (${skipped} unreadable points skipped)` : ''} at ${speed}×`);
  for (let i = 0; i < fixes.length; i++) {
    const fix = fixes[i]!;
    const prev = fixes[i - 1];
    if (prev) {
      const gap = fix.time !== undefined && prev.time !== undefined ? fix.time - prev.time : DEFAULT_POINT_INTERVAL_MS;
      await sleep(Math.max(0, gap / speed));
    }
    // Each fix is stamped now: a replay is shown as live, in order.
    await device.recordFix({ lat: fix.lat, lon: fix.lon, ...(fix.ele !== undefined ? { alt: fix.ele } : {}) });
  }
  // The last point goes out on the next tick, whatever the schedule had reached.
  device.stopPublishing();
  await device.settled();
  await sleep(device.untilNextTick());
  await device.publishTick();
  await device.drainOutbox();
  ctx.out(`Replayed ${fixes.length} points; every envelope is stored by the relay.`);
  await sealTrail(ctx, device, seal);
  device.close();
  await device.flushed();
}
