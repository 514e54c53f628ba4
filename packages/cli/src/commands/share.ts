/** `entwine share`: one fix (--lat/--lon), or a GPX track replayed as live fixes (--gpx FILE [--speed N]). */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseGpx } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';

/** Without timestamps in the file, points are this far apart in the replay (before --speed). */
const DEFAULT_POINT_INTERVAL_MS = 1000;

export async function share(
  ctx: CommandContext,
  opts: { lat?: string; lon?: string; acc?: string; gpx?: string; speed?: string; to?: string[] },
) {
  const device = await ctx.device();
  const to = opts.to && opts.to.length > 0 ? opts.to : undefined;
  if (opts.gpx) {
    const speed = opts.speed === undefined ? 1 : Number(opts.speed);
    if (!(speed > 0)) throw new UsageError('--speed must be a positive number (1 = real time, 0 is not allowed)');
    const { fixes, skipped } = parseGpx(await readFile(opts.gpx, 'utf8'));
    if (fixes.length === 0) throw new UsageError(`${opts.gpx} has no track points`);
    await device.connect();
    ctx.out(`Replaying ${fixes.length} points from ${opts.gpx}${skipped ? ` (${skipped} unreadable points skipped)` : ''} at ${speed}×`);
    let sent = 0;
    const stored: Promise<unknown>[] = [];
    for (let i = 0; i < fixes.length; i++) {
      const fix = fixes[i]!;
      const prev = fixes[i - 1];
      if (prev) {
        const gap = fix.time !== undefined && prev.time !== undefined ? fix.time - prev.time : DEFAULT_POINT_INTERVAL_MS;
        await sleep(Math.max(0, gap / speed));
      }
      // Each fix is stamped now: a replay is shown as live, in order.
      const message = { lat: fix.lat, lon: fix.lon, ...(fix.ele !== undefined ? { alt: fix.ele } : {}) };
      stored.push(device.shareLocation(message, to).then(() => sent++));
    }
    await Promise.all(stored);
    ctx.out(`Shared ${sent} fixes; every one is stored by the relay.`);
    device.close();
    await device.flushed();
    return;
  }
  if (opts.lat === undefined || opts.lon === undefined) throw new UsageError('share needs --lat X --lon Y, or --gpx FILE');
  const lat = Number(opts.lat);
  const lon = Number(opts.lon);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new UsageError('--lat must be within ±90 and --lon within ±180');
  }
  await device.sync();
  const acc = opts.acc === undefined ? undefined : Number(opts.acc);
  const { bonds } = await device.shareLocation({ lat, lon, ...(acc !== undefined ? { acc } : {}) }, to);
  ctx.out(
    bonds === 0
      ? 'No active bond you share your location with. Turn it on with: entwine sharing NAME on'
      : `Shared with ${bonds} bond${bonds === 1 ? '' : 's'}; stored by the relay.`,
  );
  await device.flushed();
}
