/**
 * The keyed-offset grid (research §3.4, T9 regressions): the offset is a fixed function of key and level,
 * strictly inside ±G/4 and independent across levels; a row's columns depend on the row centre only (the
 * LocationFudger latitude leak, §3.3); the antimeridian is a column edge that cells wrap across; the poles
 * give valid cells and centres, never NaN; metresOutside is 0 inside and the short-way distance outside.
 */
import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { METRES_PER_DEGREE as M } from '../geo.ts';
import {
  type Cell,
  COARSE_LEVELS,
  type CoarseLevel,
  cellBounds,
  cellCentre,
  cellOf,
  GRID,
  type GridOffset,
  gridOffset,
  metresOutside,
  sameCell,
} from './grid.ts';
import { seeded } from './test-support/seeded.ts';
import { columnCount, eastEdgeLon, moveMetres, northEdgeLat, sphereMetres, trueCentre } from './test-support/sim-geometry.ts';

const SEED = 0x5eed_0001;
const RAD = Math.PI / 180;
const KEY = Uint8Array.from({ length: 32 }, (_, i) => i);

function expectValidCentre(cell: Cell, level: CoarseLevel, why: string) {
  const c = cellCentre(cell, level);
  expect(Number.isFinite(c.lat) && Number.isFinite(c.lon), why).toBe(true);
  expect(c.lat, why).toBeGreaterThanOrEqual(-90);
  expect(c.lat, why).toBeLessThanOrEqual(90);
  expect(c.lon, why).toBeGreaterThanOrEqual(-180);
  expect(c.lon, why).toBeLessThan(180);
  expect(Math.round(c.lat * 1e5) / 1e5, why).toBe(c.lat);
  expect(Math.round(c.lon * 1e5) / 1e5, why).toBe(c.lon);
}

describe('gridOffset', () => {
  it('is HKDF-SHA256(key, no salt, "entwine/v1/coarsen-offset/" ‖ level, 16) mapped into ±G/4 (checked against node:crypto)', () => {
    // Known answers computed with node:crypto's HKDF and the documented mapping, so a change to the
    // derivation — which would move every user's grid — fails here.
    const known: Record<CoarseLevel, GridOffset> = {
      street: { x: -2.555765990737352, y: -13.632630139942764 },
      neighbourhood: { x: -118.628575695304, y: 72.17912407295208 },
      city: { x: -768.0918353255212, y: 28.541247492687717 },
    };
    for (const level of COARSE_LEVELS) {
      expect(gridOffset(KEY, level)).toEqual(known[level]);
      const okm = new DataView(hkdfSync('sha256', KEY, new Uint8Array(0), `entwine/v1/coarsen-offset/${level}`, 16));
      const unit = (at: number) => Number(2n * (okm.getBigUint64(at) >> 12n) + 1n - 2n ** 52n) / 2 ** 52;
      const q = GRID[level].pitchM / 4;
      expect(gridOffset(KEY, level)).toEqual({ x: unit(0) * q, y: unit(8) * q });
    }
  });

  it('is the same for the same key and level, and differs across keys and levels', () => {
    const rng = seeded(SEED);
    for (let i = 0; i < 50; i++) {
      const key = rng.bytes(32);
      const other = Uint8Array.from(key);
      other[i % 32] = (other[i % 32] as number) ^ 1;
      for (const level of COARSE_LEVELS) {
        expect(gridOffset(key, level)).toEqual(gridOffset(Uint8Array.from(key), level));
        expect(gridOffset(other, level), `seed ${SEED} key ${i}`).not.toEqual(gridOffset(key, level));
      }
      // Independent levels: the offsets are not one offset scaled by G.
      const [a, b, c] = COARSE_LEVELS.map((level) => gridOffset(key, level).x / GRID[level].pitchM);
      expect(a === b || b === c || a === c, `seed ${SEED} key ${i}`).toBe(false);
    }
  });

  it('is strictly inside (−G/4, G/4) per axis, spread evenly, and uncorrelated across levels', () => {
    const rng = seeded(SEED + 1);
    const n = 3000;
    const units: Record<CoarseLevel, number[]> = { street: [], neighbourhood: [], city: [] };
    for (let i = 0; i < n; i++) {
      const key = rng.bytes(32);
      for (const level of COARSE_LEVELS) {
        const q = GRID[level].pitchM / 4;
        const { x, y } = gridOffset(key, level);
        expect(Math.abs(x) < q && Math.abs(y) < q, `seed ${SEED + 1} key ${i} ${level}: (${x}, ${y})`).toBe(true);
        units[level].push(x / q, y / q);
      }
    }
    for (const level of COARSE_LEVELS) {
      const bins = [0, 0, 0, 0];
      for (const u of units[level]) bins[Math.min(3, Math.floor((u + 1) * 2))]! += 1;
      for (const count of bins) expect(count / (2 * n), `seed ${SEED + 1} ${level} bins ${bins}`).toBeGreaterThan(0.22);
    }
    const corr = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] as number), 0) / (a.length / 3); // E[u²] = 1/3
    expect(Math.abs(corr(units.street, units.neighbourhood)), `seed ${SEED + 1}`).toBeLessThan(0.1);
    expect(Math.abs(corr(units.neighbourhood, units.city)), `seed ${SEED + 1}`).toBeLessThan(0.1);
  });

  it('rejects a key that is not 32 bytes, in the one message shape', () => {
    expect(() => gridOffset(new Uint8Array(31), 'city')).toThrow(new RangeError('coarseningKey: expected 32 bytes, got 31'));
    expect(() => gridOffset('key' as unknown as Uint8Array, 'city')).toThrow(TypeError);
  });
});

