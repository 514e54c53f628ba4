// The relay's street map as a style asks no other host: no `glyphs` and no `sprite` URL, every tile URL on
// the relay's origin, every label font a file of the app's own (`font-faces`), and OpenStreetMap credited.
import type { BasemapInfo } from '@entwine/core';
import type { StyleSpecification } from 'maplibre-gl';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { RelayBasemap } from './relay-basemap.ts';

const APP = 'https://app.test/map';
const RELAY = 'https://relay.test';

vi.mock('maplibre-gl', () => ({ addProtocol: vi.fn() }));

let basemapStyle: typeof import('./basemap-style.ts').basemapStyle;
let basemapAttribution: typeof import('./basemap-style.ts').basemapAttribution;
beforeAll(async () => {
  vi.stubGlobal('location', new URL(APP));
  ({ basemapStyle, basemapAttribution } = await import('./basemap-style.ts'));
});

const base: BasemapInfo = {
  format: 'pmtiles',
  url: '/basemap/archive.pmtiles',
  minzoom: 0,
  maxzoom: 15,
  bounds: [6.1, 46.1, 6.3, 46.3],
  attribution: 'Protomaps',
  name: 'Geneva',
  version: 'v1',
};
const on = (info: BasemapInfo) => ({ kind: 'available', info, origin: RELAY }) as Extract<RelayBasemap, { kind: 'available' }>;

/** Every string in the style that names a resource: URLs and the fonts of `text-font`. */
function urlsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) urlsIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) urlsIn(v, out);
  return out;
}

function fontNames(style: StyleSpecification): Set<string> {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && /^Noto Sans/.test(v)) names.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(style.layers);
  return names;
}

describe('basemapStyle', () => {
  for (const theme of ['light', 'dark'] as const) {
    for (const info of [base, { ...base, format: 'mbtiles', url: undefined, tiles: ['/basemap/tiles/{z}/{x}/{y}.mvt'] } as BasemapInfo]) {
      it(`${info.format}, ${theme}: names no host but the relay and the app`, () => {
        const style = basemapStyle(on(info), theme);
        expect(style.glyphs).toBeUndefined();
        expect(style.sprite).toBeUndefined();
        const urls = urlsIn(style);
        expect(urls.length).toBeGreaterThan(0);
        for (const url of urls) {
          const host = new URL(url.replace(/^pmtiles:\/\//, '')).origin;
          // The attribution's link is text on screen, not a resource; it is the only other host.
          if (url === 'https://www.openstreetmap.org/copyright') continue;
          expect([RELAY, new URL(APP).origin]).toContain(host);
        }
        const source = style.sources.protomaps as { tiles: string[]; attribution: string };
        expect(source.tiles).toEqual(
          info.format === 'pmtiles'
            ? [`pmtiles://${RELAY}/basemap/archive.pmtiles/{z}/{x}/{y}`]
            : [`${RELAY}/basemap/tiles/{z}/{x}/{y}.mvt`],
        );
        expect(source.attribution).toMatch(/OpenStreetMap/);
      });
    }
  }

  it('has a font file for every Latin label font the layers use', () => {
    const style = basemapStyle(on(base), 'light');
    const faces = style['font-faces'] ?? {};
    const used = [...fontNames(style)].filter((n) => !/Devanagari/.test(n));
    expect(used.sort()).toEqual(['Noto Sans Italic', 'Noto Sans Medium', 'Noto Sans Regular']);
    for (const name of used) {
      const files = faces[name];
      expect(Array.isArray(files) && files.length).toBeTruthy();
      for (const f of files as { url: string; 'unicode-range'?: string[] }[]) {
        expect(new URL(f.url).origin).toBe(new URL(APP).origin);
        expect(f.url).toMatch(/\.woff2(\?no-inline)?$/);
      }
    }
  });

  it('draws streets and their names from the relay source', () => {
    const style = basemapStyle(on(base), 'dark');
    const ids = style.layers.map((l) => l.id);
    expect(ids).toContain('roads_minor');
    expect(ids).toContain('roads_labels_minor');
    expect(style.layers.every((l) => l.type === 'background' || ('source' in l && l.source === 'protomaps'))).toBe(true);
  });
});

describe('basemapAttribution', () => {
  it('keeps the relay’s credit and adds OpenStreetMap’s when missing', () => {
    expect(basemapAttribution('© OpenStreetMap contributors')).toBe('© OpenStreetMap contributors');
    expect(basemapAttribution('Protomaps')).toMatch(
      /^Protomaps · © <a href="https:\/\/www\.openstreetmap\.org\/copyright">OpenStreetMap<\/a>$/,
    );
    expect(basemapAttribution('')).toMatch(/^© <a/);
  });
});
