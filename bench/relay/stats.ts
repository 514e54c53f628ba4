/** Latency samples in a preallocated buffer (bounded memory), summarised by exact percentiles. */

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export class Samples {
  private readonly values: Float64Array;
  private count = 0;
  /** Samples that arrived after the buffer was full (reported, never silently lost). */
  dropped = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  add(value: number): void {
    if (this.count < this.values.length) this.values[this.count++] = value;
    else this.dropped++;
  }

  get n(): number {
    return this.count;
  }

  summary(): Summary {
    const n = this.count;
    if (n === 0) return { n: 0, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
    const sorted = this.values.slice(0, n).sort();
    // Nearest-rank percentile: the smallest sample with at least q of the samples at or below it.
    const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))] as number;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sorted[i] as number;
    return { n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1] as number, mean: sum / n };
  }
}

export const ms = (v: number, digits = 2): string => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');

export const int = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US').replace(/,/g, ' ') : 'n/a');

export const kib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(2)} KiB` : 'n/a');

export const mib = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : 'n/a');

export const pct = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} %` : 'n/a');

export const sleep = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis));

/** Runs `fn` over `items` with at most `limit` calls in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
