/**
 * The live map and its controls: each partner's newest verified position with its age, accuracy, name and
 * initial; this person's own position once they allow it; follow one of them, or fit everyone in view.
 * Forged or damaged envelopes are listed over the map and mark the partner's dot — never placed as positions.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { navigate } from '../app/route.ts';
import { useSettings } from '../app/settings.ts';
import type { Theme } from '../app/theme.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import type { Follow } from '../map/live-map.tsx';
import { explainRejection } from '../ui/explain-failure.ts';
import { formatAccuracy, formatAge, formatTime, initialOf } from '../ui/format.ts';
import { LocationControl } from './location-control.tsx';

const LiveMap = lazy(() => import('../map/live-map.tsx'));

export function MapScreen({ theme, covered }: { theme: Theme; covered: boolean }) {
  const session = useSession();
  const snap = useSnapshot();
  const settings = useSettings();
  const [follow, setFollow] = useState<Follow>({ kind: 'none' });
  const [fitToken, setFitToken] = useState(0);
  const now = Date.now();
  const activeIds = new Set(snap.bonds.filter((b) => b.status === 'active').map((b) => b.bondId));
  const partners = Object.values(snap.positions).filter((p) => activeIds.has(p.bondId));
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
          <button type="button" onClick={() => setFitToken((n) => n + 1)} disabled={partners.length === 0 && !snap.me}>
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
            {partners.map((p) => (
              <option key={p.bondId} value={p.bondId}>
                {p.name}
              </option>
            ))}
          </select>
          <LocationControl compact />
        </div>
        {activeIds.size === 0 ? (
          <p className="empty">
            No partners yet.{' '}
            <button type="button" className="link" onClick={() => navigate({ name: 'invite' })}>
              Invite someone
            </button>
          </p>
        ) : (
          <ul className="partner-chips" aria-label="Partners">
            {snap.bonds
              .filter((b) => b.status === 'active')
              .map((b) => {
                const p = snap.positions[b.bondId];
                return (
                  <li key={b.bondId}>
                    <button type="button" className="chip" onClick={() => navigate({ name: 'bond', bondId: b.bondId })}>
                      <span className="avatar small" aria-hidden="true">
                        {initialOf(b.name)}
                      </span>
                      <span className="chip-name">{b.name}</span>
                      <span className="chip-age" data-testid={`age-${b.name}`}>
                        {p ? `${formatAge(p.ts, now)} · ${formatAccuracy(p.acc)}` : 'no position'}
                      </span>
                      {snap.forged[b.bondId] && <span className="chip-forged">⚠ forged</span>}
                    </button>
                  </li>
                );
              })}
          </ul>
        )}
      </div>
      {session.device.outboxSize > 0 && <p className="outbox hint">{session.device.outboxSize} waiting to be stored by the relay</p>}
    </div>
  );
}