describe('cellOf and cellCentre', () => {
  it('put the true position of a cell centre back in that cell, and every centre in range and to 1e-5°', () => {
    const rng = seeded(SEED + 2);
    for (let i = 0; i < 1500; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const offset = gridOffset(rng.bytes(32), level);
      const lat = rng.between(-85, 85);
      const lon = i % 7 === 0 ? rng.between(-540, 540) : rng.between(-180, 180);
      const why = `seed ${SEED + 2} #${i} ${level} (${lat}, ${lon})`;
      const cell = cellOf(lat, lon, level, offset);
      expect(Number.isInteger(cell.row) && Number.isInteger(cell.col), why).toBe(true);
      expect(JSON.parse(JSON.stringify(cell)), why).toEqual(cell);
      expectValidCentre(cell, level, why);
      const back = trueCentre(cell, level, offset);
      expect(cellOf(back.lat, back.lon, level, offset), why).toEqual(cell);
      // The whole cell moves with the offset: 0.45 of a row or column either way from its true centre stays
      // inside, 0.55 leaves (a grid that dropped either axis of the offset would fail this for most keys).
      const dLat = GRID[level].pitchM / M;
      const dLon = 360 / columnCount(cell.row, level);
      for (const f of [-0.45, 0.45]) {
        expect(cellOf(back.lat + f * dLat, back.lon, level, offset), `${why} north ${f}`).toEqual(cell);
        expect(cellOf(back.lat, back.lon + f * dLon, level, offset), `${why} east ${f}`).toEqual(cell);
      }
      for (const f of [-0.55, 0.55]) {
        expect(cellOf(back.lat + f * dLat, back.lon, level, offset).row, `${why} north ${f}`).toBe(cell.row + Math.sign(f));
        expect(cellOf(back.lat, back.lon + f * dLon, level, offset).col, `${why} east ${f}`).not.toBe(cell.col);
      }
    }
  });

  it('reports the centre in the shifted frame: on the grid lattice, never moved back by the offset', () => {
    const rng = seeded(SEED + 8);
    let unshiftedOnLattice = 0;
    for (let i = 0; i < 300; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const dLat = GRID[level].pitchM / M;
      const offset = gridOffset(rng.bytes(32), level);
      const lat = rng.between(-80, 80);
      const c = cellCentre(cellOf(lat, rng.between(-180, 180), level, offset), level);
      const latticeMiss = (v: number) => Math.abs(v / dLat - 0.5 - Math.round(v / dLat - 0.5));
      const why = `seed ${SEED + 8} #${i} ${level}`;
      // 1e-5° of rounding is at most 0.006 of a street row.
      expect(latticeMiss(c.lat), why).toBeLessThan(0.01);
      expect(Math.abs(c.lat - (lat + offset.y / M)), why).toBeLessThanOrEqual(dLat / 2 + 1e-5);
      if (latticeMiss(c.lat - offset.y / M) < 0.01) unshiftedOnLattice++;
    }
    // The un-shifted centre would be off the lattice for almost every key, so the check above can fail.
    expect(unshiftedOnLattice, `seed ${SEED + 8}`).toBeLessThan(30);
  });

  it('rejects positions and cells that are not on the grid', () => {
    const o = gridOffset(KEY, 'street');
    expect(() => cellOf(Number.NaN, 0, 'street', o)).toThrow(RangeError);
    expect(() => cellOf(90.5, 0, 'street', o)).toThrow(new RangeError('lat: expected a number in [-90, 90], got 90.5'));
    expect(() => cellOf(0, Number.POSITIVE_INFINITY, 'street', o)).toThrow(RangeError);
    expect(() => cellOf(0, 0, 'street', { x: 25, y: 0 })).toThrow(RangeError);
    expect(() => cellCentre({ row: 0.5, col: 0 }, 'street')).toThrow(RangeError);
    expect(() => cellCentre({ row: 0, col: columnCount(0, 'street') }, 'street')).toThrow(RangeError);
    expect(() => cellCentre({ row: 200_000, col: 0 }, 'street')).toThrow(RangeError);
    expect(() => cellCentre({ row: 0, col: 0 }, 'exact' as CoarseLevel)).toThrow(RangeError);
  });
});

