/**
 * The Trail screen (issue 13, minimal): one UTC day of a trail — this person's own (their vault, exact) or
 * a partner's (at the level that partner shares it) — drawn on the map (`map/trail-layers.ts`) and listed
 * here: at exact the route's points and times; at an area level each cell visited with when it was entered
 * and left, and nothing finer. A chunk that did not verify is said to be damaged and is never drawn; an
 * empty day says so. Only the day asked for is read (`Session.trailDay`), again when the partner announces
 * a newer version of a day. The stays, trips and timeline come later.
 */
import { dayToIso, utcDayOf } from '@entwine/core';
import { useEffect, useState } from 'react';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { type TrailDrawing, type TrailVisit, trailDrawing } from '../map/trail-features.ts';
import { explainTrailDamage } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { placeWords } from '../ui/place-words.ts';
import { dayFromInput, utcDayWords, utcTime } from '../ui/trail-words.ts';
import { usePlaceName } from '../ui/use-place-name.ts';

/** What was read, and for which (who, day): a read for another choice is still on its way while they differ. */
type Read = { for: string; drawing: TrailDrawing } | { for: string; error: unknown };

function Span({ from, to }: { from: number; to: number }) {
  return (
    <>
      <time dateTime={new Date(from).toISOString()}>{utcTime(from)}</time>–<time dateTime={new Date(to).toISOString()}>{utcTime(to)}</time>{' '}
      UTC
    </>
  );
}

function VisitRow({ visit }: { visit: TrailVisit }) {
  const name = usePlaceName(visit.centre.lat, visit.centre.lon, visit.level);
  return (
    <li data-row={visit.row} data-col={visit.col} data-enter={visit.enter} data-leave={visit.leave}>
      <Span from={visit.enter} to={visit.leave} />
      {name && <> · {placeWords(name, visit.level)}</>}
    </li>
  );
}

function DayShown({ drawing, from, day }: { drawing: TrailDrawing; from: string | undefined; day: number }) {
  const { routes, visits, damaged } = drawing;
  const whose = from ? `from ${from}` : 'of yours';
  const level = visits[0]?.level;
  return (
    <>
      {damaged.length > 0 && (
        <ul className="trail-damaged">
          {damaged.map((d) => {
            const { title, detail } = explainTrailDamage(d.reason, from ?? 'your own devices');
            return (
              <li key={d.senderDevice} role="alert" data-reason={d.reason}>
                <strong>⚠ {title}.</strong> {detail}
              </li>
            );
          })}
        </ul>
      )}
      {routes.length === 0 && visits.length === 0 && damaged.length === 0 && (
        <p className="trail-empty" data-testid="trail-empty">
          No trail {whose} on {utcDayWords(day)}.
        </p>
      )}
      {routes.map((r) => (
        <p key={r.senderDevice} className="trail-route" data-testid="trail-route" data-points={r.points}>
          Route, exact: {r.points} point{r.points === 1 ? '' : 's'}, <Span from={r.first} to={r.last} />.
        </p>
      ))}
      {level && (
        <>
          <p className="trail-cells-note" data-testid="trail-cells-note" data-level={level}>
            {level.charAt(0).toUpperCase() + level.slice(1)} cells only, no route: {visits.length} visit{visits.length === 1 ? '' : 's'}.
          </p>
          <ol className="trail-visits" data-testid="trail-visits">
            {visits.map((v) => (
              <VisitRow key={v.key} visit={v} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

export function TrailPanel({ onDraw }: { onDraw: (drawing: TrailDrawing | undefined) => void }) {
  const session = useSession();
  const snap = useSnapshot();
  const today = utcDayOf(Date.now());
  const [chosen, setChosen] = useState(''); // '' is this person; else a partner's bond id
  const [day, setDay] = useState(today);
  const active = snap.bonds.filter((b) => b.status === 'active');
  // A partner whose bond ended is no longer offered: back to one's own trail.
  const partner = active.find((b) => b.bondId === chosen);
  const who = partner ? chosen : '';
  const news = who ? (snap.trailNews[who] ?? 0) : 0;
  const asked = `${who}/${day}`;
  const [read, setRead] = useState<Read | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `news` is the partner's notice of a newer version of a day: read it again
  useEffect(() => {
    let cancelled = false;
    session.trailDay(who || undefined, day).then(
      (entries) => !cancelled && setRead({ for: `${who}/${day}`, drawing: trailDrawing(entries) }),
      (error: unknown) => !cancelled && setRead({ for: `${who}/${day}`, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [session, who, day, news]);

  const shown = read?.for === asked ? read : undefined;
  const drawing = shown && 'drawing' in shown ? shown.drawing : undefined;
  useEffect(() => onDraw(drawing), [drawing, onDraw]);
  useEffect(() => () => onDraw(undefined), [onDraw]);

  return (
    <section
      className="map-panel trail-panel"
      aria-labelledby="trail-title"
      data-testid="trail-panel"
      data-state={shown ? 'shown' : 'reading'}
      data-day={dayToIso(day)}
    >
      <h2 id="trail-title" className="visually-hidden">
        Trail
      </h2>
      <div className="map-controls">
        <label htmlFor="trail-who">Trail of</label>
        <select id="trail-who" value={who} onChange={(e) => setChosen(e.target.value)}>
          <option value="">You</option>
          {active.map((b) => (
            <option key={b.bondId} value={b.bondId}>
              {b.name}
            </option>
          ))}
        </select>
        <button type="button" aria-label="Previous day" onClick={() => setDay((d) => Math.max(0, d - 1))} disabled={day <= 0}>
          ‹
        </button>
        <input
          type="date"
          aria-label="Day (UTC)"
          value={dayToIso(day)}
          min="1970-01-01"
          onChange={(e) => {
            const picked = dayFromInput(e.target.value);
            if (picked !== undefined) setDay(picked);
          }}
        />
        <button type="button" aria-label="Next day" onClick={() => setDay((d) => d + 1)} disabled={day >= today}>
          ›
        </button>
      </div>
      <div className="trail-day" aria-live="polite">
        {!shown && (
          <p className="hint" aria-busy="true">
            Reading the trail…
          </p>
        )}
        {shown && 'error' in shown && <FailureMessage error={shown.error} />}
        {drawing && <DayShown drawing={drawing} from={partner?.name} day={day} />}
      </div>
    </section>
  );
}
