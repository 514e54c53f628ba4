/**
 * The name of this person's own place at a point — for labelling their stays ("at Home") before falling back
 * to the nearest city. Pure: the caller passes the places (the device's `places()`).
 */
import { distanceM, type Place } from '@entwine/core';

/**
 * The place whose circle holds the point; of several (a home inside a neighbourhood), the smallest — the
 * most specific — then the first by name, so the answer does not depend on the order given. Undefined when
 * none holds it. The circle is the place's own radius, without the arrive/leave margin: a label, not an event.
 */
export function placeNameAt(
  places: readonly Pick<Place, 'name' | 'lat' | 'lon' | 'radius'>[],
  lat: number,
  lon: number,
): string | undefined {
  let best: Pick<Place, 'name' | 'radius'> | undefined;
  for (const p of places) {
    if (distanceM(p, { lat, lon }) > p.radius) continue;
    if (!best || p.radius < best.radius || (p.radius === best.radius && p.name < best.name)) best = p;
  }
  return best?.name;
}
