/** This person's own position: off until they ask, then `watchPosition` (the browser asks for permission). */
import { geolocationAvailable, watchPosition } from '../adapters/geolocation.ts';
import { updateSettings } from '../app/settings.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { explainGeolocation } from '../ui/explain-failure.ts';
import { formatAccuracy, formatAge } from '../ui/format.ts';

export function LocationControl({ compact = false }: { compact?: boolean }) {
  const session = useSession();
  const snap = useSnapshot();
  if (!geolocationAvailable()) return <p className="hint">This browser cannot tell Entwine where you are.</p>;
  const start = () => {
    updateSettings({ locationOn: true });
    session.startGeolocation(watchPosition);
  };
  const stop = () => {
    updateSettings({ locationOn: false });
    session.stopGeolocation();
  };
  const geo = snap.geo;
  return (
    <div className={compact ? 'location-control compact' : 'location-control'}>
      {geo.state === 'off' && (
        <button type="button" className="primary" onClick={start}>
          Use my location
        </button>
      )}
      {geo.state === 'asking' && <span role="status">Finding your position…</span>}
      {(geo.state === 'on' || geo.state === 'asking') && (
        <>
          {snap.me && !compact && (
            <span className="hint">
              Your position {formatAccuracy(snap.me.acc)}, {formatAge(snap.me.ts, Date.now())}.
            </span>
          )}
          <button type="button" onClick={stop}>
            Stop using my location
          </button>
        </>
      )}
      {geo.state === 'error' && (
        <div className="failure" role="alert">
          <strong>{explainGeolocation(geo.code).title}.</strong> {explainGeolocation(geo.code).detail}{' '}
          <button type="button" onClick={start}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
