/**
 * The live map and its controls: what this person sees of each partner (a dot at exact, an area at an area
 * level, greyed when frozen, nothing when hidden) with name, age, presence, local time, feeling and unread
 * thoughts; the photos partners pinned to places; this person's own position once they allow it and
 * their own feeling; follow one of them, or fit everyone in view. Forged or damaged envelopes are listed
 * over the map and mark the partner's dot — never placed as positions. On the Trail screen the same map
 * shows one day of a trail instead (`trail-panel.tsx`), with no live position on it.
 */

import { emptyView } from '@entwine/client';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { lazy, Suspense, useMemo, useState } from 'react';
import { navigate } from '../app/route.ts';
import { useSettings } from '../app/settings.ts';
import { unreadCount } from '../app/snapshot.ts';
import type { Theme } from '../app/theme.ts';
import { useSnapshot } from '../app/use-session.ts';
import type { Follow } from '../map/live-map.tsx';
import { chooseMap } from '../map/map-pick.ts';
import { placedMoments } from '../map/moment-features.ts';
import { drawnLocation, type PartnerOnMap } from '../map/partner-features.ts';
import { useRelayBasemap } from '../map/relay-basemap.ts';
import type { TrailDrawing } from '../map/trail-features.ts';
import { explainNewerVersion, explainRejection } from '../ui/explain-failure.ts';
import { DAYLIGHT_WORDS, feelingEmoji, formatOffset, MOOD_WORDS } from '../ui/facet-words.ts';
import { formatTime } from '../ui/format.ts';
import { LocationLine, localTimeOf, onlineWindow, PresenceLine } from '../ui/partner-view.tsx';
import { initialOf } from '../ui/user-text.ts';
import { LocationControl } from './location-control.tsx';
import { MapFirstChoice } from './map-first-choice.tsx';
import { TrailPanel } from './trail-panel.tsx';

const LiveMap = lazy(() => import('../map/live-map.tsx'));

