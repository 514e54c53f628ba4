/**
 * What one person's app keeps of another beyond the live values: the earlier positions (as far as the
 * sharer's trail level allows) and where their photos are pinned (as far as their moments level allows),
 * both read from a `PartnerView`. Like `PartnerViewCard`, it draws both sides of a bond from the same
 * fold: the partner's page from `viewOf`, the sharer's "as NAME sees you" from `seenBy`, so a sharer sees
 * exactly which of their positions and photo pins the partner's app still shows. The data attributes
 * carry the raw values so a test can compare the two sides without parsing text.
 */
import type { MomentPin, PartnerView } from '@entwine/client';
import type { LocatedMessage } from '@entwine/core';
import type { ShownMoment } from '../app/moment-photos.ts';
import { formatCoordinates, formatDistance, formatTime } from './format.ts';
import { describePosition } from './partner-view.tsx';
import { positionTime } from './position-time.ts';

function placeWords(pin: MomentPin): string {
  const p = pin.place;
  return p.level === 'exact'
    ? `at ${formatCoordinates(p.lat, p.lon)}`
    : `${p.level} area · within ${formatDistance(p.radius)} of ${formatCoordinates(p.lat, p.lon)}`;
}

function positionData(loc: LocatedMessage): Record<string, string> {
  return { 'data-level': loc.level, 'data-lat': String(loc.lat), 'data-lon': String(loc.lon), 'data-ts': String(positionTime(loc)) };
}

function pinData(pin: MomentPin): Record<string, string> {
  return {
    'data-moment-id': pin.id,
    'data-level': pin.place.level,
    'data-lat': String(pin.place.lat),
    'data-lon': String(pin.place.lon),
  };
}

/** Why nothing is listed: the level that keeps it from the list, in words. */
function emptyWords(level: string | undefined, what: string): string {
  if (level === 'hidden' || level === undefined) return `None: ${what} hidden.`;
  return 'None yet.';
}

export function PartnerKeeps({
  view,
  photos,
  testId,
}: {
  view: PartnerView;
  /** The photos of this bond from the side being shown (received ones on the partner's page, sent ones in a preview). */
  photos: ShownMoment[];
  testId: string;
}) {
  const trail = view.trail ?? [];
  const pins = view.pins ?? [];
  return (
    <div
      className="partner-keeps"
      data-testid={testId}
      data-trail-level={view.keep?.trail ?? 'unknown'}
      data-moments-level={view.keep?.moments ?? 'unknown'}
    >
      <h4>Earlier positions</h4>
      {trail.length === 0 ? (
        <p className="hint trail-empty">{emptyWords(view.keep?.trail, 'the trail is')}</p>
      ) : (
        <ol className="trail" aria-label="Earlier positions">
          {trail.map((loc) => (
            <li key={`${positionTime(loc)}/${loc.lat}/${loc.lon}`} {...positionData(loc)}>
              <time>{formatTime(positionTime(loc))}</time> <span className="coords">{describePosition(loc)}</span>
            </li>
          ))}
        </ol>
      )}
      <h4>Photos on the map</h4>
      {pins.length === 0 ? (
        <p className="hint pins-empty">{emptyWords(view.keep?.moments, 'photo places are')}</p>
      ) : (
        <ul className="pins" aria-label="Photos on the map">
          {pins.map((pin) => {
            const photo = photos.find((m) => m.id === pin.id);
            return (
              <li key={pin.id} {...pinData(pin)}>
                {photo && <img src={photo.url} alt={photo.header.caption ?? 'photo'} width={48} height={48} loading="lazy" />}{' '}
                <time>{formatTime(pin.ts)}</time> · {placeWords(pin)}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
