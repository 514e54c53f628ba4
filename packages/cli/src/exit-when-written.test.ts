// A command's whole output reaches a pipe before the process ends: 10 MB written at once, read through a pipe,
// arrive whole after exitWhenWritten, and cut short after a bare process.exit (the control: what the CLI did).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LINE = `${'x'.repeat(999)}\n`;
const LINES = 10_000;

/** Runs a Node process that writes LINES lines to stdout, then ends with `exit`; returns the bytes read. */
function bytesThroughPipe(exit: string): Promise<number> {
  const helper = join(import.meta.dirname, 'exit-when-written.ts');
  const script = `import { exitWhenWritten } from ${JSON.stringify(helper)};
for (let i = 0; i < ${LINES}; i++) process.stdout.write(${JSON.stringify(LINE)});
${exit};`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(bytes) : reject(new Error(`exited ${code}`))));
  });
}

describe('exitWhenWritten', () => {
  it('ends the process only after a pipe has taken all of its output', async () => {
    expect(await bytesThroughPipe('exitWhenWritten(0)')).toBe(LINE.length * LINES);
    expect(await bytesThroughPipe('process.exit(0)')).toBeLessThan(LINE.length * LINES);
  }, 30_000);
});