describe('cellBounds', () => {
  const ZERO: GridOffset = { x: 0, y: 0 };

  it('is the rectangle cellOf fills: inside it the same cell, just past each edge another; its middle is the centre', () => {
    const rng = seeded(SEED + 20);
    for (let i = 0; i < 300; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const cell = cellOf(rng.between(-80, 80), rng.between(-180, 180), level, ZERO);
      const b = cellBounds(cell, level);
      const why = `seed ${SEED + 20} #${i} ${level}`;
      const midLat = (b.south + b.north) / 2;
      const midLon = (b.west + b.east) / 2;
      const c = cellCentre(cell, level);
      expect(Math.abs(c.lat - midLat), why).toBeLessThanOrEqual(5e-6);
      expect(Math.abs(c.lon - (midLon >= 180 ? midLon - 360 : midLon)), why).toBeLessThanOrEqual(5e-6);
      const eps = 1e-9;
      const wrap = (lon: number) => (lon >= 180 ? lon - 360 : lon < -180 ? lon + 360 : lon);
      expect(sameCell(cellOf(b.south + eps, midLon, level, ZERO), cell), why).toBe(true);
      expect(sameCell(cellOf(b.north - eps, midLon, level, ZERO), cell), why).toBe(true);
      expect(sameCell(cellOf(midLat, wrap(b.west + eps), level, ZERO), cell), why).toBe(true);
      expect(sameCell(cellOf(midLat, wrap(b.east - eps), level, ZERO), cell), why).toBe(true);
      expect(sameCell(cellOf(b.north + eps, midLon, level, ZERO), cell), why).toBe(false);
      expect(sameCell(cellOf(b.south - eps, midLon, level, ZERO), cell), why).toBe(false);
      expect(sameCell(cellOf(midLat, wrap(b.east + eps), level, ZERO), cell), why).toBe(false);
      expect(sameCell(cellOf(midLat, wrap(b.west - eps), level, ZERO), cell), why).toBe(false);
      expect(b.north - b.south, why).toBeCloseTo(GRID[level].pitchM / M, 12);
    }
  });

  it('is in the shifted frame, like the centre: it holds the shifted position, whatever the key', () => {
    const rng = seeded(SEED + 21);
    for (let i = 0; i < 300; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const offset = gridOffset(rng.bytes(32), level);
      const lat = rng.between(-80, 80);
      const b = cellBounds(cellOf(lat, rng.between(-170, 170), level, offset), level);
      const shifted = lat + offset.y / M;
      const why = `seed ${SEED + 21} #${i} ${level}`;
      expect(shifted, why).toBeGreaterThanOrEqual(b.south);
      expect(shifted, why).toBeLessThan(b.north);
    }
  });

  it('closes a row at ±180° and ends the polar rows at ±90°; rejects a cell not on the grid', () => {
    const n = columnCount(0, 'city');
    expect(cellBounds({ row: 0, col: 0 }, 'city').west).toBe(-180);
    expect(cellBounds({ row: 0, col: n - 1 }, 'city').east).toBeCloseTo(180, 9);
    const top = cellOf(90, 0, 'city', ZERO);
    expect(cellBounds(top, 'city').north).toBe(90);
    expect(cellBounds(cellOf(-90, 0, 'city', ZERO), 'city').south).toBe(-90);
    expect(() => cellBounds({ row: 0, col: n }, 'city')).toThrow(RangeError);
  });
});

