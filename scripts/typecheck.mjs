/**
 * `npm run typecheck`: `tsc -p` for every project named on the command line, as many at once as the machine
 * has cores. One tsc is one thread: the eight projects one after another were the longest step of `npm test`
 * before Vitest starts (about a minute on 2 cores); two at a time take about half. List the longest project
 * first (they start in the order given). Each project's messages are printed whole when it ends; the exit
 * code is 1 if any project failed.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = process.argv.slice(2);
if (projects.length === 0) {
  console.error('usage: node scripts/typecheck.mjs PROJECT…');
  process.exit(2);
}

/** Runs one project's check; resolves with whether it passed, after printing what it said. */
function check(project) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    child.stdout.on('data', (d) => (said += d));
    child.stderr.on('data', (d) => (said += d));
    child.on('close', (code) => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`tsc -p ${project}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${secs} s\n${said}`);
      resolve(code === 0);
    });
  });
}

const waiting = [...projects];
let failed = 0;
async function worker() {
  for (let project = waiting.shift(); project !== undefined; project = waiting.shift()) if (!(await check(project))) failed++;
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), projects.length) }, worker));
process.exit(failed > 0 ? 1 : 0);
