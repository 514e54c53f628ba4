/**
 * The Trail screen (issue 13, minimal): one UTC day of a trail — this person's own (their vault, exact) or
 * a partner's (at the level that partner shares it) — drawn on the map (`map/trail-layers.ts`) and listed
 * here: at exact the route's points and times; at an area level each cell visited with when it was entered
 * and left, and nothing finer. A chunk that did not verify is said to be damaged and is never drawn; an
 * empty day says so. Only the day asked for is read (`Session.trailDay`), again when the partner announces
 * a newer version of a day. Under it, the day's stays and trips and their replay (`trail-replay.tsx`); on
 * one's own trail, a track file (GPX) can be imported with its times. "Our day" draws one's own day beside a
 * partner's (only what the partner's chunk holds of them), in two colours on one scrubber. A week or 30 days
 * are shown as heat: the days read one at a time and summed in a worker (`map/trail-work.ts`).
 */
import { placeNameAt } from '@entwine/client';
import { dayToIso, type Place, utcDayOf } from '@entwine/core';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { densityDrawing, ourDay, type TrailDrawing, type TrailVisit } from '../map/trail-features.ts';
import { DensityJob, drawTrail } from '../map/trail-work.ts';
import { explainTrailDamage } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { placeWords } from '../ui/place-words.ts';
import { dayFromInput, utcDayWords, utcTime } from '../ui/trail-words.ts';
import { usePlaceName } from '../ui/use-place-name.ts';
import { TrailReplay } from './trail-replay.tsx';

/** What was read, and for which (who, day): a read for another choice is still on its way while they differ. */
/** A day's route and timeline, or the days up to it as heat. */
type Span = 'day' | 'week' | 'month' | 'year';
const SPAN_DAYS: Record<Span, number> = { day: 1, week: 7, month: 30, year: 365 };

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

function ImportTrack({ onImported }: { onImported: (days: number[]) => void }) {
  const session = useSession();
  const [state, setState] = useState<{ busy: boolean; said?: string; error?: unknown }>({ busy: false });
  return (
    <div className="trail-import" data-testid="trail-import" data-state={state.busy ? 'busy' : state.error ? 'failed' : 'idle'}>
      <label>
        Import a track (GPX)
        <input
          type="file"
          accept=".gpx,.rec"
          disabled={state.busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setState({ busy: true });
            session.importTrail(file).then(
              (r) => {
                setState({ busy: false, said: `${r.added} point${r.added === 1 ? '' : 's'} added to your trail.` });
                onImported(r.days);
              },
              (error: unknown) => setState({ busy: false, error }),
            );
          }}
        />
      </label>
      {state.said && <span role="status"> {state.said}</span>}
      {state.error !== undefined && <FailureMessage error={state.error} />}
    </div>
  );
}

