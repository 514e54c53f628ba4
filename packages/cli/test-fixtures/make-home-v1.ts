/**
 * Makes `home-v1/`: a CLI home written by the single-document state (device.json), for the migration test.
 * Real CLI processes against an in-process relay, as a person would: Alice bonds with Bob and Carol, sets
 * shields (one timed), exchanges thoughts with Bob and receives a photo from him. Only Alice's home is kept.
 *
 *   node --import tsx packages/cli/test-fixtures/make-home-v1.ts
 */
import { spawnSync } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRelay } from '@entwine/server';
import { ok, tempDir } from '../../../e2e/support/cli.ts';
import { noisePng } from '../../../e2e/support/noise-png.ts';

const OUT = join(import.meta.dirname, 'home-v1');

const root = await tempDir('fixture');
const relay = await createRelay({ dataDir: join(root, 'data'), port: 0, logger: false });
try {
  const home = (name: string) => join(root, name);
  const as =
    (name: string) =>
    (...args: string[]) =>
      ok([...args, '--home', home(name), '--server', relay.url]);
  const alice = as('alice');
  const bob = as('bob');
  const carol = as('carol');
  await alice('init', '--name', 'Alice');
  await bob('init', '--name', 'Bob');
  await carol('init', '--name', 'Carol');

  const toBob = (await alice('invite')).split('\n')[0] as string;
  await bob('accept', toBob, '--share', 'location,thoughts,moments');
  await alice('confirm', 'Bob', '--share', 'location,thoughts', '--numbers-match');
  await bob('verify', 'Alice', '--numbers-match');

  const toCarol = (await alice('invite')).split('\n')[0] as string;
  await carol('accept', toCarol, '--share', 'presence');
  await alice('confirm', 'Carol', '--share', 'presence', '--skip-check');
  await carol('bonds'); // the invitee's side of the reveal, so the bond is active on both sides
  await alice('bonds');

  await alice('shield', 'Bob', 'location', 'city');
  await alice('shield', 'Carol', 'presence', 'hidden', '--for', '1000h');

  await alice('say', 'Bob', 'first words from Alice');
  await bob('say', 'Alice', 'an answer from Bob');
  const photo = join(root, 'photo.png');
  await writeFile(photo, noisePng(32, 24, 7).png);
  await bob('moment', 'Alice', photo, '--caption', 'from Bob');
  await alice('thoughts', 'Bob'); // pulls Bob's thought and photo into Alice's home
  await alice('say', 'Bob', 'second words from Alice');

  await rm(OUT, { recursive: true, force: true });
  await cp(home('alice'), OUT, { recursive: true });
  const commit = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  process.stdout.write(`home-v1 written from commit ${commit}\n`);
} finally {
  await relay.close();
  await rm(root, { recursive: true, force: true });
}