export function MapScreen({ theme, covered, mode = 'live' }: { theme: Theme; covered: boolean; mode?: 'live' | 'trail' }) {
  const snap = useSnapshot();
  const settings = useSettings();
  const pick = chooseMap(settings.mapStyle, useRelayBasemap());
  const [follow, setFollow] = useState<Follow>({ kind: 'none' });
  const [fitToken, setFitToken] = useState(0);
  const [trail, setTrail] = useState<TrailDrawing | undefined>(undefined);
  const [map, setMap] = useState<MapLibreMap | undefined>(undefined);
  const onTrail = mode === 'trail';
  const now = Date.now();
  const active = snap.bonds.filter((b) => b.status === 'active');
  const partners: PartnerOnMap[] = active.map((b) => ({ bondId: b.bondId, name: b.name, view: snap.views[b.bondId] ?? emptyView() }));
  const placed = partners.filter((p) => drawnLocation(p.view));
  const forgedIds = useMemo(() => new Set(Object.keys(snap.forged)), [snap.forged]);
  const forged = Object.entries(snap.forged);
  const newer = Object.entries(snap.newer);
  const followValue = follow.kind === 'partner' ? follow.bondId : follow.kind;
  const moments = placedMoments(partners, snap.moments);
  const onlineMs = onlineWindow(snap.tickMs);
  const mine = snap.myFeeling;

  return (
    <div className={covered ? 'map-screen covered' : 'map-screen'}>
      <Suspense fallback={<div className="map loading" aria-busy="true" />}>
        <LiveMap
          partners={onTrail ? [] : partners}
          forged={forgedIds}
          me={onTrail ? undefined : snap.me}
          theme={theme}
          pick={pick}
          follow={follow}
          fitToken={fitToken}
          onUserMove={() => setFollow({ kind: 'none' })}
          now={now}
          moments={onTrail ? [] : moments}
          onOpenMoment={(bondId) => navigate({ name: 'moments', bondId })}
          trail={onTrail ? trail : undefined}
          onMap={setMap}
        />
      </Suspense>
      {pick.kind === 'offline' && pick.ask && <MapFirstChoice />}
      {(forged.length > 0 || newer.length > 0) && (
        <ul className="map-alerts" aria-live="assertive">
          {forged.map(([bondId, t]) => (
            <li key={bondId} className="forged-alert" role="alert">
              ⚠ {explainRejection(t.reason).title} in your bond with {t.from} ({t.count}, last at {formatTime(t.lastAt)}) — not shown as a
              position.
            </li>
          ))}
          {newer.map(([bondId, t]) => (
            <li key={`newer-${bondId}`} className="newer-alert" role="status" data-testid="newer-version">
              {explainNewerVersion(t.from).title}: {explainNewerVersion(t.from).detail}
            </li>
          ))}
        </ul>
      )}
      {onTrail && <TrailPanel onDraw={setTrail} map={map} />}
      <div className="map-panel" hidden={onTrail}>
        <div className="map-controls">
          <button type="button" onClick={() => setFitToken((n) => n + 1)} disabled={placed.length === 0 && !snap.me}>
            Fit all
          </button>
          <label htmlFor="follow">Follow</label>
          <select
            id="follow"
            value={followValue}
            onChange={(e) => {
              const v = e.target.value;
              setFollow(v === 'none' ? { kind: 'none' } : v === 'me' ? { kind: 'me' } : { kind: 'partner', bondId: v });
            }}
          >
            <option value="none">Nobody</option>
            <option value="me" disabled={!snap.me}>
              Me
            </option>
            {placed.map((p) => (
              <option key={p.bondId} value={p.bondId}>
                <bdi>{p.name}</bdi>
              </option>
            ))}
          </select>
          <LocationControl compact />
          <button type="button" className="my-feeling" onClick={() => navigate({ name: 'me' })} data-testid="my-feeling-chip">
            {mine ? (
              <>
                <span aria-hidden="true">{feelingEmoji(mine)}</span> You: {MOOD_WORDS[mine.mood].word} {mine.intensity}/5
              </>
            ) : (
              'How do you feel?'
            )}
          </button>
        </div>
        {active.length === 0 ? (
          <p className="empty">
            No partners yet.{' '}
            <button type="button" className="link" onClick={() => navigate({ name: 'invite' })}>
              Invite someone
            </button>
          </p>
        ) : (
          <ul className="partner-chips" aria-label="Partners">
            {partners.map((p) => {
              const unread = unreadCount(snap.thoughts[p.bondId]);
              const local = localTimeOf(p.view, now);
              const feeling = p.view.feelingState === 'live' || p.view.feelingState === 'frozen' ? p.view.feeling : undefined;
              return (
                <li key={p.bondId}>
                  <button
                    type="button"
                    className={`chip location-${p.view.locationState}`}
                    data-partner={p.name}
                    data-location-state={p.view.locationState}
                    onClick={() => navigate({ name: 'bond', bondId: p.bondId })}
                  >
                    <span className="avatar small" aria-hidden="true">
                      {initialOf(p.name)}
                    </span>
                    <span className="chip-text">
                      <span className="chip-line">
                        <bdi className="chip-name" title={p.name}>
                          {p.name}
                        </bdi>{' '}
                        <span className="chip-age" data-testid={`age-${p.name}`}>
                          <LocationLine view={p.view} now={now} />
                        </span>
                      </span>
                      {p.view.presenceState !== 'unknown' && p.view.presenceState !== 'hidden' && (
                        <span className="chip-presence" data-testid={`presence-${p.name}`}>
                          <PresenceLine view={p.view} now={now} onlineMs={onlineMs} />
                        </span>
                      )}
                      {(local || feeling) && (
                        <span className="chip-extra" data-testid={`extra-${p.name}`}>
                          {local && (
                            <span data-time-zone={local.timeZone}>
                              <span aria-hidden="true">{DAYLIGHT_WORDS[local.daylight].emoji}</span>{' '}
                              {formatTime(now, { timeZone: local.timeZone })} {formatOffset(local.offsetMinutes)}
                            </span>
                          )}
                          {local && feeling && ' · '}
                          {feeling && (
                            <span data-mood={feeling.mood}>
                              <span aria-hidden="true">{feelingEmoji(feeling)}</span> {MOOD_WORDS[feeling.mood].word} {feeling.intensity}/5
                            </span>
                          )}
                        </span>
                      )}
                    </span>
                    {unread > 0 && (
                      <span className="badge" data-testid={`unread-${p.name}`}>
                        {unread}
                        <span className="visually-hidden"> unread thought{unread === 1 ? '' : 's'}</span>
                      </span>
                    )}
                    {snap.forged[p.bondId] && <span className="chip-forged">⚠ forged</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {/* Each tick seals three envelopes per bond: more than two ticks' worth waiting means the relay is slow or away. */}
      {!onTrail && snap.outboxSize > 6 * active.length && (
        <p className="outbox hint">{snap.outboxSize} waiting to be stored by the relay</p>
      )}
    </div>
  );
}
