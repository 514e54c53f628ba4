#!/usr/bin/env node
// `entwine` runs a bundle of the CLI in plain JavaScript (docs/decisions/0010-cli-runs-a-bundle.md). The
// bundle is rebuilt here whenever it is missing or older than a source it was made from, so this command
// always runs the code in the tree: after `npm ci` the first start builds it (about a second), later
// starts only check file times.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundleEntry } from '../build/fresh-bundle.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let entry = freshBundleEntry(packageDir);
if (entry === undefined) {
  process.stderr.write('entwine: building the command line from its sources (packages/cli/dist; once after an install or a change)…\n');
  try {
    const { bundleCli } = await import('../build/bundle.js');
    const { dir } = await bundleCli();
    entry = join(packageDir, 'dist', dir, 'main.js');
  } catch (error) {
    process.stderr.write(
      `entwine: could not build the command line: ${error instanceof Error ? error.message : String(error)}\n` +
        'Run `npm ci` in the Entwine folder (esbuild comes with it), or run the sources with: node --import tsx packages/cli/src/main.ts …\n',
    );
    process.exit(1);
  }
}
await import(pathToFileURL(entry).href);
