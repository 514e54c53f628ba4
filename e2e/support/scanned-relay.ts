/**
 * For the canary scans: a relay process of its own under `root` (its data and logs are what the scan reads,
 * so no other test may write there) and two CLI identities on it, `nameA` and Bob, not bonded yet.
 */
import { join } from 'node:path';
import { ok } from './cli.ts';
import { startRelayProcess } from './relay-process.ts';

export async function relayWithTwoHomes(root: string, nameA: string) {
  const dataDir = join(root, 'data');
  const logDir = join(root, 'logs');
  const relay = await startRelayProcess({ dataDir, logDir });
  const homeA = join(root, 'a');
  const homeB = join(root, 'b');
  const a = (...args: string[]) => ok([...args, '--home', homeA, '--server', relay.url]);
  const b = (...args: string[]) => ok([...args, '--home', homeB, '--server', relay.url]);
  await a('init', '--name', nameA);
  await b('init', '--name', 'Bob');
  return { dataDir, logDir, relay, homeA, homeB, a, b };
}
