import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { signedUp } from '/work/main/packages/server/src/test-support/pairing.ts';
import { makePerson } from '/work/main/packages/server/src/test-support/people.ts';

const N = 1000;
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '/work/main/packages/server/.bench-tmp/relay-child.ts', dir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let snapped2: any;
let done: any;
const snapped = new Promise((r) => (done = r));
child.stderr.on('data', (c) => {
  if (c.toString().includes('snap')) done();
});
const url: string = await new Promise((res) => child.stdout.on('data', (c) => res(c.toString().trim())));
const a = await signedUp(url, await makePerson('A'));
const open = async () => {
  const ws = new WebSocket(url.replace('http', 'ws') + '/v1/ws');
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'hello', token: a.token }));
  await new Promise((r) => ws.once('message', r));
  return ws;
};
const socks: WebSocket[] = [];
for (let i = 0; i < 100; i++) socks.push(await open());
await new Promise((r) => setTimeout(r, 1000));
child.kill('SIGUSR2');
await snapped;
snapped2 = new Promise((r) => (done = r));
for (let i = 0; i < N; i += 50) socks.push(...(await Promise.all(Array.from({ length: 50 }, open))));
await new Promise((r) => setTimeout(r, 1000));
child.kill('SIGUSR2');
await snapped2;
child.kill('SIGKILL');
process.exit(0);
