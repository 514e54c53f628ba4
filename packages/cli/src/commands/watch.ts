/** `entwine watch`: prints partners' live positions as they arrive, one line each; forged ones marked. */
import type { DeviceEvent } from '@entwine/client';
import type { CommandContext } from '../context.ts';
import { describePairingFailure } from './bonding.ts';

export function formatEvent(e: DeviceEvent): string | undefined {
  switch (e.type) {
    case 'location': {
      const m = e.message;
      const acc = m.acc === undefined ? '' : ` ±${Math.round(m.acc)}m`;
      return `${new Date(m.ts).toISOString()}  ${e.from}  ${m.lat.toFixed(6)} ${m.lon.toFixed(6)}${acc}`;
    }
    case 'forged':
      return `FORGED or damaged envelope in the bond with ${e.from} (${e.reason}) — not shown as a position`;
    case 'bond-ended':
      return e.by === 'me' ? `You ended the bond with ${e.name}.` : `The bond with ${e.name} ended (${e.name} ended it).`;
    case 'bond-active':
      return `The bond with ${e.name} is active.`;
    case 'pairing-request':
      return `${e.name} accepted your invite; say yes with: entwine confirm ${e.name}`;
    case 'pairing-failed':
      return `Pairing with ${e.name} FAILED: ${describePairingFailure(e.reason)}`;
    case 'pairing-declined':
      return `${e.name} declined.`;
    case 'send-refused':
      return `The relay refused an envelope (${e.code}).`;
    case 'connection':
      return e.state === 'open' ? 'connected' : `disconnected${e.reason ? `: ${e.reason}` : ''}; reconnecting`;
  }
}

export function eventJson(e: DeviceEvent): unknown {
  if (e.type === 'location') {
    const { kind: _kind, ...fix } = e.message;
    return { type: 'location', bondId: e.bondId, from: e.from, ...fix };
  }
  return e;
}

export async function watch(ctx: CommandContext, opts: { json?: boolean }) {
  const device = await ctx.device();
  device.on((e) => {
    if (opts.json) ctx.out(JSON.stringify(eventJson(e)));
    else {
      const line = formatEvent(e);
      if (line) ctx.out(line);
    }
  });
  // Listen for Ctrl-C before connecting: a stop during the backlog read must still save what was read.
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await Promise.race([device.connect(), stopped]);
  if (!opts.json) ctx.out(`Watching ${device.bonds().filter((b) => b.status === 'active').length} bond(s). Ctrl-C to stop.`);
  await stopped;
  device.close();
  await device.flushed();
}
