/**
 * The instant a shown position's age counts from: an exact fix's own time (`fixTs`), or an area's publish
 * tick (`ts`). A view saved before exact fixes carried `fixTs` falls back to `ts`.
 */
import type { LocatedMessage } from '@entwine/core';

export function positionTime(loc: LocatedMessage): number {
  return loc.level === 'exact' ? ((loc as { fixTs?: number }).fixTs ?? loc.ts) : loc.ts;
}
