/**
 * The publish tick override, read once at startup by `device-deps.ts`: `?tick=MS` in the address, else
 * `localStorage['entwine.tickMs']`; clamped to ≥ 100 ms; absent or unreadable, the client's default (15 s)
 * holds. Whole-system tests use ~300 ms so a level change shows in well under a second. A person has no
 * reason to set it, and doing so changes only how often their own device publishes.
 */

export const TICK_OVERRIDE_KEY = 'entwine.tickMs';
export const MIN_TICK_MS = 100;

export function tickOverride(search: string, stored: string | null): number | undefined {
  const raw = new URLSearchParams(search).get('tick') ?? stored;
  if (raw === null || raw === '') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms > 0 ? Math.max(MIN_TICK_MS, Math.round(ms)) : undefined;
}
