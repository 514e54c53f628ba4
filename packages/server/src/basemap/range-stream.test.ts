// A range of the basemap file through the relay's one handle: the right bytes, in chunks, and a reader that
// goes away (the server destroys its stream) leaves the handle open for everyone else.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rangeStream } from './range-stream.ts';

const dir = mkdtempSync(join(tmpdir(), 'entwine-range-stream-'));
const path = join(dir, 'archive.bin');
const bytes = randomBytes(300 * 1024); // several 64 KiB chunks
writeFileSync(path, bytes);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

describe('rangeStream', () => {
  it('gives exactly the bytes start..end, across chunks, and stops at a file shorter than asked', async () => {
    const handle = await open(path);
    try {
      expect((await collect(rangeStream(handle, 1000, 200_000))).equals(bytes.subarray(1000, 200_001))).toBe(true);
      expect((await collect(rangeStream(handle, 0, 0))).equals(bytes.subarray(0, 1))).toBe(true);
      expect((await collect(rangeStream(handle, bytes.length - 10, bytes.length + 5000))).equals(bytes.subarray(-10))).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('destroyed after its first chunk (a client that left), leaves the handle readable and closable', async () => {
    const handle = await open(path);
    const stream = rangeStream(handle, 0, bytes.length - 1);
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    // A second reader still gets the file's bytes, and the relay's close does not fail with EBADF.
    expect((await collect(rangeStream(handle, 5, 70_000))).equals(bytes.subarray(5, 70_001))).toBe(true);
    await expect(handle.close()).resolves.toBeUndefined();
  });
});
