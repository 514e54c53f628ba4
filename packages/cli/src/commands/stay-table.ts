/**
 * A day's stays and trips as `entwine trail` prints them (decision 0017): a table under the day's points or
 * cells, and the same in `--json`. The stays and trips are what the sender's device derived and sealed; this
 * only words them, and never derives any from a coarse trail.
 *
 * Names come from a `StayLabeller`: a function taking a stay and returning its label, or nothing. First the
 * person's own places (Home, Work: `ownPlaceLabeller`, exact stays only — a cell's centre inside Home does not
 * put anyone at Home), then the nearest city / neighbourhood of the offline dataset (@entwine/places) — for an
 * exact stay at its centre, for a cell stay at the cell's centre, never asking a server — said as the nearest
 * named place.
 */
import { placeNameAt } from '@entwine/client';
import {
  type CellStay,
  cellCentre,
  type DayTrip,
  type ExactStay,
  type Place,
  placeWords,
  type TrailDay,
  type TrailLevel,
} from '@entwine/core';
import type { PlaceIndex } from '@entwine/places';

export interface StayOf {
  level: TrailLevel;
  stay: ExactStay | CellStay;
}

export interface StayLabel {
  text: string;
  /** `own-place`: one of the person's own places; `nearest`: the nearest named place of the offline dataset. */
  source: 'own-place' | 'nearest';
}

/** The seam where names plug in: a stay (with the level it was sealed at) to its label, or undefined. */
export type StayLabeller = (s: StayOf) => StayLabel | undefined;

/** The first labeller's label that names the stay (own places first, then the dataset). */
export const firstLabel =
  (...labellers: StayLabeller[]): StayLabeller =>
  (s) => {
    for (const label of labellers) {
      const found = label(s);
      if (found) return found;
    }
    return undefined;
  };

/** Where a stay is, as the dataset is asked about it: an exact stay's centre, or its cell's centre at the level. */
function pointOf({ level, stay }: StayOf): { lat: number; lon: number } {
  return 'cell' in stay && level !== 'exact' ? cellCentre(stay.cell, level) : (stay as ExactStay);
}

/** The person's own place holding an exact stay's centre (`placeNameAt`); nothing for a cell stay. */
export const ownPlaceLabeller =
  (places: readonly Place[]): StayLabeller =>
  ({ level, stay }) => {
    if (level !== 'exact' || !('lat' in stay)) return undefined;
    const name = placeNameAt(places, stay.lat, stay.lon);
    return name === undefined ? undefined : { text: name, source: 'own-place' };
  };

/** The nearest city / neighbourhood from the offline dataset, at the precision the stay was shared at. */
export const nearestPlaceLabeller =
  (names: PlaceIndex): StayLabeller =>
  (s) => {
    const { lat, lon } = pointOf(s);
    const name = names.nameAt(lat, lon, s.level);
    return name ? { text: placeWords(name, s.level, name.country), source: 'nearest' } : undefined;
  };

const DAY_MS = 86_400_000;

/** "20:00Z", or "12-05 20:00Z" for a time on another day than `day` (a stay over midnight). */
function clock(ms: number, day: number): string {
  const iso = new Date(ms).toISOString();
  return Math.floor(ms / DAY_MS) === day ? `${iso.slice(11, 16)}Z` : `${iso.slice(5, 10)} ${iso.slice(11, 16)}Z`;
}

/** "45 min", "2 h 05 min". */
function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function distanceWords(m: number): string {
  return m < 1000 ? `${m} m` : `${(m / 1000).toFixed(1)} km`;
}

function labelWords(label: StayLabel | undefined): string {
  if (!label) return '(no name)';
  return label.source === 'nearest' ? `${label.text} (nearest named place)` : label.text;
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `    ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd());
}

/** The lines printed under a day: its stays, then its trips; one line when the sender derived none. */
export function stayLines(trail: TrailDay, label: StayLabeller): string[] {
  const { day, level } = trail;
  if (trail.stays === undefined && trail.trips === undefined) return ['  (no stays or trips: the sender did not derive them for this day)'];
  const stays: (ExactStay | CellStay)[] = trail.stays ?? [];
  const trips: DayTrip[] = trail.trips ?? [];
  const out: string[] = [];
  out.push(`  ${stays.length} stay${stays.length === 1 ? '' : 's'}${stays.length ? ':' : ''}`);
  if (stays.length)
    out.push(
      ...table([
        ['from', 'to', 'duration', 'confidence', 'place'],
        ...stays.map((s) => [
          clock(s.start, day),
          clock(s.end, day),
          durationWords(s.end - s.start),
          s.confidence.toFixed(2),
          labelWords(label({ level, stay: s })),
        ]),
      ]),
    );
  out.push(`  ${trips.length} trip${trips.length === 1 ? '' : 's'}${trips.length ? ':' : ''}`);
  if (trips.length)
    out.push(
      ...table([
        ['from', 'to', 'duration', 'mode', level === 'exact' ? 'distance' : ''],
        ...trips.map((t) => [
          clock(t.start, day),
          clock(t.end, day),
          durationWords(t.end - t.start),
          t.mode,
          t.distanceM === undefined ? '' : distanceWords(t.distanceM),
        ]),
      ]),
    );
  return out;
}

/** `--json`: the stays with their label, the trips as sealed; nothing when the sender did not derive them. */
export function staysJson(trail: TrailDay, label: StayLabeller): { stays?: unknown[]; trips?: DayTrip[] } {
  const level = trail.level;
  return {
    ...(trail.stays ? { stays: trail.stays.map((s) => ({ ...s, place: label({ level, stay: s }) ?? null })) } : {}),
    ...(trail.trips ? { trips: trail.trips } : {}),
  };
}

/** Whether a day has a stay to name (the dataset is loaded only then: it takes a second or two). */
export const hasStays = (trail: TrailDay): boolean => (trail.stays?.length ?? 0) > 0;