describe('the antimeridian', () => {
  it('puts lon 179.9999 and −179.9999 on one row in the same or wrapped-adjacent column, centres in range', () => {
    const rng = seeded(SEED + 3);
    for (let i = 0; i < 600; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const offset = gridOffset(rng.bytes(32), level);
      const cell = cellOf(rng.between(-80, 80), 0, level, offset);
      const lat = trueCentre(cell, level, offset).lat;
      const west = cellOf(lat, 179.9999, level, offset);
      const east = cellOf(lat, -179.9999, level, offset);
      const n = columnCount(cell.row, level);
      const why = `seed ${SEED + 3} #${i} ${level} row ${cell.row}: ${west.col} → ${east.col} of ${n}`;
      expect(west.row === cell.row && east.row === cell.row, why).toBe(true);
      expect([0, 1], why).toContain((((east.col - west.col) % n) + n) % n);
      expectValidCentre(west, level, why);
      expectValidCentre(east, level, why);
      // The last and first columns meet exactly at ±180° in the shifted frame.
      expect(cellCentre({ row: cell.row, col: n - 1 }, level).lon, why).toBeCloseTo(-cellCentre({ row: cell.row, col: 0 }, level).lon, 4);
    }
  });

  it('measures metresOutside the short way round across it', () => {
    for (const level of COARSE_LEVELS) {
      const offset = gridOffset(KEY, level);
      const row = cellOf(52, 0, level, offset).row;
      const n = columnCount(row, level);
      const last: Cell = { row, col: n - 1 };
      const first: Cell = { row, col: 0 };
      const centre = trueCentre(last, level, offset);
      const edge = { lat: centre.lat, lon: eastEdgeLon(centre, GRID[level].pitchM, level, offset) };
      for (const d of [1, 10, 60]) {
        const across = moveMetres(edge, 0, d);
        const back = moveMetres(edge, 0, -d);
        const why = `${level} d=${d}`;
        expect(cellOf(across.lat, across.lon, level, offset), why).toEqual(first);
        expect(metresOutside(across.lat, across.lon, last, level, offset), why).toBeCloseTo(d, 1);
        expect(metresOutside(back.lat, back.lon, first, level, offset), why).toBeCloseTo(d, 1);
        expect(metresOutside(across.lat, across.lon, first, level, offset), why).toBe(0);
      }
    }
  });
});

