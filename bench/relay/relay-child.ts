/**
 * The relay under test, as its own process: `createRelay` from @entwine/server on a data directory the
 * parent prepared (seeded users, devices, active bonds and sessions), on 127.0.0.1 and a free port,
 * logging warnings and errors only (to stderr). The limits come from the parent as JSON, so the report
 * prints exactly what ran. Protocol with the parent: `child-protocol.ts`.
 *
 *   node --expose-gc --import tsx bench/relay/relay-child.ts <dataDir> <limits JSON> <maxLifetimeMs>
 */
import { createRelay, type RelayLimits } from '@entwine/server';
import { serveParent } from './child-protocol.ts';

const [dataDir, limitsJson, lifetime] = process.argv.slice(2);
if (!dataDir || !limitsJson) throw new TypeError('relay-child: expected <dataDir> <limits JSON> [maxLifetimeMs]');
const limits = JSON.parse(limitsJson) as Partial<RelayLimits>;

const relay = await createRelay({
  dataDir,
  host: '127.0.0.1',
  port: 0,
  limits,
  logger: { level: 'warn', stream: process.stderr },
});

serveParent({ url: relay.url, pid: process.pid }, () => relay.close(), Number(lifetime ?? 600_000));
