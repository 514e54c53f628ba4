/**
 * A day's timeline and its replay (issue 14), under the Trail screen's map: the stays (from–to, how long,
 * where) and trips (from–to, how long, mode, distance at exact) in time order — tapping one flies the map
 * there — and a scrubber with play/pause and 1× / 10× / 60× / 600× that moves a marker along the day (between
 * the fixes at exact; the cell shown then at an area level) while the row holding that moment is highlighted.
 *
 * The clock is `requestAnimationFrame`'s: each frame advances the replay by the frame's real time × the speed.
 * The marker is set on the map directly (`setTrailMarker`), so only this panel re-renders per frame. For tests
 * the replay's state is in the DOM: the scrubber's value and `data-t`; per person's day (`trail-track`, two
 * in "our day") the marker's `data-marker-lat/lon` (or `data-marker-row/col` at an area level), the
 * highlighted row's key (`data-current`) and that row's `aria-current`.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TrailDrawing } from '../map/trail-features.ts';
import type { TrailSet } from '../map/trail-layers.ts';
import { fitTrailBounds, setTrailMarker } from '../map/trail-layers.ts';
import { replayAt, rowAt, type TimelineRow, trackSpan } from '../map/trail-timeline.ts';
import { placeWords } from '../ui/place-words.ts';
import { distanceWords, durationWords, MODE_WORDS, REPLAY_SPEEDS, utcTime } from '../ui/trail-words.ts';
import { usePlaceName } from '../ui/use-place-name.ts';

/**
 * The person's own named places ("Home", "Work", Me → Your places): a stay inside one of them is called by its
 * name before any map name (the Trail panel reads them with each day shown).
 */
export type OwnPlaceName = (lat: number, lon: number) => string | undefined;

function Times({ from, to }: { from: number; to: number }) {
  return (
    <>
      <time dateTime={new Date(from).toISOString()}>{utcTime(from)}</time>–<time dateTime={new Date(to).toISOString()}>{utcTime(to)}</time>
    </>
  );
}

function StayLabel({ row, ownName }: { row: Extract<TimelineRow, { kind: 'stay' }>; ownName: OwnPlaceName }) {
  // Only an exact stay's centre can be inside one's own place: a cell's centre says nothing of where in it.
  const own = row.level === 'exact' ? ownName(row.centre.lat, row.centre.lon) : undefined;
  const name = usePlaceName(own ? undefined : row.centre.lat, own ? undefined : row.centre.lon, row.level);
  if (own) return <> · {own}</>;
  return name ? <> · {placeWords(name, row.level)}</> : null;
}

/** Memoised: a replay moves the time every frame, and a row changes only when it becomes or stops being current. */
const Row = memo(function Row({
  row,
  current,
  ownName,
  onPick,
}: {
  row: TimelineRow;
  current: boolean;
  ownName: OwnPlaceName;
  onPick: (row: TimelineRow) => void;
}) {
  const common = {
    'data-key': row.key,
    'data-kind': row.kind,
    'data-start': row.start,
    'data-end': row.end,
    ...(current ? { 'aria-current': 'true' as const } : {}),
    className: current ? `timeline-${row.kind} current` : `timeline-${row.kind}`,
  };
  const body =
    row.kind === 'stay' ? (
      <>
        <span className="timeline-icon" aria-hidden="true">
          ●
        </span>{' '}
        <Times from={row.start} to={row.end} /> · stay, {durationWords(row.end - row.start)}
        <StayLabel row={row} ownName={ownName} />
      </>
    ) : (
      <>
        <span className="timeline-icon" aria-hidden="true">
          {MODE_WORDS[row.mode].icon}
        </span>{' '}
        <Times from={row.start} to={row.end} /> · <span data-mode={row.mode}>{MODE_WORDS[row.mode].word}</span>,{' '}
        {durationWords(row.end - row.start)}
        {row.distanceM !== undefined && <>, {distanceWords(row.distanceM)}</>}
      </>
    );
  return (
    <li {...common}>
      <button type="button" className="timeline-pick" onClick={() => onPick(row)}>
        {body}
      </button>
    </li>
  );
});

