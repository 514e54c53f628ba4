/** A basemap file opened and checked at start-up: what the relay serves and what `entwine start` prints. */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { type BasemapInfo, basemapInfoSchema } from '@entwine/core';
import { BasemapFileError } from './basemap-file-error.ts';

interface BasemapCommon {
  /** Absolute path of the file. */
  path: string;
  /** The body of `GET /v1/basemap`. */
  info: BasemapInfo;
  /** One line for `entwine start`: format, tile type, zooms, size, bounds. */
  summary: string;
  /** Things the operator should know that do not stop the relay (e.g. a schema that cannot be told). */
  warnings: string[];
  /** Strong ETag, quotes included: the file's version. */
  etag: string;
  lastModified: Date;
  close(): Promise<void>;
}

export interface PmtilesBasemap extends BasemapCommon {
  format: 'pmtiles';
  /** Open for the relay's lifetime: every range is read from the file that was validated. */
  handle: FileHandle;
  size: number;
}

export interface MbtilesBasemap extends BasemapCommon {
  format: 'mbtiles';
  /** The stored bytes of tile z/x/y (XYZ numbering), or undefined when the file has none there. */
  tile(z: number, x: number, y: number): Buffer | undefined;
}

export type Basemap = PmtilesBasemap | MbtilesBasemap;

/** What `entwine start` prints about it. */
export interface BasemapSummary {
  path: string;
  format: Basemap['format'];
  summary: string;
  warnings: string[];
}

/**
 * The file's version: changes when the file is replaced or rewritten (size, modification time, inode), so
 * clients holding cached ranges or tiles see a new ETag and fetch again. Opaque; reveals nothing of the path.
 */
export function fileVersion(stat: Stats): string {
  return createHash('sha256').update(`${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 20);
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatBounds(b: readonly number[]): string {
  return b.map((v) => v.toFixed(4)).join(',');
}

/** When a file names no attribution: Protomaps basemaps are built from OpenStreetMap, whose licence asks for it. */
export const DEFAULT_ATTRIBUTION = '© OpenStreetMap contributors';
export const DEFAULT_NAME = 'Street map';

const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));

/**
 * The `/v1/basemap` body, held to the shared schema: over-long names are cut, coordinates clamped to the
 * globe (int32 degrees × 1e7 in a header can round a hair past ±180° or ±90°) and the centre's zoom to 0–30;
 * anything still out of shape (minzoom above maxzoom) is refused at start-up rather than served to clients.
 */
export function checkedInfo(path: string, info: BasemapInfo): BasemapInfo {
  const [w, s, e, n] = info.bounds;
  const tidy: BasemapInfo = {
    ...info,
    bounds: [clamp(w, 180), clamp(s, 90), clamp(e, 180), clamp(n, 90)],
    ...(info.center ? { center: [clamp(info.center[0], 180), clamp(info.center[1], 90), Math.min(Math.max(info.center[2], 0), 30)] } : {}),
    attribution: info.attribution.slice(0, 2000),
    name: info.name.slice(0, 200),
  };
  const parsed = basemapInfoSchema.safeParse(tidy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BasemapFileError(path, `has a header or metadata out of shape (${issue?.path.join('.')}: ${issue?.message})`);
  }
  return parsed.data;
}