export function TrailPanel({ onDraw, map }: { onDraw: (drawing: TrailDrawing | undefined) => void; map?: MapLibreMap | undefined }) {
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
  const [together, setTogether] = useState(false);
  // "Our day": a partner's day with one's own beside it, on one map and one scrubber.
  const [span, setSpan] = useState<Span>('day');
  const our = together && who !== '' && span === 'day';
  const asked = `${who}/${day}/${our}/${span}`;
  const [progress, setProgress] = useState<{ for: string; read: number; of: number } | undefined>(undefined);
  const [read, setRead] = useState<Read | undefined>(undefined);
  const [imported, setImported] = useState(0);
  // This person's own places (Me → Your places) name a stay first: "Home" rather than the nearest town. Read
  // again with each day shown, so a place named since the screen opened names that day's stays.
  const [ownPlaces, setOwnPlaces] = useState<Place[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `asked` (who, day, span) is when to read them again
  useEffect(() => {
    let cancelled = false;
    session.ownPlaces().then(
      (list) => !cancelled && setOwnPlaces(list),
      () => undefined, // no names of one's own: the nearest town still names the stay
    );
    return () => {
      cancelled = true;
    };
  }, [session, asked]);
  const ownName = useCallback((lat: number, lon: number) => placeNameAt(ownPlaces, lat, lon), [ownPlaces]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `news` is the partner's notice of a newer version of a day, `imported` a file just imported: read it again
  useEffect(() => {
    let cancelled = false;
    const key = `${who}/${day}/${our}/${span}`;
    const job = span === 'day' ? undefined : new DensityJob();
    const reading = job
      ? readDensity(key, job)
      : our
        ? Promise.all([session.trailDay(who, day), session.trailDay(undefined, day)]).then(([theirs, mine]) =>
            Promise.all([drawTrail(theirs, false), drawTrail(mine, true)]).then(([t, m]) => ourDay(t, m)),
          )
        : session.trailDay(who || undefined, day).then((entries) => drawTrail(entries, who === ''));
    reading.then(
      (drawing) => !cancelled && setRead({ for: key, drawing }),
      (error: unknown) => !cancelled && setRead({ for: key, error }),
    );
    // A week, a month or a year: one read of the range, each day handed to the worker as it is opened and let
    // go; never all at once.
    async function readDensity(key: string, job: DensityJob): Promise<TrailDrawing> {
      const days = SPAN_DAYS[span];
      const from = Math.max(0, day - days + 1);
      let lastShown = 0;
      for await (const entry of session.trailDays(who || undefined, from, day)) {
        if (cancelled) break;
        if ('trail' in entry) job.add([entry.trail]);
        // Progress at most every tenth of the range: a re-render per day of a year would cost more than the reading.
        const read = entry.day - from + 1;
        if (read - lastShown >= days / 10) {
          lastShown = read;
          setProgress({ for: key, read, of: days });
        }
      }
      const { points, bounds } = await job.finish();
      return densityDrawing(`density:${key}`, points, bounds);
    }
    return () => {
      cancelled = true;
      job?.cancel();
    };
  }, [session, who, day, our, span, news, imported]);

  const shown = read?.for === asked ? read : undefined;
  const drawing = shown && 'drawing' in shown ? shown.drawing : undefined;
  // While another day or span of the same person is read, the map keeps what it drew: clearing it first cost a
  // frame (a tenth of a second or more when the map renders in software, `npm run bench:trail`) that the read
  // then waited behind. Another person, or a read that failed, clears it at once.
  const kept = useRef<{ who: string; drawing: TrailDrawing } | undefined>(undefined);
  if (drawing) kept.current = { who, drawing };
  else if (kept.current?.who !== who || (shown && 'error' in shown)) kept.current = undefined;
  const onMap = drawing ?? kept.current?.drawing;
  useEffect(() => onDraw(onMap), [onMap, onDraw]);
  useEffect(() => () => onDraw(undefined), [onDraw]);

  return (
    <section
      className="map-panel trail-panel"
      aria-labelledby="trail-title"
      data-testid="trail-panel"
      data-state={shown ? 'shown' : 'reading'}
      data-day={dayToIso(day)}
      data-span={span}
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
        <select aria-label="Span" value={span} onChange={(e) => setSpan(e.target.value as Span)}>
          <option value="day">Day</option>
          <option value="week">Week to this day</option>
          <option value="month">30 days to this day</option>
          <option value="year">Year to this day</option>
        </select>
        {who !== '' && span === 'day' && (
          <label className="check our-day">
            <input type="checkbox" checked={together} onChange={(e) => setTogether(e.target.checked)} /> Our day
          </label>
        )}
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
      <div className="trail-scroll">
        <div className="trail-day" aria-live="polite">
          {!shown && (
            <p className="hint" aria-busy="true">
              Reading the trail…{progress?.for === asked && ` ${progress.read} of ${progress.of} days.`}
            </p>
          )}
          {shown && 'error' in shown && <FailureMessage error={shown.error} />}
          {drawing?.density && (
            <p className="trail-density-note" data-testid="trail-density" data-squares={drawing.density.features.length}>
              The {SPAN_DAYS[span]} days to {utcDayWords(day)} as heat: where {partner ? partner.name : 'you'} spent time
              {drawing.density.features.length === 0 ? ' — nothing recorded.' : '.'}
            </p>
          )}
          {drawing && !drawing.density && <DayShown drawing={drawing} from={partner?.name} day={day} />}
          {drawing && !drawing.density && <TrailReplay drawing={drawing} map={map} partner={partner?.name} ownName={ownName} />}
        </div>
        {who === '' && span === 'day' && (
          <ImportTrack
            onImported={(days) => {
              // The newest day the file touched: usually the one just walked.
              const last = days.at(-1);
              if (last !== undefined) setDay(last);
              setImported((n) => n + 1);
            }}
          />
        )}
      </div>
    </section>
  );
}
