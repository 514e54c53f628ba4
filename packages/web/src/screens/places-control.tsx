/**
 * This person's own places (decision 0016), on the Me screen: add one where they stand (the browser's
 * current position, a name and a radius), remove one, and per partner whether they hear of it. A place's
 * centre and radius stay on this device; a partner it is shared with hears "arrived at Home" and "left Home"
 * while their places shield is Exact. Kept small: no map, no editing (remove and add again).
 */
import { PLACE_RADIUS_MAX_M, PLACE_RADIUS_MIN_M, type Place } from '@entwine/core';
import { useCallback, useEffect, useState } from 'react';
import { fixFrom, geolocationAvailable } from '../adapters/geolocation.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';

type Row = { place: Place; heardBy: string[] };

/** The browser's position once, for the centre of a new place. */
function currentPosition(): Promise<{ lat: number; lon: number }> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const fix = fixFrom(p);
        resolve({ lat: fix.lat, lon: fix.lon });
      },
      reject,
      { enableHighAccuracy: true, timeout: 30_000 },
    ),
  );
}

export function PlacesControl() {
  const session = useSession();
  const snap = useSnapshot();
  const partners = snap.bonds.filter((b) => b.status === 'active');
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [name, setName] = useState('');
  const [radius, setRadius] = useState('100');
  const reload = useCallback(() => session.places().then(setRows), [session]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const add = useAction(async () => {
    const at = await currentPosition();
    await session.addPlace({ name: name.trim(), radius: Number(radius), ...at });
    setName('');
    await reload();
  });
  const change = useAction(async (run: () => Promise<unknown>) => {
    await run();
    await reload();
  });
  const radiusOk = Number(radius) >= PLACE_RADIUS_MIN_M && Number(radius) <= PLACE_RADIUS_MAX_M;

  return (
    <div className="places-control" data-testid="places-control">
      <p className="hint">
        Name the places you go (home, work …). A partner you choose hears when you arrive or leave — the name and the time, never where it
        is — while your Places shield for them is Exact. No one hears of a place until you tick their name.
      </p>
      {rows && rows.length > 0 && (
        <ul className="places-list" aria-label="Your places">
          {rows.map(({ place, heardBy }) => (
            <li key={place.id} data-place={place.name}>
              <strong>
                <bdi>{place.name}</bdi>
              </strong>{' '}
              <span className="hint">{place.radius} m</span>
              {partners.map((b) => (
                <label key={b.bondId} className="check">
                  <input
                    type="checkbox"
                    checked={heardBy.includes(b.bondId)}
                    disabled={change.busy}
                    onChange={(e) => void change.act(() => session.sharePlace(b.bondId, place.id, e.target.checked))}
                  />
                  <bdi>{b.name}</bdi> hears of it
                </label>
              ))}
              <button type="button" disabled={change.busy} onClick={() => void change.act(() => session.removePlace(place.id))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <FailureMessage error={change.error} />
      {geolocationAvailable() ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void add.act();
          }}
        >
          <label>
            Name <input value={name} maxLength={64} onChange={(e) => setName(e.target.value)} placeholder="Home" />
          </label>
          <label>
            Radius (m){' '}
            <input
              type="number"
              min={PLACE_RADIUS_MIN_M}
              max={PLACE_RADIUS_MAX_M}
              value={radius}
              onChange={(e) => setRadius(e.target.value)}
            />
          </label>
          <button type="submit" disabled={add.busy || name.trim() === '' || !radiusOk}>
            Add where I am
          </button>
        </form>
      ) : (
        <p className="hint">This browser gives no position, so a place cannot be added here.</p>
      )}
      <FailureMessage error={add.error} />
    </div>
  );
}
