import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { signedUp } from '/work/main/packages/server/src/test-support/pairing.ts';
import { makePerson } from '/work/main/packages/server/src/test-support/people.ts';

const N = Number(process.env.N ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '/work/main/packages/server/.bench-tmp/relay-child.ts', dir], {
  stdio: ['ignore', 'pipe', 'pipe'],
});
let mem: any = {};
child.stderr.on('data', (c) => {
  try {
    mem = JSON.parse(c.toString().trim().split('\n').pop()!);
  } catch {}
});
const url: string = await new Promise((res) => child.stdout.on('data', (c) => res(c.toString().trim())));
const a = await signedUp(url, await makePerson('A'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// warm up
const open = async () => {
  const ws = new WebSocket(url.replace('http', 'ws') + '/v1/ws');
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'hello', token: a.token }));
  await new Promise((r) => ws.once('message', r));
  return ws;
};
const warm = [] as WebSocket[];
for (let i = 0; i < 100; i++) warm.push(await open());
await sleep(3000);
const before = mem;
const socks: WebSocket[] = [];
for (let i = 0; i < N; i += 50) socks.push(...(await Promise.all(Array.from({ length: 50 }, open))));
await sleep(4000);
const after = mem;
console.log(
  JSON.stringify({ N, rssPerSocket: Math.round((after.rss - before.rss) / N), heapPerSocket: Math.round((after.heap - before.heap) / N) }),
);
child.kill('SIGKILL');
process.exit(0);
