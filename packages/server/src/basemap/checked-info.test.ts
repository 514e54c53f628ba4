import { describe, expect, it } from 'vitest';
import { checkedInfo } from './basemap.ts';
import { BasemapFileError } from './basemap-file-error.ts';
import { checkProtomapsSchema } from './protomaps-schema.ts';

const info = {
  format: 'pmtiles' as const,
  url: '/basemap/archive.pmtiles',
  minzoom: 0,
  maxzoom: 15,
  bounds: [-180.0000001, -90.0000001, 180.0000001, 90.0000001] as [number, number, number, number],
  center: [0, 0, 200] as [number, number, number],
  attribution: 'x'.repeat(3000),
  name: 'Planet',
  version: 'v',
};

describe('checkedInfo', () => {
  it('clamps bounds and the centre zoom, and cuts an over-long attribution', () => {
    const out = checkedInfo('/m.pmtiles', info);
    expect(out.bounds).toEqual([-180, -90, 180, 90]);
    expect(out.center).toEqual([0, 0, 30]);
    expect(out.attribution).toHaveLength(2000);
  });

  it('refuses what clamping cannot mend, naming the file', () => {
    expect(() => checkedInfo('/m.pmtiles', { ...info, minzoom: 16 })).toThrow(BasemapFileError);
    expect(() => checkedInfo('/m.pmtiles', { ...info, minzoom: 16 })).toThrow(
      /^basemap \/m\.pmtiles: has a header or metadata out of shape \(minzoom/,
    );
  });
});

describe('checkProtomapsSchema', () => {
  it('takes the Protomaps layers, warns when earth or roads are missing or no layers are listed', () => {
    expect(checkProtomapsSchema(['earth', 'water', 'landuse', 'roads', 'places'])).toEqual({ ok: true });
    expect(checkProtomapsSchema(['water', 'places'])).toMatchObject({
      ok: true,
      warning: expect.stringMatching(/no earth or roads layer/),
    });
    expect(checkProtomapsSchema(undefined)).toMatchObject({ ok: true, warning: expect.stringMatching(/lists no vector_layers/) });
  });

  it('refuses OpenMapTiles layers (which share water, landcover and landuse) and unrelated ones', () => {
    const omt = [
      'water',
      'waterway',
      'landcover',
      'landuse',
      'mountain_peak',
      'park',
      'boundary',
      'aeroway',
      'transportation',
      'building',
      'place',
    ];
    expect(checkProtomapsSchema(omt)).toMatchObject({ ok: false, problem: expect.stringMatching(/are the OpenMapTiles schema/) });
    expect(checkProtomapsSchema(['contours'])).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/are not the Protomaps basemap schema/),
    });
    expect(checkProtomapsSchema([])).toMatchObject({ ok: false, problem: expect.stringMatching(/\(none\)/) });
  });
});