/** One person's day in the replay: its marker on the map and its timeline, the row at the moment highlighted. */
function TrackBlock({
  drawing,
  set,
  who,
  partner,
  t,
  map,
  ownName,
  onPick,
}: {
  drawing: TrailDrawing;
  set: TrailSet;
  who: string;
  partner: string | undefined;
  t: number;
  map: MapLibreMap | undefined;
  ownName: OwnPlaceName;
  onPick: (row: TimelineRow) => void;
}) {
  const { timeline, track, staySource } = drawing;
  const at = useMemo(() => (track ? replayAt(track, t) : undefined), [track, t]);
  useEffect(() => {
    if (map) setTrailMarker(map, at, set);
  }, [map, at, set]);
  const current = rowAt(timeline, t);
  const markerData =
    at === undefined
      ? {}
      : at.level === 'exact'
        ? { 'data-marker-lat': at.lat.toFixed(7), 'data-marker-lon': at.lon.toFixed(7) }
        : { 'data-marker-row': at.cell.row, 'data-marker-col': at.cell.col };
  return (
    <div
      className={`trail-track trail-track-${set}`}
      data-testid="trail-track"
      data-who={who}
      data-current={current?.key ?? ''}
      {...markerData}
    >
      {set === 'ours' || partner ? <h3 className="trail-track-who">{who}</h3> : null}
      {timeline.length > 0 && (
        <ol className="trail-timeline" data-testid="trail-timeline" data-source={staySource} aria-label={`Stays and trips of ${who}, UTC`}>
          {timeline.map((row) => (
            <Row key={row.key} row={row} current={row.key === current?.key} ownName={ownName} onPick={onPick} />
          ))}
        </ol>
      )}
      {timeline.length === 0 && track && (
        <p className="hint" data-testid="trail-no-stays">
          {set === 'main' && partner ? `${partner}'s devices did not send stays for this day.` : 'No stays on this day.'}
        </p>
      )}
    </div>
  );
}

/** The union of the days' spans: one scrubber for both in "our day". */
function spanOf(drawings: TrailDrawing[]): { from: number; to: number } | undefined {
  let out: { from: number; to: number } | undefined;
  for (const d of drawings) {
    const s = d.track ? trackSpan(d.track) : undefined;
    if (s) out = out ? { from: Math.min(out.from, s.from), to: Math.max(out.to, s.to) } : s;
  }
  return out;
}

export function TrailReplay({
  drawing,
  map,
  partner,
  ownName,
}: {
  /** The day shown; with `ours`, "our day": one's own beside the partner's, on one scrubber. */
  drawing: TrailDrawing;
  map: MapLibreMap | undefined;
  /** The partner's name when the day is theirs (says why no stays are listed); undefined for one's own. */
  partner: string | undefined;
  ownName: OwnPlaceName;
}) {
  const span = useMemo(() => spanOf(drawing.ours ? [drawing, drawing.ours] : [drawing]), [drawing]);
  const [t, setT] = useState(span?.from ?? 0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<number>(60);
  const clock = useRef({ t, speed });
  clock.current.speed = speed;

  // A new day starts its replay at its beginning, stopped.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the drawing's key says when the day changed
  useEffect(() => {
    setPlaying(false);
    setT(span?.from ?? 0);
    clock.current.t = span?.from ?? 0;
  }, [drawing.key]);

  // The replay's clock: each animation frame adds the frame's real time × the speed, up to the day's end.
  useEffect(() => {
    if (!playing || !span) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number) => {
      const next = Math.min(span.to, clock.current.t + (now - last) * clock.current.speed);
      last = now;
      clock.current.t = next;
      setT(next);
      if (next >= span.to) setPlaying(false);
      else frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, span]);

  const seek = (to: number) => {
    clock.current.t = to;
    setT(to);
  };
  const pick = useCallback(
    (row: TimelineRow) => {
      if (map && row.bounds) fitTrailBounds(map, row.bounds, 600);
      const to = Math.max(span?.from ?? row.start, Math.min(span?.to ?? row.start, row.start));
      clock.current.t = to;
      setT(to);
    },
    [map, span],
  );

  return (
    <div className="trail-replay-block">
      {span && (
        <div className="trail-replay" data-testid="trail-replay" data-t={Math.round(t)} data-playing={playing} data-speed={speed}>
          <button
            type="button"
            aria-label={playing ? 'Pause replay' : 'Play replay'}
            onClick={() => {
              if (!playing && clock.current.t >= span.to) seek(span.from);
              setPlaying(!playing);
            }}
          >
            {playing ? '⏸' : '▶'}
          </button>
          <input
            type="range"
            aria-label="Replay time"
            min={span.from}
            max={span.to}
            step={1000}
            value={Math.round(t)}
            onChange={(e) => seek(Number(e.target.value))}
          />
          <output className="replay-clock">{utcTime(t)}</output>
          <fieldset className="replay-speeds">
            <legend className="visually-hidden">Replay speed</legend>
            {REPLAY_SPEEDS.map((s) => (
              <button key={s} type="button" aria-pressed={speed === s} onClick={() => setSpeed(s)}>
                {s}×
              </button>
            ))}
          </fieldset>
        </div>
      )}
      <TrackBlock drawing={drawing} set="main" who={partner ?? 'You'} partner={partner} t={t} map={map} ownName={ownName} onPick={pick} />
      {drawing.ours && (
        <TrackBlock drawing={drawing.ours} set="ours" who="You" partner={partner} t={t} map={map} ownName={ownName} onPick={pick} />
      )}
    </div>
  );
}
