/**
 * One rendering of a `PartnerView` — what one person sees of another — used for both sides of a bond: a
 * partner's card draws `device.viewOf(partner)`, and the sharer's "as NAME sees you" preview draws
 * `device.seenBy(NAME)`. The client folds both from the same plaintexts with the same function, and this
 * component renders them with the same words, coordinates and radius, so the preview is exactly what the
 * partner's screen shows (only the ages move, each side counting from its own clock). The card's data
 * attributes carry the raw values, so a test can compare the two without parsing text.
 * Beyond location and presence: the place's name (from the offline dataset, `place-names.ts`), the
 * partner's local time and daylight (by `localTimeAt`) — both computed here from the position already
 * shown, at its level, so nothing more is sent for them and they tell no more than the level — and their
 * feeling with how long ago they set it. The time zone's own name is left out: "Europe/Paris" is not
 * where someone in Lyon is.
 */
import { type LocalTime, localTimeAt, type PartnerView } from '@entwine/client';
import type { LocatedMessage, SharedFeeling } from '@entwine/core';
import type { PlaceName } from '@entwine/places';
import { DAYLIGHT_WORDS, feelingEmoji, formatOffset, MOOD_WORDS } from './facet-words.ts';
import { formatAccuracy, formatAge, formatCoordinates, formatDistance, formatTime } from './format.ts';
import { placeWords } from './place-words.ts';
import { positionTime } from './position-time.ts';
import { usePlaceName } from './use-place-name.ts';

/** A partner counts as online while their last presence is at most this old (a few of their ticks). */
export const DEFAULT_ONLINE_MS = 45_000;

/** How long "online" lasts after the last presence, for a device publishing every `tickMs`. */
export function onlineWindow(tickMs: number): number {
  return Math.max(5_000, 3 * tickMs);
}

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

/** The position a view shows (live or frozen), if any. */
function shownLocation(view: PartnerView): LocatedMessage | undefined {
  return view.locationState === 'live' || view.locationState === 'frozen' ? view.location : undefined;
}

/** The shown position's name at its own level; undefined until the names have loaded, and at open sea. */
export function useShownPlace(view: PartnerView): { name: PlaceName; loc: LocatedMessage } | undefined {
  const loc = shownLocation(view);
  const name = usePlaceName(loc?.lat, loc?.lon, loc?.level ?? 'city');
  return name && loc ? { name, loc } : undefined;
}

/**
 * One line for chips: "near Oerlikon, Zürich · 2 min ago · ±35 m", "somewhere in Zürich · city area ·
 * within 10 km · 2 min ago", "frozen · last shared 3 min ago · somewhere in Zürich", "hidden". Until the
 * names have loaded (or where there is none) the same line without the place.
 */
export function LocationLine({ view, now }: { view: PartnerView; now: number }) {
  const loc = view.location;
  const shown = useShownPlace(view);
  const place = shown ? placeWords(shown.name, shown.loc.level) : undefined;
  switch (view.locationState) {
    case 'hidden':
      return <>hidden</>;
    case 'unknown':
      return <>no position yet</>;
    case 'frozen':
      return (
        <>
          frozen · last shared {loc ? <Age ts={positionTime(loc)} now={now} /> : 'earlier'}
          {place && ` · ${place}`}
        </>
      );
    case 'live':
      if (!loc) return <>no position yet</>;
      return loc.level === 'exact' ? (
        <>
          {place && `${place} · `}
          <Age ts={positionTime(loc)} now={now} /> · {formatAccuracy(loc.acc)}
        </>
      ) : (
        <>
          {place && `${place} · `}
          {loc.level} area · within {formatDistance(loc.radius)} · <Age ts={positionTime(loc)} now={now} />
        </>
      );
  }
}

/** "±20 m" for a point, "City area · within 10 km" for an area. */
function levelDetail(loc: LocatedMessage): string {
  return loc.level === 'exact' ? formatAccuracy(loc.acc) : `${AREA_NAMES[loc.level]} area · within ${formatDistance(loc.radius)}`;
}

/** The place on the card, with its parts as data attributes for tests. */
function PlaceOnCard({ name, loc }: { name: PlaceName; loc: LocatedMessage }) {
  return (
    <span
      className="place-name"
      data-locality={name.locality}
      data-country={name.country}
      data-far={String(name.far)}
      {...(name.neighbourhood ? { 'data-neighbourhood': name.neighbourhood } : {})}
    >
      {placeWords(name, loc.level, { country: true })}
    </span>
  );
}

/** Presence in one line: "online · battery 50–75 % · charging · moving", "last seen 2 min ago · …", "frozen · …", "hidden". */
export function PresenceLine({ view, now, onlineMs = DEFAULT_ONLINE_MS }: { view: PartnerView; now: number; onlineMs?: number }) {
  const p = view.presence;
  const motion = p?.moving === undefined ? '' : p.moving ? ' · moving' : ' · still';
  const extras = p ? `${p.battery ? ` · battery ${BATTERY_WORDS[p.battery]}` : ''}${p.charging ? ' · charging' : ''}${motion}` : '';
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
    case 'live': {
      const at = view.presenceAt;
      if (at !== undefined && now - at <= onlineMs) {
        return (
          <>
            <span className="online-dot" aria-hidden="true" />
            online{extras}
          </>
        );
      }
      return (
        <>
          last seen {at !== undefined ? <Age ts={at} now={now} /> : 'now'}
          {extras}
        </>
      );
    }
  }
}

