// Which map the app draws: the person's saved choice first, then the relay's street map without asking, then
// the build's default, then the outline map — and only when the relay said it has no map is the person
// asked, so a relay that could not be reached never leads anyone to a third-party tile server.
import type { BasemapInfo } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { chooseMap, maxFitZoom, pickKey } from './map-pick.ts';
import type { RelayBasemap } from './relay-basemap.ts';

const info: BasemapInfo = {
  format: 'pmtiles',
  url: '/basemap/archive.pmtiles',
  minzoom: 0,
  maxzoom: 15,
  bounds: [6.1, 46.1, 6.3, 46.3],
  attribution: 'Test map',
  name: 'Geneva',
  version: 'v1',
};
const available: RelayBasemap = { kind: 'available', info, origin: 'https://relay.test' };
const none: RelayBasemap = { kind: 'none' };
const unknown: RelayBasemap = { kind: 'unknown' };
const loading: RelayBasemap = { kind: 'loading' };

describe('chooseMap', () => {
  it('uses the relay’s street map without asking when nothing is chosen', () => {
    expect(chooseMap('', available, '')).toEqual({ kind: 'relay', basemap: available });
    // …even over a build default: the relay is the person's own.
    expect(chooseMap('', available, 'osm').kind).toBe('relay');
  });

  it('asks only once the relay said it has no map, and draws the outline map meanwhile', () => {
    expect(chooseMap('', none, '')).toEqual({ kind: 'offline', ask: true });
    expect(chooseMap('', unknown, '')).toEqual({ kind: 'offline', ask: false });
    expect(chooseMap('', loading, '')).toEqual({ kind: 'wait' });
  });

  it('keeps a saved choice whatever the relay serves', () => {
    for (const basemap of [available, none, unknown, loading]) {
      expect(chooseMap('offline', basemap, '')).toEqual({ kind: 'offline', ask: false });
      expect(chooseMap('osm', basemap, '')).toEqual({ kind: 'osm' });
      expect(chooseMap('https://tiles.example/style.json', basemap, '')).toEqual({ kind: 'url', url: 'https://tiles.example/style.json' });
    }
  });

  it('falls back to the outline map when the chosen relay map is gone, without asking', () => {
    expect(chooseMap('relay', available, '')).toEqual({ kind: 'relay', basemap: available });
    expect(chooseMap('relay', none, '')).toEqual({ kind: 'offline', ask: false });
    expect(chooseMap('relay', unknown, '')).toEqual({ kind: 'offline', ask: false });
  });

  it('takes the build’s default as the operator’s choice when the relay has no map', () => {
    expect(chooseMap('', none, 'osm')).toEqual({ kind: 'osm' });
    expect(chooseMap('', none, 'offline')).toEqual({ kind: 'offline', ask: false });
  });
});

describe('maxFitZoom and pickKey', () => {
  it('zooms to street level only on maps that have streets', () => {
    expect(maxFitZoom({ kind: 'offline', ask: false })).toBe(8);
    expect(maxFitZoom({ kind: 'relay', basemap: available as Extract<RelayBasemap, { kind: 'available' }> })).toBe(15);
    expect(maxFitZoom({ kind: 'osm' })).toBe(15);
  });

  it('changes the key when the relay replaces its file', () => {
    const next = { ...available, info: { ...info, version: 'v2' } } as Extract<RelayBasemap, { kind: 'available' }>;
    expect(pickKey({ kind: 'relay', basemap: next })).not.toBe(pickKey({ kind: 'relay', basemap: available as typeof next }));
    expect(pickKey({ kind: 'offline', ask: true })).toBe(pickKey({ kind: 'offline', ask: false }));
  });
});
