// The bin runs the CLI's bundle only while it is the code in the tree (docs/decisions/0010-cli-runs-a-bundle.md):
// a source changed or removed since the build started, or no build at all, sends it to rebuild.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshBundleEntry } from '../build/fresh-bundle.js';

describe('the CLI bundle is fresh only while its sources are unchanged', () => {
  let repo: string;
  let cliDir: string;
  const startedAt = Date.now() - 60_000;
  const source = () => join(repo, 'packages/core/src/a.ts');

  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'entwine-bundle-fresh-'));
    cliDir = join(repo, 'packages/cli');
    await mkdir(join(cliDir, 'dist/b1'), { recursive: true });
    await mkdir(join(repo, 'packages/core/src'), { recursive: true });
    await writeFile(join(cliDir, 'dist/b1/main.js'), '');
    await writeFile(source(), 'export const a = 1;');
    const before = new Date(startedAt - 60_000);
    await utimes(source(), before, before);
    await writeFile(join(cliDir, 'dist/current.json'), JSON.stringify({ dir: 'b1', startedAt, inputs: ['packages/core/src/a.ts'] }));
  });
  afterEach(() => rm(repo, { recursive: true, force: true }));

  it('runs the build while no source changed', () => {
    expect(freshBundleEntry(cliDir)).toBe(join(cliDir, 'dist/b1/main.js'));
  });

  it('rebuilds when a source changed after the build started', async () => {
    const later = new Date(startedAt + 1000);
    await utimes(source(), later, later);
    expect(freshBundleEntry(cliDir)).toBeUndefined();
  });

  it('rebuilds when a source is gone, the build folder is gone, or there is no build', async () => {
    await rm(source());
    expect(freshBundleEntry(cliDir)).toBeUndefined();
    await writeFile(source(), '');
    await utimes(source(), new Date(0), new Date(0));
    await rm(join(cliDir, 'dist/b1'), { recursive: true });
    expect(freshBundleEntry(cliDir)).toBeUndefined();
    await rm(join(cliDir, 'dist/current.json'));
    expect(freshBundleEntry(cliDir)).toBeUndefined();
  });
});
