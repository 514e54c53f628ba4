/** This person: their name and identity, and the preferences of this browser (theme, map style). */
import { useState } from 'react';
import { type ThemeChoice, updateSettings, useSettings } from '../app/settings.ts';
import { useSnapshot } from '../app/use-session.ts';
import { configuredStyle } from '../map/map-style.ts';
import { LocationControl } from './location-control.tsx';

/** The identity id, grouped for reading aloud. */
const grouped = (id: string) => id.match(/.{1,4}/g)?.join(' ') ?? id;

export function MeScreen() {
  const snap = useSnapshot();
  const settings = useSettings();
  const current = configuredStyle(settings.mapStyle);
  const preset = current === 'offline' || current === 'osm' ? current : 'url';
  const [url, setUrl] = useState(preset === 'url' ? current : '');

  return (
    <section aria-labelledby="me-title">
      <h1 id="me-title">{snap.name}</h1>
      <dl className="facts">
        <dt>Your identity</dt>
        <dd className="identity-id" data-testid="identity-id">
          {grouped(snap.userId)}
        </dd>
        <dt>Relay</dt>
        <dd>{location.origin}</dd>
      </dl>
      <p className="hint">
        Your identity comes from your recovery phrase: restoring the phrase on another device brings back this same identity.
      </p>
      <h2>Your location</h2>
      <LocationControl />
      <h2>Appearance</h2>
      <fieldset className="radios">
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as ThemeChoice[]).map((t) => (
          <label key={t} className="check">
            <input type="radio" name="theme" value={t} checked={settings.theme === t} onChange={() => updateSettings({ theme: t })} />
            {t === 'system' ? 'Same as the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <fieldset className="radios">
        <legend>Map</legend>
        <label className="check">
          <input type="radio" name="map" checked={preset === 'offline'} onChange={() => updateSettings({ mapStyle: 'offline' })} />
          Built-in world map (works offline)
        </label>
        <label className="check">
          <input type="radio" name="map" checked={preset === 'osm'} onChange={() => updateSettings({ mapStyle: 'osm' })} />
          OpenStreetMap (tiles from openstreetmap.org)
        </label>
        <label className="check">
          <input type="radio" name="map" checked={preset === 'url'} onChange={() => url && updateSettings({ mapStyle: url })} />A style URL
          (e.g. your own PMTiles basemap)
        </label>
        <div className="row">
          <label htmlFor="style-url" className="visually-hidden">
            Map style URL
          </label>
          <input
            id="style-url"
            type="url"
            placeholder="https://tiles.example.org/style.json"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
          <button type="button" disabled={!/^https:\/\//.test(url)} onClick={() => updateSettings({ mapStyle: url })}>
            Use
          </button>
        </div>
        <p className="hint">Tile servers see which areas you look at. The built-in map asks no one.</p>
      </fieldset>
    </section>
  );
}
