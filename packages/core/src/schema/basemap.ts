/**
 * `GET /v1/basemap`: what street map, if any, this relay serves, so a web app can draw it with no other host.
 * Paths are relative to the relay's origin. `version` changes whenever the operator replaces the file, so a
 * client that cached tiles knows to drop them. A relay without a basemap answers 404 `ENTWINE_ERR_BASEMAP_NONE`.
 *
 * - `pmtiles`: one archive at `url`, read with HTTP range requests (the `pmtiles` package's protocol);
 * - `mbtiles`: z/x/y vector tiles under the `tiles` template (`{z}/{x}/{y}`, XYZ numbering).
 * Either way the tiles are Mapbox Vector Tiles in the Protomaps basemap schema (docs/operations.md).
 */
import { z } from 'zod';

export const BASEMAP_FORMATS = ['pmtiles', 'mbtiles'] as const;
export type BasemapFormat = (typeof BASEMAP_FORMATS)[number];

/** A path on the relay, never another host: the map must not make the browser talk to anyone else. */
const relayPath = z
  .string()
  .max(200)
  .regex(/^\/[^/]/, 'a path on the relay, starting with one /');
const zoom = z.number().int().min(0).max(30);
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const basemapInfoSchema = z
  .object({
    format: z.enum(BASEMAP_FORMATS),
    /** pmtiles: the archive, e.g. `/basemap/archive.pmtiles`. */
    url: relayPath.optional(),
    /** mbtiles: tile URL templates, e.g. `['/basemap/tiles/{z}/{x}/{y}.mvt']`. */
    tiles: z.array(relayPath).min(1).max(4).optional(),
    minzoom: zoom,
    maxzoom: zoom,
    /** [west, south, east, north] in degrees. */
    bounds: z.tuple([lon, lat, lon, lat]),
    /** [lon, lat, zoom]: where the file's author suggests to start. */
    center: z.tuple([lon, lat, z.number().min(0).max(30)]).optional(),
    /** Credit the map's data needs (OpenStreetMap's licence asks for it); may hold HTML links. */
    attribution: z.string().max(2000),
    name: z.string().max(200),
    /** Opaque; changes when the file changes (size and modification time). */
    version: z.string().min(1).max(100),
  })
  .strict()
  .superRefine((info, ctx) => {
    if (info.format === 'pmtiles' && info.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'pmtiles needs url' });
    if (info.format === 'mbtiles' && info.tiles === undefined)
      ctx.addIssue({ code: 'custom', path: ['tiles'], message: 'mbtiles needs tiles' });
    if (info.minzoom > info.maxzoom) ctx.addIssue({ code: 'custom', path: ['minzoom'], message: 'minzoom above maxzoom' });
  });
export type BasemapInfo = z.infer<typeof basemapInfoSchema>;
