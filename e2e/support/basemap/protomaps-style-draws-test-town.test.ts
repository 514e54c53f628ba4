// The test town is drawn by the Protomaps style the web app uses: its tiles around the centre, decoded as a
// renderer would, match the road, park, water, earth and label layers of `@protomaps/basemaps` (light and
// dark) at street zooms, and the labels' text fields evaluate to the street and place names. The control:
// the same roads in the OpenMapTiles schema (layer `transportation`, property `class`) match no layer.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { expression, featureFilter, type LayerSpecification, latest } from '@maplibre/maplibre-gl-style-spec';
import { layers, namedFlavor } from '@protomaps/basemaps';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestBasemap, type TestBasemap } from './build-test-basemap.ts';

interface DecodedFeature {
  layer: string;
  type: 1 | 2 | 3;
  properties: Record<string, string | number | boolean>;
}

let dir = '';
let map: TestBasemap;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'entwine-basemap-style-'));
  map = buildTestBasemap(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tileOf(lat: number, lon: number, z: number): { x: number; y: number } {
  const r = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * 2 ** z),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z),
  };
}

/** Every feature of the 5×5 tiles around the centre at zoom `z`, decoded from the MVT bytes. */
function featuresAround(z: number): DecodedFeature[] {
  const { x, y } = tileOf(map.center.lat, map.center.lon, z);
  const out: DecodedFeature[] = [];
  for (const t of map.tiles.filter((t) => t.z === z && Math.abs(t.x - x) <= 2 && Math.abs(t.y - y) <= 2)) {
    const tile = new VectorTile(new PbfReader(t.mvt));
    for (const [name, layer] of Object.entries(tile.layers)) {
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        out.push({ layer: name, type: f.type as 1 | 2 | 3, properties: f.properties });
      }
    }
  }
  return out;
}

/** For each style layer visible at `zoom`: the text (or `true` for a non-symbol layer) of each feature it draws. */
function drawn(style: LayerSpecification[], features: DecodedFeature[], zoom: number): Map<string, (string | true)[]> {
  const out = new Map<string, (string | true)[]>();
  for (const layer of style) {
    if (!('source-layer' in layer) || layer['source-layer'] === undefined) continue;
    if ((layer.minzoom ?? 0) > zoom || (layer.maxzoom ?? 99) <= zoom) continue;
    const filter = featureFilter(layer.filter, `layers.${layer.id}.filter`);
    const textField = layer.type === 'symbol' ? layer.layout?.['text-field'] : undefined;
    const text =
      textField === undefined
        ? undefined
        : expression.createPropertyExpression(textField, `layers.${layer.id}`, latest.layout_symbol['text-field'] as never);
    if (text && text.result !== 'success') throw new Error(`${layer.id}: text-field does not parse`);
    for (const f of features) {
      if (f.layer !== layer['source-layer'] || !filter.filter({ zoom }, f)) continue;
      const label = text?.result === 'success' ? String(text.value.evaluate({ zoom }, f)) : true;
      out.set(layer.id, [...(out.get(layer.id) ?? []), label]);
    }
  }
  return out;
}

describe('the Protomaps style draws the test town', () => {
  for (const flavor of ['light', 'dark'] as const) {
    const style = () => layers('protomaps', namedFlavor(flavor), { lang: 'en' });

    it(`${flavor}: streets, park, water, earth and the street and place labels at zoom 15 and 16`, () => {
      for (const zoom of [15, 16]) {
        const d = drawn(style(), featuresAround(zoom), zoom);
        expect([...d.keys()], `zoom ${zoom}`).toEqual(
          expect.arrayContaining([
            'earth',
            'water',
            'landuse_park',
            'roads_minor',
            'roads_major',
            'roads_labels_minor',
            'roads_labels_major',
          ]),
        );
        expect(d.get('roads_labels_minor'), `zoom ${zoom}`).toContain(map.names.street);
        expect(d.get('roads_labels_major'), `zoom ${zoom}`).toContain(map.names.avenue);
        expect(d.get('places_locality')).toContain(map.names.place);
      }
    });

    it(`${flavor}: streets, the avenue's label and the place label at zoom 14`, () => {
      const d = drawn(style(), featuresAround(14), 14);
      expect(d.has('roads_minor')).toBe(true);
      expect(d.get('roads_labels_major')).toContain(map.names.avenue);
      expect(d.get('places_locality')).toContain(map.names.place);
    });
  }

  it('control: roads in the OpenMapTiles schema match no layer of the style', () => {
    const omt: DecodedFeature[] = [
      { layer: 'transportation', type: 2, properties: { class: 'minor' } },
      { layer: 'transportation_name', type: 2, properties: { class: 'minor', name: map.names.street } },
      { layer: 'place', type: 1, properties: { class: 'town', name: map.names.place } },
    ];
    expect([...drawn(layers('protomaps', namedFlavor('light'), { lang: 'en' }), omt, 15).keys()]).toEqual([]);
  });
});
