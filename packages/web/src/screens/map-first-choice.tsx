/**
 * The first time a person opens the map and their relay serves no street map, they choose: the outline map
 * built into the app (no one learns where they look), or OpenStreetMap's tiles (whose server sees which
 * areas they view). Until they choose, the outline map is drawn behind this card and nothing is fetched from
 * any third party. The card does not block the map or its controls; the choice is saved in this browser's
 * settings and can be changed under *Me*.
 */
import { updateSettings } from '../app/settings.ts';

export function MapFirstChoice() {
  return (
    <div className="map-first-choice" role="dialog" aria-modal="false" aria-labelledby="map-choice-title" data-testid="map-first-choice">
      <h2 id="map-choice-title">Which map?</h2>
      <p className="hint">Your relay serves no street map. Choose what this browser draws; you can change it under Me.</p>
      <div className="map-choice-buttons">
        <button type="button" className="primary" onClick={() => updateSettings({ mapStyle: 'offline' })}>
          Outlines only — fully offline
        </button>
        <button type="button" onClick={() => updateSettings({ mapStyle: 'osm' })}>
          OpenStreetMap tiles — the tile server sees which areas you view
        </button>
      </div>
    </div>
  );
}
