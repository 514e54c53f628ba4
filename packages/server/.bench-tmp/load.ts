import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAckFrame, encodeSendFrame, FRAME } from '@entwine/core';
import { newEpochId, seal } from '/work/main/packages/server/src/test-support/envelopes.ts';
import { activeBond, signedUp } from '/work/main/packages/server/src/test-support/pairing.ts';
import { makePerson } from '/work/main/packages/server/src/test-support/people.ts';
import { connectReady } from '/work/main/packages/server/src/test-support/relay-client.ts';

const PAIRS = Number(process.env.PAIRS ?? 32);
const INFLIGHT = Number(process.env.INFLIGHT ?? 4);
const PER_FRAME = Number(process.env.PER_FRAME ?? 8);
const SECONDS = Number(process.env.SECONDS ?? 8);
const RATE = Number(process.env.RATE ?? 0); // total envelopes/s paced; 0 = saturate

const dir = mkdtempSync(join(tmpdir(), 'bench-'));
const child = spawn(
  process.execPath,
  [
    ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
    '--import',
    'tsx',
    '/work/main/packages/server/.bench-tmp/relay-child.ts',
    dir,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'], cwd: '/work/main/packages/server' },
);
let lastMem = '';
child.stderr.on('data', (c) => {
  lastMem = c.toString().trim().split('\n').pop()!;
  process.stdout.write(c.toString());
});
const url: string = await new Promise((res) => child.stdout.on('data', (c) => res(c.toString().trim())));
console.log('relay', url);
const senders: { socket: Awaited<ReturnType<typeof connectReady>>; device: any; bondId: string }[] = [];
for (let i = 0; i < PAIRS; i++) {
  const a = await signedUp(url, await makePerson('A'));
  const b = await signedUp(url, await makePerson('B'));
  const { bondId } = await activeBond(url, a, b);
  for (const s of [a, b]) senders.push({ socket: await connectReady(url, s.token), device: s.person.devices[0], bondId });
}
console.log('sockets', senders.length);
const lat: number[] = [];
let acked = 0;
let running = true;
const start = performance.now();
await Promise.all(
  senders
    .map(async ({ socket, device, bondId }) => {
      const template = await seal(device, bondId, newEpochId(), 0n, 'x'.repeat(100));
      let seq = 0n;
      const mk = () => {
        const envs: Uint8Array[] = [];
        for (let k = 0; k < PER_FRAME; k++) {
          const e = template.slice();
          new DataView(e.buffer).setBigUint64(41, ++seq);
          envs.push(e);
        }
        return encodeSendFrame(envs);
      };
      const pending: number[] = [];
      const ws = socket.ws;
      ws.removeAllListeners('message');
      await new Promise<void>((done) => {
        const perSocketRate = RATE / senders.length; // envelopes/s
        const sendOne = () => {
          pending.push(performance.now());
          ws.send(mk());
        };
        ws.on('message', (data: Buffer, isBinary: boolean) => {
          if (!isBinary || data[0] !== FRAME.ack) return;
          const t0 = pending.shift()!;
          lat.push(performance.now() - t0);
          acked += decodeAckFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).length;
          if (!running) {
            if (pending.length === 0) done();
            return;
          }
          if (!RATE) sendOne();
        });
        if (RATE) {
          const interval = 1000 / (perSocketRate / PER_FRAME);
          const tick = () => {
            if (!running) {
              if (pending.length === 0) done();
              return;
            }
            sendOne();
            setTimeout(tick, interval * (0.5 + Math.random()));
          };
          setTimeout(tick, Math.random() * interval);
        } else for (let i = 0; i < INFLIGHT; i++) sendOne();
      });
    })
    .concat([
      new Promise<void>((r) =>
        setTimeout(() => {
          running = false;
          r();
        }, SECONDS * 1000),
      ),
    ]),
);
const secs = (performance.now() - start) / 1000;
lat.sort((x, y) => x - y);
const q = (p: number) => lat[Math.floor(p * (lat.length - 1))]!.toFixed(2);
console.log(JSON.stringify({ acksPerSec: Math.round(acked / secs), frames: lat.length, p50: q(0.5), p99: q(0.99), max: q(1) }));
console.log('mem', lastMem, 'loadgen cpu', ((process.cpuUsage().user + process.cpuUsage().system) / 1000 / (secs * 1000)).toFixed(2));
child.kill('SIGINT');
await new Promise((r) => child.on('exit', r));
process.exit(0);
