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

export function initialOf(name: string): string {
  return (Array.from(name.trim())[0] ?? '?').toUpperCase();
}

export function formatTime(ts: number): string {
  return new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
