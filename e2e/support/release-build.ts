/**
 * A release build of the web app into a folder of the test's own (`vite build --outDir DIR`), exactly as
 * `npm run build -w @entwine/web` makes it (NODE_ENV=production), optionally with build settings such as
 * `VITE_ENTWINE_RELAY_URL`. The shared `packages/web/dist` is left alone.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from './cli.ts';

const run = promisify(execFile);
const WEB = join(REPO, 'packages/web');
const VITE = join(REPO, 'node_modules/vite/bin/vite.js');

export interface BuildManifest {
  app: string;
  version: string;
  build: string;
  files: Record<string, string>;
}

export async function buildRelease(outDir: string, env: Record<string, string> = {}): Promise<BuildManifest> {
  await run(process.execPath, [VITE, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: WEB,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(await readFile(join(outDir, 'entwine-build.json'), 'utf8')) as BuildManifest;
}
