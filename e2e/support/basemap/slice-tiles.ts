/**
 * GeoJSON layers → Mapbox Vector Tiles, with maintained libraries: `@maplibre/geojson-vt` slices each layer
 * for every zoom, `@maplibre/vt-pbf` encodes the layers of one tile. Only tiles with at least one feature
 * are made, so a town of a few km gives a few dozen tiles up to zoom 16 rather than 4^16 empty ones.
 * Tiles are numbered XYZ (y grows southwards), as PMTiles and MapLibre count them.
 */
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection, Position } from 'geojson';

export interface SlicedTile {
  z: number;
  x: number;
  y: number;
  /** The uncompressed MVT bytes. */
  mvt: Uint8Array;
}

export interface VectorLayerInfo {
  id: string;
  fields: Record<string, 'String' | 'Number'>;
  minzoom: number;
  maxzoom: number;
}

const EXTENT = 4096;

function lonToX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}

function latToY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

function positions(collection: FeatureCollection): Position[] {
  const out: Position[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') out.push(c as Position);
    else if (Array.isArray(c)) for (const inner of c) walk(inner);
  };
  for (const f of collection.features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates);
  return out;
}

/** [west, south, east, north] of every coordinate in the layers. */
export function boundsOf(layers: Record<string, FeatureCollection>): [number, number, number, number] {
  const all = Object.values(layers).flatMap(positions);
  const lons = all.map((p) => p[0] as number);
  const lats = all.map((p) => p[1] as number);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/** Every non-empty tile from `minZoom` to `maxZoom`, in (z, x, y) order. */
export function sliceTiles(layers: Record<string, FeatureCollection>, minZoom: number, maxZoom: number): SlicedTile[] {
  const indexes = Object.entries(layers).map(
    ([name, collection]) =>
      [name, new GeoJSONVT(collection, { maxZoom, indexMaxZoom: maxZoom, extent: EXTENT, tolerance: 3, buffer: 64 })] as const,
  );
  const [west, south, east, north] = boundsOf(layers);
  const tiles: SlicedTile[] = [];
  for (let z = minZoom; z <= maxZoom; z++) {
    for (let x = lonToX(west, z); x <= lonToX(east, z); x++) {
      for (let y = latToY(north, z); y <= latToY(south, z); y++) {
        const parts: Record<string, NonNullable<ReturnType<GeoJSONVT['getTile']>>> = {};
        for (const [name, index] of indexes) {
          const tile = index.getTile(z, x, y);
          if (tile && tile.features.length > 0) parts[name] = tile;
        }
        if (Object.keys(parts).length === 0) continue;
        tiles.push({ z, x, y, mvt: fromGeojsonVt(parts, { version: 2, extent: EXTENT }) });
      }
    }
  }
  return tiles;
}

/** TileJSON `vector_layers`: each layer's property names and types, and the zooms it has tiles at. */
export function vectorLayers(layers: Record<string, FeatureCollection>, minZoom: number, maxZoom: number): VectorLayerInfo[] {
  return Object.entries(layers).map(([id, collection]) => {
    const fields: Record<string, 'String' | 'Number'> = {};
    for (const f of collection.features) {
      for (const [k, v] of Object.entries(f.properties ?? {})) fields[k] = typeof v === 'number' ? 'Number' : 'String';
    }
    return { id, fields, minzoom: minZoom, maxzoom: maxZoom };
  });
}
