// A command's output reaches a pipe whole even though the CLI ends with `process.exit` (exit-flushed.ts):
// 4 MiB written at once, then the exit, arrive byte for byte at a reader. Control: the bare `process.exit`
// the CLI used before loses most of it (only what the pipe buffer took).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const SIZE = 4 * 1024 * 1024;
const MODULE = pathToFileURL(`${import.meta.dirname}/exit-flushed.ts`).href;

/** Runs a small ES module in a child Node, returning how many bytes its stdout pipe delivered. */
function bytesThroughPipe(source: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`child exited ${code}`))));
  });
}

describe('exitFlushed', () => {
  it('exits only once stdout has handed everything to the pipe', async () => {
    const source = `import { exitFlushed } from ${JSON.stringify(MODULE)};
process.stdout.write('x'.repeat(${SIZE}));
await exitFlushed(0);`;
    expect(await bytesThroughPipe(source)).toBe(SIZE);
  });

  it('control: process.exit right after the write loses what the pipe had not taken', async () => {
    expect(await bytesThroughPipe(`process.stdout.write('x'.repeat(${SIZE})); process.exit(0);`)).toBeLessThan(SIZE);
  });
});
