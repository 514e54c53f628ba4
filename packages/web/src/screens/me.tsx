/**
 * This person: their name and identity, how they feel (sent to partners who get feelings), their own places
 * (who hears of arriving and leaving, `places-control.tsx`), the tracker apps that share for this device
 * (`apps-control.tsx`), and the
 * preferences of this browser (notifications while in the background, theme, map style).
 */
import { useState } from 'react';
import { relayOrigin } from '../app/relay-origin.ts';
import { type ThemeChoice, updateSettings, useSettings } from '../app/settings.ts';
import { askToNotify, type NotifyPermission, notifyPermission } from '../app/system-notify.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { chooseMap } from '../map/map-pick.ts';
import { useRelayBasemap } from '../map/relay-basemap.ts';
import { AppsControl } from './apps-control.tsx';
import { FeelingPicker } from './feeling-picker.tsx';
import { LocationControl } from './location-control.tsx';
import { PasskeyControl } from './passkey-control.tsx';
import { PlacesControl } from './places-control.tsx';

function NotifyControl() {
  const settings = useSettings();
  const [permission, setPermission] = useState<NotifyPermission>(notifyPermission);
  if (permission === 'unsupported') return <p className="hint">This browser cannot show notifications; Entwine tells you on the page.</p>;
  const on = settings.notify && permission === 'granted';
  return (
    <div className="notify-control" data-testid="notify-control" data-permission={permission} data-on={String(on)}>
      <p className="hint">
        While Entwine is open but not in view, it can tell you through the system’s notifications when a partner sends a glance, a thought,
        a new feeling or a photo, or arrives at or leaves one of their places. A notification shows their name and a thought’s words on this
        device’s screen.
      </p>
      {permission === 'denied' ? (
        <p className="hint">Notifications are blocked for this site; allow them in the browser’s site settings.</p>
      ) : on ? (
        <button type="button" onClick={() => updateSettings({ notify: false })}>
          Stop notifications
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void askToNotify().then(setPermission)}>
          {permission === 'granted' ? 'Turn notifications on' : 'Allow notifications'}
        </button>
      )}
    </div>
  );
}

/** The publish tick in words: "15 s", or "300 ms" in a test build. */
const tickWords = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`);

/** The identity id, grouped for reading aloud. */
const grouped = (id: string) => id.match(/.{1,4}/g)?.join(' ') ?? id;

export function MeScreen() {
  const snap = useSnapshot();
  const { tickMs } = useSession().device;
  const settings = useSettings();
  const basemap = useRelayBasemap();
  const pick = chooseMap(settings.mapStyle, basemap);
  const preset = pick.kind === 'wait' ? settings.mapStyle || 'relay' : pick.kind;
  const [url, setUrl] = useState(pick.kind === 'url' ? pick.url : '');

  return (
    <section aria-labelledby="me-title">
      <h1 id="me-title">{snap.name}</h1>
      <dl className="facts">
        <dt>Your identity</dt>
        <dd className="identity-id" data-testid="identity-id">
          {grouped(snap.userId)}
        </dd>
        <dt>Relay</dt>
        <dd data-testid="relay-origin">{relayOrigin()}</dd>
        <dt>Sends to partners</dt>
        <dd data-testid="publish-tick" data-ms={tickMs}>
          every {tickWords(tickMs)}, whether or not anything changed
        </dd>
      </dl>
      <p className="hint">
        Your identity comes from your recovery phrase: restoring the phrase on another device brings back this same identity.
      </p>
      <h2 id="feeling">Your feeling</h2>
      <FeelingPicker />
      <h2>Your location</h2>
      <LocationControl />
      <p className="hint">
        This page shares your position only while it is open. To share while your phone is locked, set up a tracker app under{' '}
        <button type="button" className="link" onClick={() => document.getElementById('devices-and-apps')?.scrollIntoView()}>
          Devices &amp; apps
        </button>
        .
      </p>
      <h2>Your places</h2>
      <PlacesControl />
      <h2 id="devices-and-apps">Devices &amp; apps</h2>
      <AppsControl />
      <h2>Unlock with a passkey</h2>
      <PasskeyControl name={snap.name} />
      <h2>Notifications</h2>
      <NotifyControl />
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
        {basemap.kind === 'available' && (
          <label className="check">
            <input type="radio" name="map" checked={preset === 'relay'} onChange={() => updateSettings({ mapStyle: 'relay' })} />
            Street map from your relay ({basemap.info.name || 'its own map'}; asks no one else)
          </label>
        )}
        <label className="check">
          <input type="radio" name="map" checked={preset === 'offline'} onChange={() => updateSettings({ mapStyle: 'offline' })} />
          Outlines only: the built-in world map with city names (works offline)
        </label>
        <label className="check">
          <input type="radio" name="map" checked={preset === 'osm'} onChange={() => updateSettings({ mapStyle: 'osm' })} />
          OpenStreetMap tiles (tile.openstreetmap.org sees which areas you view)
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
        <p className="hint">Tile servers see which areas you look at. Your relay's street map and the built-in map ask no one else.</p>
      </fieldset>
    </section>
  );
}
