/**
 * Canary: the GPS position planted in every fixture (47.123456, 8.987654), its XMP form, the RATIONAL
 * triples the Exif writer put down (in both byte orders, and the seconds alone), the serial and the city
 * are found in each input and in no stripped output. A byte search, so it does not depend on any reader
 * knowing where a format hides its metadata.
 */
import { describe, expect, it } from 'vitest';
import { leakedCanaries } from '../../test/fixtures/media/canary.ts';
import { FIXTURES, fixture } from '../../test/fixtures/media/read-metadata.ts';
import { stripMetadata } from './strip-metadata.ts';

/** What each input must hold before the test means anything: piexifjs writes big-endian TIFF. */
const PLANTED = [
  'ASCII 47.123456',
  'ASCII 8.987654',
  'XMP 47,7.40736N',
  'XMP 8,59.25924E',
  'serial SN-CANARY-90125',
  'city Canaryville',
  'latitude RATIONAL×3 BE',
  'longitude RATIONAL×3 BE',
  'latitude seconds RATIONAL BE',
  'longitude seconds RATIONAL BE',
];

describe('GPS canary', () => {
  for (const name of Object.values(FIXTURES)) {
    it(`${name}: every planted canary is in the input and none is in the stripped bytes`, () => {
      const input = fixture(name);
      expect(leakedCanaries(input)).toEqual(expect.arrayContaining(PLANTED));
      expect(leakedCanaries(stripMetadata(input).bytes)).toEqual([]);
    });
  }
});
