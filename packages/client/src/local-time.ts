/**
 * A partner's local time, time zone and daylight, computed here from the position this person already
 * receives at the partner's shield level — nothing is asked of a web service, and nothing more is sent.
 * The time zone comes from an offline boundary lookup and the daylight from the sun's altitude at that
 * place (day above the horizon, twilight down to −6°, night below). At city level the answer is the
 * city's, which is what the partner chose to give.
 */
import tzlookup from '@photostructure/tz-lookup';
import { getPosition } from 'suncalc';

export type Daylight = 'day' | 'twilight' | 'night';

export interface LocalTime {
  timeZone: string;
  /** "14:05", in that zone. */
  time: string;
  /** Minutes east of UTC at that moment (DST included). */
  offsetMinutes: number;
  daylight: Daylight;
}

export function localTimeAt(lat: number, lon: number, now: number): LocalTime | undefined {
  let timeZone: string;
  try {
    timeZone = tzlookup(lat, lon);
  } catch {
    return undefined; // outside the lookup's data (it covers land and sea): show nothing rather than guess
  }
  const date = new Date(now);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  const altitude = getPosition(date, lat, lon).altitude; // suncalc 2: degrees, refraction-corrected
  return { timeZone, time, offsetMinutes: offsetOf(timeZone, date), daylight: altitude > 0 ? 'day' : altitude > -6 ? 'twilight' : 'night' };
}

function offsetOf(timeZone: string, date: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(date.getTime() / 60_000) * 60_000) / 60_000);
}
