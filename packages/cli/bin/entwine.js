#!/usr/bin/env node
// `entwine` runs a bundle of the CLI in plain JavaScript (docs/decisions/0010-cli-runs-a-bundle.md). The
// bundle is rebuilt here whenever it is missing or older than a source it was made from, so this command
// always runs the code in the tree: after `npm ci` the first start builds it (about a second), later
// starts only check file times.
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundleEntry } from '../build/fresh-bundle.js';

// Node keeps V8's compiled code of the bundle on disk (in the OS temp folder; code only, nothing of the
// person's) and reuses it on the next start: every command is its own process, and this cut the CPU of
// `entwine bonds` from about 0.8 s to 0.6 s on the 2-core test machine. Node 22.1+; a no-op where absent.
module.enableCompileCache?.();

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
