/** Durations typed on the command line: 90s, 15m, 2h, 1d (a bare number is seconds). */
import { UsageError } from '../context.ts';

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`not a duration: ${text} (try 90s, 15m, 2h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  if (!(ms > 0)) throw new UsageError(`a duration must be more than zero, got ${text}`);
  return ms;
}