describe('near the poles', () => {
  it('gives valid cells, centres within ±90° and finite distances at ±89.99, ±90 and between, never NaN', () => {
    const rng = seeded(SEED + 4);
    for (const level of COARSE_LEVELS) {
      const offset = gridOffset(rng.bytes(32), level);
      for (const lat of [89.9, 89.99, 89.999, 89.9999, 89.99999, 90, -89.9, -89.99, -89.9999, -90]) {
        for (const lon of [-180, -179.9999, -90, 0, 45.5, 179.9999, 180]) {
          const why = `seed ${SEED + 4} ${level} (${lat}, ${lon})`;
          const cell = cellOf(lat, lon, level, offset);
          expectValidCentre(cell, level, why);
          expect(metresOutside(lat, lon, cell, level, offset), why).toBe(0);
          const far = cellOf(-lat / 2, lon, level, offset);
          const out = metresOutside(lat, lon, far, level, offset);
          expect(Number.isFinite(out) && out > 0, why).toBe(true);
        }
      }
    }
  });

  it('shrinks rows to few columns towards the poles, and to one cell (n = 1) where a row is narrower than G', () => {
    for (const level of COARSE_LEVELS) {
      const offset = gridOffset(KEY, level);
      const top = cellOf(90, 0, level, offset).row;
      const bottom = cellOf(-90, 0, level, offset).row;
      let prev = 0;
      for (let row = top - 30; row <= top; row++) {
        const n = columnCount(row, level);
        expect(n, `${level} row ${row}`).toBeGreaterThanOrEqual(1);
        if (row > top - 30) expect(n, `${level} row ${row}`).toBeLessThanOrEqual(prev);
        prev = n;
        expectValidCentre({ row, col: n - 1 }, level, `${level} row ${row}`);
        expect(columnCount(-row - 1, level), `${level} row ${-row - 1} mirrors ${row}`).toBe(n);
      }
      expect(columnCount(bottom, level)).toBe(columnCount(top, level));
    }
    // At 1 km the top row is narrower than G all the way round: one cell, centred on lon 0.
    const offset = gridOffset(KEY, 'neighbourhood');
    const top = cellOf(90, 0, 'neighbourhood', offset).row;
    expect(columnCount(top, 'neighbourhood')).toBe(1);
    for (const lon of [-180, -120.5, 0, 60, 179.99]) expect(cellOf(89.9999, lon, 'neighbourhood', offset)).toEqual({ row: top, col: 0 });
    expect(cellCentre({ row: top, col: 0 }, 'neighbourhood').lon).toBe(0);
  });

  it('puts a point 10 m from the pole within about 10 m of every cell that touches the pole, however far round', () => {
    const zero = { x: 0, y: 0 };
    for (const level of COARSE_LEVELS) {
      const top = cellOf(90, 0, level, zero).row;
      const n = columnCount(top, level);
      for (const lon of [-150, 0, 33, 179]) {
        for (let col = 0; col < n; col++) {
          // 89.9999° (the clamp) is 11.1 m from the pole, so that is as close as a shifted point gets.
          const out = metresOutside(90 - 10 / M, lon, { row: top, col }, level, zero);
          expect(out, `${level} lon ${lon} col ${col} of ${n}`).toBeLessThan(11.2);
        }
      }
    }
  });
});

describe('columns come from the row centre, not the raw latitude', () => {
  // What LocationFudger does (§3.3): the column width follows the latitude being coarsened.
  function leakyCol(lat: number, lon: number, level: CoarseLevel, offset: GridOffset): number {
    const latS = lat + offset.y / M;
    const n = Math.max(1, Math.floor((360 * M * Math.cos(latS * RAD)) / GRID[level].pitchM));
    const lonS = lon + offset.x / (M * Math.cos(latS * RAD));
    return (((Math.floor(((lonS + 180) * n) / 360) % n) + n) % n) as number;
  }

  it('gives two latitudes in one row the same column and centre at every longitude; the leaky rule would not', () => {
    const rng = seeded(SEED + 5);
    let leakyDiffers = 0;
    for (const level of COARSE_LEVELS) {
      for (const rowLat of [10, 45, 60, 75, 85, -60]) {
        const offset = gridOffset(rng.bytes(32), level);
        const row = cellOf(rowLat, 0, level, offset).row;
        const mid = trueCentre({ row, col: 0 }, level, offset).lat;
        const dLat = GRID[level].pitchM / M;
        const south = mid - 0.45 * dLat;
        const north = mid + 0.45 * dLat;
        for (let k = 0; k < 400; k++) {
          const lon = k === 0 ? 179.99 : rng.between(-180, 180);
          const a = cellOf(south, lon, level, offset);
          const b = cellOf(north, lon, level, offset);
          const why = `seed ${SEED + 5} ${level} row ${row} lon ${lon}`;
          expect(a, why).toEqual(b);
          expect(a.row, why).toBe(row);
          expect(cellCentre(a, level), why).toEqual(cellCentre(b, level));
          if (leakyCol(south, lon, level, offset) !== leakyCol(north, lon, level, offset)) leakyDiffers++;
        }
      }
    }
    // The check above is sensitive: the raw-latitude rule splits the same pairs hundreds of times.
    expect(leakyDiffers, `seed ${SEED + 5}`).toBeGreaterThan(500);
  });
});

