import { describe, expect, it } from 'vitest';
import { KEEP_EVERY_VERTEX_UNDER, MAX_VERTICES, simplifyRoute } from './simplify.ts';

describe('simplifyRoute', () => {
  it('keeps every vertex of a short route', () => {
    const route = Array.from({ length: 200 }, (_, i): [number, number] => [8 + i * 1e-4, 47 + Math.sin(i) * 1e-5]);
    expect(simplifyRoute(route)).toBe(route);
  });

  it('brings a 100k-fix day under the cap, ends kept, the shape within metres', () => {
    const route = Array.from({ length: 100_000 }, (_, i): [number, number] => [
      8 + i * 1e-6,
      47 + Math.sin(i / 5_000) * 0.01 + Math.sin(i) * 1e-6,
    ]);
    const out = simplifyRoute(route);
    expect(route.length).toBeGreaterThan(KEEP_EVERY_VERTEX_UNDER);
    expect(out.length).toBeLessThanOrEqual(MAX_VERTICES);
    expect(out[0]).toEqual(route[0]);
    expect(out.at(-1)).toEqual(route.at(-1));
    expect(out.length).toBeGreaterThan(20);
  });
});
