/**
 * The publish tick override of the TEST build only, read once at startup by `device-deps.ts`: `?tick=MS` in
 * the address, else `localStorage['entwine.tickMs']`; clamped to ≥ 100 ms; absent or unreadable, the
 * client's default (15 s) holds. Whole-system tests use ~300 ms so a level change shows in well under a
 * second. It exists only where `import.meta.env.ENTWINE_TEST_HOOKS` is true (`vite build --mode e2e`): in a
 * release anyone able to send a person a link could otherwise make their device publish up to 150 times
 * as often (more traffic, more battery, a finer trail of sends); `e2e/web-release-has-no-tick-override.test.ts`
 * checks the release bundle holds none of it.
 */

export const TICK_OVERRIDE_KEY = 'entwine.tickMs';
export const MIN_TICK_MS = 100;

export function tickOverride(search: string, stored: string | null): number | undefined {
  const raw = new URLSearchParams(search).get('tick') ?? stored;
  if (raw === null || raw === '') return undefined;
  const ms = Number(raw);
  return Number.isFinite(ms) && ms > 0 ? Math.max(MIN_TICK_MS, Math.round(ms)) : undefined;
}