describe('metresOutside', () => {
  it('is 0 for every position in the cell cellOf gives it', () => {
    const rng = seeded(SEED + 6);
    for (let i = 0; i < 5000; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const offset = gridOffset(rng.bytes(32), level);
      const lat = rng.between(-90, 90);
      const lon = rng.between(-180, 180);
      expect(metresOutside(lat, lon, cellOf(lat, lon, level, offset), level, offset), `seed ${SEED + 6} #${i}`).toBe(0);
    }
  });

  it('is the distance to the nearest edge across a row edge, a column edge and a corner', () => {
    const rng = seeded(SEED + 7);
    for (let i = 0; i < 300; i++) {
      const level = COARSE_LEVELS[i % 3] as CoarseLevel;
      const G = GRID[level].pitchM;
      const offset = gridOffset(rng.bytes(32), level);
      const cell = cellOf(rng.between(-70, 70), rng.between(-180, 180), level, offset);
      const centre = trueCentre(cell, level, offset);
      const northLat = northEdgeLat(centre, G, level, offset);
      const eastLon = eastEdgeLon(centre, G, level, offset);
      const why = `seed ${SEED + 7} #${i} ${level}`;
      // The centre is rounded to 1e-5° (≤ 0.56 m of latitude), so it sits within that of mid-row.
      expect(Math.abs((northLat - centre.lat) * M - G / 2), why).toBeLessThan(0.6);
      const d = rng.between(0.5, G);
      // Along the row centre's parallel (where the shifted point lies), so d metres east is d metres out.
      const eastward = d / (M * Math.cos(cellCentre(cell, level).lat * RAD));
      const north = { lat: northLat + d / M, lon: centre.lon };
      const east = { lat: centre.lat, lon: eastLon + eastward };
      const corner = { lat: northLat + d / M, lon: eastLon + eastward };
      expect(metresOutside(north.lat, north.lon, cell, level, offset), why).toBeCloseTo(d, 3);
      expect(Math.abs(metresOutside(east.lat, east.lon, cell, level, offset) - d) / d, why).toBeLessThan(1e-4);
      // Past a corner the corner is the nearest point; the shift moves both alike (to within 0.2 % at 10 km).
      const cornerM = sphereMetres({ lat: northLat, lon: eastLon }, corner);
      expect(cornerM / d, why).toBeGreaterThan(1.39);
      expect(cornerM / d, why).toBeLessThan(1.43);
      expect(Math.abs(metresOutside(corner.lat, corner.lon, cell, level, offset) - cornerM) / cornerM, why).toBeLessThan(2e-3);
    }
  });
});

describe('sameCell', () => {
  it('compares row and col; two absent cells are the same, one absent is not', () => {
    expect(sameCell({ row: 1, col: 2 }, { row: 1, col: 2 })).toBe(true);
    expect(sameCell({ row: 1, col: 2 }, { row: 2, col: 1 })).toBe(false);
    expect(sameCell({ row: 1, col: 2 }, { row: 1, col: 3 })).toBe(false);
    expect(sameCell(undefined, undefined)).toBe(true);
    expect(sameCell({ row: 0, col: 0 }, undefined)).toBe(false);
    expect(sameCell(undefined, { row: 0, col: 0 })).toBe(false);
  });
});