/** The partner's local time where the shown position is (live or frozen), if the lookup knows the place. */
export function localTimeOf(view: PartnerView, now: number): LocalTime | undefined {
  const loc = view.locationState === 'live' || view.locationState === 'frozen' ? view.location : undefined;
  return loc ? localTimeAt(loc.lat, loc.lon, now) : undefined;
}

/** "23:05 · UTC+9 · 🌙 night" (the zone's id names a city the person need not be in; the place says where). */
export function LocalTimeLine({ local, now }: { local: LocalTime; now: number }) {
  const d = DAYLIGHT_WORDS[local.daylight];
  return (
    <span className={`local-time daylight-${local.daylight}`}>
      <span className="local-clock">{formatTime(now, { timeZone: local.timeZone })}</span> ·{' '}
      <span className="utc-offset">{formatOffset(local.offsetMinutes)}</span> ·{' '}
      <span className="daylight" role="img" aria-label={d.word}>
        {d.emoji}
      </span>{' '}
      {d.word}
    </span>
  );
}

/** "😊 happy · ●●●●○ 4/5 · “sunny walk” · set 5 min ago". */
export function FeelingLine({ feeling, now, withAge = true }: { feeling: SharedFeeling; now: number; withAge?: boolean }) {
  const mood = MOOD_WORDS[feeling.mood];
  return (
    <span className={`feeling mood-${feeling.mood}`}>
      <span className="feeling-emoji" aria-hidden="true">
        {feelingEmoji(feeling)}
      </span>{' '}
      <span className="feeling-mood">{mood.word}</span> ·{' '}
      <span className="intensity" role="img" aria-label={`intensity ${feeling.intensity} of 5`}>
        <span aria-hidden="true">
          {'●'.repeat(feeling.intensity)}
          {'○'.repeat(5 - feeling.intensity)}
        </span>
      </span>{' '}
      {feeling.intensity}/5
      {feeling.note && (
        <>
          {' · “'}
          <bdi>{feeling.note}</bdi>”
        </>
      )}
      {withAge && (
        <>
          {' · set '}
          <Age ts={feeling.since} now={now} />
        </>
      )}
    </span>
  );
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
  if (view.presence?.moving !== undefined) out['data-moving'] = String(view.presence.moving);
  out['data-feeling-state'] = view.feelingState ?? 'unknown';
  const f = view.feeling;
  if (f) {
    out['data-mood'] = f.mood;
    out['data-intensity'] = String(f.intensity);
    out['data-feeling-since'] = String(f.since);
  }
  return out;
}

/** The full card: location (with every field the level carries), local time, presence and feeling. */
export function PartnerViewCard({
  view,
  now,
  testId = 'partner-view',
  onlineMs,
}: {
  view: PartnerView;
  now: number;
  testId?: string;
  onlineMs?: number;
}) {
  const shown = shownLocation(view);
  const place = useShownPlace(view);
  const local = localTimeOf(view, now);
  const feeling = view.feelingState === 'live' || view.feelingState === 'frozen' ? view.feeling : undefined;
  const localData = local ? { 'data-time-zone': local.timeZone, 'data-daylight': local.daylight } : {};
  return (
    <dl className={`partner-view location-${view.locationState}`} data-testid={testId} {...dataOf(view)} {...localData}>
      <dt>Location</dt>
      <dd className="view-location">
        {view.locationState === 'live' && shown ? (
          <>
            {place && (
              <>
                <PlaceOnCard name={place.name} loc={shown} />
                {' · '}
              </>
            )}
            {levelDetail(shown)} · <Age ts={positionTime(shown)} now={now} />
          </>
        ) : (
          <LocationLine view={view} now={now} />
        )}
      </dd>
      {view.locationState === 'live' && shown && (
        <>
          <dt>Coordinates</dt>
          <dd className="view-coordinates">{describePosition(shown)}</dd>
        </>
      )}
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
      {local && (
        <>
          <dt>Local time</dt>
          <dd className="view-local-time">
            <LocalTimeLine local={local} now={now} />
          </dd>
        </>
      )}
      <dt>Presence</dt>
      <dd className="view-presence">
        <PresenceLine view={view} now={now} {...(onlineMs !== undefined ? { onlineMs } : {})} />
      </dd>
      {feeling && (
        <>
          <dt>Feeling</dt>
          <dd className={`view-feeling feeling-${view.feelingState}`}>
            {view.feelingState === 'frozen' && 'frozen · '}
            <FeelingLine feeling={feeling} now={now} />
          </dd>
        </>
      )}
    </dl>
  );
}
