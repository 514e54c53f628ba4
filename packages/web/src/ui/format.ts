/** How times, distances and coordinates read on screen. */

/** "just now", "42 s ago", "2 min ago", "3 h ago", "2 days ago". */
export function formatAge(ts: number, now: number): string {
  const s = Math.max(0, Math.round((now - ts) / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} days ago`;
}

export function formatAccuracy(acc: number | undefined): string {
  if (acc === undefined) return 'accuracy unknown';
  return acc < 1000 ? `±${Math.round(acc)} m` : `±${(acc / 1000).toFixed(1)} km`;
}

/** Five decimals: about a metre, enough to tell two fixes apart and no more. */
export function formatCoordinates(lat: number, lon: number): string {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/**
 * The one way a time of day reads in the app: hours and minutes in the person's own locale (its 12- or
 * 24-hour clock), here or — for a partner's local time — in another time zone. Every time on screen goes
 * through this, so "06:14:23 PM" and "19:14" never stand side by side. `locale` is for tests.
 */
export function formatTime(ts: number, opts: { timeZone?: string; locale?: string } = {}): string {
  const key = `${opts.locale ?? ''}|${opts.timeZone ?? ''}`;
  let clock = clocks.get(key);
  if (!clock) {
    clock = new Intl.DateTimeFormat(opts.locale, {
      hour: '2-digit',
      minute: '2-digit',
      ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    });
    clocks.set(key, clock);
  }
  return clock.format(ts);
}

/** A date and time (an invite's expiry), in the same locale and clock as `formatTime`. */
export function formatDateTime(ts: number, locale?: string): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(ts)}, ${formatTime(ts, locale ? { locale } : {})}`;
}

/** "100 m", "1 km", "10 km", "1.5 km". */
export function formatDistance(m: number): string {
  if (m < 1000) return `${Math.round(m)} m`;
  const km = m / 1000;
  return `${Number.isInteger(km) ? km : km.toFixed(1)} km`;
}

/** "58 min left", "2 h 5 min left", "less than a minute left". */
export function formatRemaining(until: number, now: number): string {
  const min = Math.floor(Math.max(0, until - now) / 60_000);
  if (min < 1) return 'less than a minute left';
  if (min < 60) return `${min} min left`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h left` : `${h} h ${min % 60} min left`;
}
