// The KS helper must be able to tell distributions apart, or the timing test built on it proves nothing.
import { describe, expect, it } from 'vitest';
import { ksTwoSample } from './ks.ts';
import { seededRandom } from './seeded-random.ts';

describe('two-sample KS', () => {
  const r = seededRandom(7);
  const uniform = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => lo + (hi - lo) * r.float());

  it('does not reject two samples of one distribution', () => {
    expect(ksTwoSample(uniform(300, 0, 1), uniform(300, 0, 1)).p).toBeGreaterThan(0.05);
  });

  it('rejects a shifted distribution and identical samples give D = 0', () => {
    expect(ksTwoSample(uniform(300, 0, 1), uniform(300, 0.2, 1.2)).p).toBeLessThan(1e-4);
    const same = uniform(50, 0, 1);
    expect(ksTwoSample(same, same)).toEqual({ d: 0, p: 1 });
  });
});
