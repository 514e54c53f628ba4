/**
 * One rendering of a `PartnerView` — what one person sees of another — used for both sides of a bond: a
 * partner's card draws `device.viewOf(partner)`, and the sharer's "as NAME sees you" preview draws
 * `device.seenBy(NAME)`. The client folds both from the same plaintexts with the same function, and this
 * component renders them with the same words, coordinates and radius, so the preview is exactly what the
 * partner's screen shows (only the ages move, each side counting from its own clock). The card's data
 * attributes carry the raw values, so a test can compare the two without parsing text.
 */
import type { PartnerView } from '@entwine/client';
import type { LocatedMessage } from '@entwine/core';
import { formatAccuracy, formatAge, formatCoordinates, formatDistance } from './format.ts';
import { positionTime } from './position-time.ts';

const AREA_NAMES = { street: 'Street', neighbourhood: 'Neighbourhood', city: 'City' } as const;
const BATTERY_WORDS = { '0-25': '0–25 %', '25-50': '25–50 %', '50-75': '50–75 %', '75-100': '75–100 %' } as const;

export function Age({ ts, now }: { ts: number; now: number }) {
  return (
    <time dateTime={new Date(ts).toISOString()} data-ts={ts}>
      {formatAge(ts, now)}
    </time>
  );
}

/** A position as words: a pin's coordinates and accuracy, or an area's size and centre — never an area as a pin. */
export function describePosition(loc: LocatedMessage): string {
  if (loc.level === 'exact') return `${formatCoordinates(loc.lat, loc.lon)} · ${formatAccuracy(loc.acc)}`;
  return `${AREA_NAMES[loc.level]} area · within ${formatDistance(loc.radius)} of ${formatCoordinates(loc.lat, loc.lon)}`;
}

/** One line for chips and map labels: "city area · within 10 km", "frozen · 3 min ago", "hidden". */
export function LocationLine({ view, now }: { view: PartnerView; now: number }) {
  const loc = view.location;
  switch (view.locationState) {
    case 'hidden':
      return <>hidden</>;
    case 'unknown':
      return <>no position yet</>;
    case 'frozen':
      return <>frozen · last shared {loc ? <Age ts={positionTime(loc)} now={now} /> : 'earlier'}</>;
    case 'live':
      if (!loc) return <>no position yet</>;
      return loc.level === 'exact' ? (
        <>
          <Age ts={positionTime(loc)} now={now} /> · {formatAccuracy(loc.acc)}
        </>
      ) : (
        <>
          {loc.level} area · within {formatDistance(loc.radius)} · <Age ts={positionTime(loc)} now={now} />
        </>
      );
  }
}

/** Presence in one line: "last seen 2 min ago · battery 50–75 % · charging", "frozen · …", "hidden". */
export function PresenceLine({ view, now }: { view: PartnerView; now: number }) {
  const p = view.presence;
  const extras = p ? `${p.battery ? ` · battery ${BATTERY_WORDS[p.battery]}` : ''}${p.charging ? ' · charging' : ''}` : '';
  switch (view.presenceState) {
    case 'hidden':
      return <>hidden</>;
    case 'unknown':
      return <>nothing yet</>;
    case 'frozen':
      return (
        <>
          frozen · last shared {p ? <Age ts={p.ts} now={now} /> : 'earlier'}
          {extras}
        </>
      );
    case 'live':
      return (
        <>
          last seen {view.presenceAt !== undefined ? <Age ts={view.presenceAt} now={now} /> : 'now'}
          {extras}
        </>
      );
  }
}

function dataOf(view: PartnerView): Record<string, string> {
  const loc = view.location;
  const out: Record<string, string> = { 'data-location-state': view.locationState, 'data-presence-state': view.presenceState };
  if (loc) {
    out['data-level'] = loc.level;
    out['data-lat'] = String(loc.lat);
    out['data-lon'] = String(loc.lon);
    out['data-location-ts'] = String(loc.ts);
    out['data-position-time'] = String(positionTime(loc));
    if (loc.level === 'exact') {
      if (loc.acc !== undefined) out['data-acc'] = String(loc.acc);
    } else out['data-radius'] = String(loc.radius);
  }
  if (view.presence?.battery) out['data-battery'] = view.presence.battery;
  if (view.presence?.charging !== undefined) out['data-charging'] = String(view.presence.charging);
  return out;
}

/** The full card: location (with every field the level carries) and presence. */
export function PartnerViewCard({ view, now, testId = 'partner-view' }: { view: PartnerView; now: number; testId?: string }) {
  const loc = view.location;
  const shown = view.locationState === 'live' || view.locationState === 'frozen' ? loc : undefined;
  return (
    <dl className={`partner-view location-${view.locationState}`} data-testid={testId} {...dataOf(view)}>
      <dt>Location</dt>
      <dd className="view-location">
        {view.locationState === 'live' && shown ? describePosition(shown) : <LocationLine view={view} now={now} />}
        {view.locationState === 'live' && shown && (
          <>
            {' · '}
            <Age ts={positionTime(shown)} now={now} />
          </>
        )}
      </dd>
      {view.locationState === 'frozen' && shown && (
        <>
          <dt>Last shared</dt>
          <dd className="view-frozen-value">{describePosition(shown)}</dd>
        </>
      )}
      {shown?.level === 'exact' && shown.alt !== undefined && (
        <>
          <dt>Altitude</dt>
          <dd>{Math.round(shown.alt)} m</dd>
        </>
      )}
      {shown?.level === 'exact' && shown.speed !== undefined && (
        <>
          <dt>Speed</dt>
          <dd>{(shown.speed * 3.6).toFixed(1)} km/h</dd>
        </>
      )}
      {shown?.level === 'exact' && shown.bearing !== undefined && (
        <>
          <dt>Heading</dt>
          <dd>{Math.round(shown.bearing)}°</dd>
        </>
      )}
      <dt>Presence</dt>
      <dd className="view-presence">
        <PresenceLine view={view} now={now} />
      </dd>
    </dl>
  );
}
