/**
 * What a partner is handed of a position below `exact`: an area, never a point. Every coarsened value the
 * client sends — a tick's location, a photo's pin — is made here from the keyed-offset grid (`grid.ts`),
 * so there is one place to check that no finer field ever leaves the device.
 */
import type { LatLon } from '../geo.ts';
import type { LocatedMessage } from '../schema/location.ts';
import type { MomentMessage } from '../schema/moment.ts';
import { type CoarsenState, type Fix, observeFix, publishCell } from './coarsen.ts';
import { type Cell, cellCentre, cellOf, GRID, type GridOffset, gridOffset } from './grid.ts';
import { AREA_LEVELS, type AreaLevel, isAreaLevel, type ShieldLevel, shieldRank } from './levels.ts';

/** An area as it travels: the cell's centre and its radius (the level's pitch). */
export interface Area {
  lat: number;
  lon: number;
  radius: number;
}

/** The area a partner is handed for `cell` at `level`. */
export function areaOf(cell: Cell, level: AreaLevel): Area {
  const centre = cellCentre(cell, level);
  return { lat: centre.lat, lon: centre.lon, radius: GRID[level].pitchM };
}

/** One person's grid state at each area level (hysteresis, dwell, what was published). */
export type AreaStates = Partial<Record<AreaLevel, CoarsenState>>;

/** Every area level's state after one fix: one grid per person, each level shifted by its own keyed offset. */
export function observeAreas(states: AreaStates, fix: Fix, coarseningKey: Uint8Array): AreaStates {
  const next = { ...states };
  for (const level of AREA_LEVELS) next[level] = observeFix(states[level] ?? {}, fix, level, gridOffset(coarseningKey, level));
  return next;
}

/**
 * The area every partner at `level` is handed at this tick (none while the grid has no cell yet), and the
 * states after it: publishing can move the level onto a new quantum.
 */
export function publishArea(states: AreaStates, level: AreaLevel, now: number): { area?: Area; states: AreaStates } {
  const published = publishCell(states[level] ?? {}, now, level);
  const next = { ...states, [level]: published.state };
  return published.cell ? { area: areaOf(published.cell, level), states: next } : { states: next };
}

/**
 * The level a photo shared with a partner is pinned at now: the coarser of their `moments` and `location`
 * levels, so a photo never tells more of where the person is than the location does; `none` while the
 * location is frozen or hidden (a pin would be a position the partner is not given) or moments are not shared.
 */
export function momentPinLevel(levels: { moments: ShieldLevel; location: ShieldLevel }): 'exact' | AreaLevel | 'none' {
  const coarser = shieldRank(levels.moments) <= shieldRank(levels.location) ? levels.moments : levels.location;
  return coarser === 'exact' || isAreaLevel(coarser) ? coarser : 'none';
}

export interface MomentPlaceInput {
  /** Where the photo is placed; undefined: nowhere (no position known, or the person chose none). */
  point: LatLon | undefined;
  /** Whether `point` is where this device last was (rather than a place the person named). */
  here: boolean;
  levels: { moments: ShieldLevel; location: ShieldLevel };
  /** This person's grid offset for an area level (from their coarsening key). */
  offset: (level: AreaLevel) => GridOffset;
  /** The cell the grid has committed to at an area level (with its hysteresis and dwell), if any. */
  committed: (level: AreaLevel) => Cell | undefined;
  /** The position this partner was last sent, while it is live. */
  seen: LocatedMessage | undefined;
}

/** Where a photo is pinned for one partner: exact, an area of this person's own grid, or nowhere. */
export function momentPlace(input: MomentPlaceInput): MomentMessage['place'] {
  const { point, levels } = input;
  const level = momentPinLevel(levels);
  if (!point || level === 'none') return { level: 'none' };
  if (level === 'exact') return { level: 'exact', lat: point.lat, lon: point.lon };
  if (levels.location === 'exact') {
    // The partner sees the exact position anyway. Where this device is, the photo goes in the cell the
    // grid has committed to (with its hysteresis and dwell), so photos taken on a cell edge do not flip
    // between cells; an explicit place elsewhere is snapped to its own cell.
    const committed = input.here ? input.committed(level) : undefined;
    return { level, ...areaOf(committed ?? cellOf(point.lat, point.lon, level, input.offset(level)), level) };
  }
  // The location is an area: the photo goes in the area this partner was last sent (or, at a coarser
  // moments level, that area's cell of it) — never in a cell the grid committed to but has not published
  // to them yet, and never at the point, which is in practice where the device is now.
  const seen = input.seen;
  if (!seen) return { level: 'none' };
  const area = seen.level !== 'exact' && shieldRank(seen.level) < shieldRank(level) ? seen.level : level;
  if (seen.level === area) return { level: area, lat: seen.lat, lon: seen.lon, radius: GRID[area].pitchM };
  return { level: area, ...areaOf(cellOf(seen.lat, seen.lon, area, input.offset(area)), area) };
}
