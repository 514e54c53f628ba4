/**
 * Vitest globalSetup: builds the web app once per test run (`npm run build -w @entwine/web`) when
 * `packages/web/dist` is missing or older than any of its sources, so the relay in the browser tests serves
 * the code that is in the tree.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const WEB = join(REPO, 'packages/web');
export const WEB_DIST = join(WEB, 'dist');

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let t = info.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist') t = Math.max(t, newest(join(path, entry)));
  return t;
}

export function webBuildIsStale(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['src', 'public', 'build', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p)).filter(existsSync);
  // The app bundles @entwine/client and @entwine/core too.
  sources.push(join(REPO, 'packages/client/src'), join(REPO, 'packages/core/src'));
  return sources.some((p) => newest(p) > built);
}

export default function setup(): void {
  if (!webBuildIsStale()) return;
  // Vitest sets NODE_ENV=test, which Vite would keep, bundling React's development build: build for production.
  const run = spawnSync('npm', ['run', 'build', '-w', '@entwine/web'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`web build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}
