/**
 * The relay under test, as its own process: `createRelay` from @entwine/server on a data directory the
 * parent prepared (seeded users, devices, active bonds and sessions), on 127.0.0.1 and a free port,
 * logging warnings and errors only (to stderr). The limits come from the parent as JSON, so the report
 * prints exactly what ran. Protocol with the parent: `child-protocol.ts`.
 *
 * Commit timing: unless told `nocommitstats`, the child wraps better-sqlite3's `transaction()` so each
 * envelope group commit (the inserts plus COMMIT and its fsync, all synchronous on the event loop) is
 * timed with two `performance.now()` calls. Nothing else changes; it is how the report can say how
 * much of the relay's time goes to the disk.
 *
 *   node --expose-gc --import tsx bench/relay/relay-child.ts <dataDir> <limits JSON> <maxLifetimeMs> [nocommitstats]
 */
import { performance } from 'node:perf_hooks';
import { createRelay, type RelayLimits } from '@entwine/server';
import Database from 'better-sqlite3';
import { serveParent } from './child-protocol.ts';
import { Samples } from './stats.ts';

const [dataDir, limitsJson, lifetime, flag] = process.argv.slice(2);
if (!dataDir || !limitsJson) throw new TypeError('relay-child: expected <dataDir> <limits JSON> [maxLifetimeMs] [nocommitstats]');
const limits = JSON.parse(limitsJson) as Partial<RelayLimits>;

let commits = new Samples(1_000_000);
let rows = 0;
let totalMs = 0;
if (flag !== 'nocommitstats') {
  type Tx = (this: unknown, ...args: unknown[]) => unknown;
  const proto = Database.prototype as unknown as { transaction(fn: Tx): Tx };
  const original = proto.transaction;
  proto.transaction = function (this: unknown, fn: Tx): Tx {
    const tx = original.call(this, fn);
    return function (this: unknown, ...args: unknown[]) {
      const batches = args[0];
      // The group commit's transaction takes the queued batches: an array of arrays of envelopes.
      if (!Array.isArray(batches) || !Array.isArray(batches[0])) return tx.apply(this, args);
      const started = performance.now();
      try {
        return tx.apply(this, args);
      } finally {
        const took = performance.now() - started;
        commits.add(took);
        totalMs += took;
        for (const b of batches as unknown[][]) rows += b.length;
      }
    };
  };
}

const relay = await createRelay({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  limits,
  logger: { level: 'warn', stream: process.stderr },
});

serveParent(
  { url: relay.url, pid: process.pid },
  () => relay.close(),
  Number(lifetime ?? 600_000),
  () => {
    const { n, p50, p99, max } = commits.summary();
    const out = { commits: { count: n, rows, totalMs, p50, p99, max } };
    commits = new Samples(1_000_000);
    rows = 0;
    totalMs = 0;
    return out;
  },
);
