// The resize keeps the aspect ratio, brings the longest side down to the limit, and never scales up.
import { describe, expect, it } from 'vitest';
import { fitWithin, PHOTO_MAX_SIDE } from './photo-size.ts';

describe('fitWithin', () => {
  it('scales the longest side down to the limit, keeping the aspect ratio', () => {
    expect(fitWithin(4032, 3024, PHOTO_MAX_SIDE)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032, PHOTO_MAX_SIDE)).toEqual({ width: 1536, height: 2048 });
  });
  it('leaves a small photo as it is', () => {
    expect(fitWithin(640, 480, PHOTO_MAX_SIDE)).toEqual({ width: 640, height: 480 });
  });
  it('never rounds a side to zero', () => {
    expect(fitWithin(100_000, 10, 2048)).toEqual({ width: 2048, height: 1 });
  });
});
