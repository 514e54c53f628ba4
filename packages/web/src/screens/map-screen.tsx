/**
 * The live map and its controls: what this person sees of each partner (a dot at exact, an area at an area
 * level, greyed when frozen, nothing when hidden) with name, age and presence; this person's own position
 * once they allow it; follow one of them, or fit everyone in view. Forged or damaged envelopes are listed
 * over the map and mark the partner's dot — never placed as positions.
 */

import { emptyView } from '@entwine/client';
import { lazy, Suspense, useMemo, useState } from 'react';
import { navigate } from '../app/route.ts';
import { useSettings } from '../app/settings.ts';
import type { Theme } from '../app/theme.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import type { Follow } from '../map/live-map.tsx';
import { drawnLocation, type PartnerOnMap } from '../map/partner-features.ts';
import { explainRejection } from '../ui/explain-failure.ts';
import { formatTime, initialOf } from '../ui/format.ts';
import { LocationLine, PresenceLine } from '../ui/partner-view.tsx';
import { LocationControl } from './location-control.tsx';

const LiveMap = lazy(() => import('../map/live-map.tsx'));

export function MapScreen({ theme, covered }: { theme: Theme; covered: boolean }) {
  const session = useSession();
  const snap = useSnapshot();
  const settings = useSettings();
  const [follow, setFollow] = useState<Follow>({ kind: 'none' });
  const [fitToken, setFitToken] = useState(0);
  const now = Date.now();
  const active = snap.bonds.filter((b) => b.status === 'active');
  const partners: PartnerOnMap[] = active.map((b) => ({ bondId: b.bondId, name: b.name, view: snap.views[b.bondId] ?? emptyView() }));
  const placed = partners.filter((p) => drawnLocation(p.view));
  const forgedIds = useMemo(() => new Set(Object.keys(snap.forged)), [snap.forged]);
  const forged = Object.entries(snap.forged);
  const followValue = follow.kind === 'partner' ? follow.bondId : follow.kind;

  return (
    <div className={covered ? 'map-screen covered' : 'map-screen'}>
      <Suspense fallback={<div className="map loading" aria-busy="true" />}>
        <LiveMap
          partners={partners}
          forged={forgedIds}
          me={snap.me}
          theme={theme}
          styleSetting={settings.mapStyle}
          follow={follow}
          fitToken={fitToken}
          onUserMove={() => setFollow({ kind: 'none' })}
          now={now}
        />
      </Suspense>
      {forged.length > 0 && (
        <ul className="map-alerts" aria-live="assertive">
          {forged.map(([bondId, t]) => (
            <li key={bondId} className="forged-alert" role="alert">
              ⚠ {explainRejection(t.reason).title} in your bond with {t.from} ({t.count}, last at {formatTime(t.lastAt)}) — not shown as a
              position.
            </li>
          ))}
        </ul>
      )}
      <div className="map-panel">
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
                {p.name}
              </option>
            ))}
          </select>
          <LocationControl compact />
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
            {partners.map((p) => (
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
                      <span className="chip-name">{p.name}</span>{' '}
                      <span className="chip-age" data-testid={`age-${p.name}`}>
                        <LocationLine view={p.view} now={now} />
                      </span>
                    </span>
                    {p.view.presenceState !== 'unknown' && p.view.presenceState !== 'hidden' && (
                      <span className="chip-presence" data-testid={`presence-${p.name}`}>
                        <PresenceLine view={p.view} now={now} />
                      </span>
                    )}
                  </span>
                  {snap.forged[p.bondId] && <span className="chip-forged">⚠ forged</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {session.device.outboxSize > 2 * active.length && (
        <p className="outbox hint">{session.device.outboxSize} waiting to be stored by the relay</p>
      )}
    </div>
  );
}
