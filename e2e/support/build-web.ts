/**
 * Vitest globalSetup: builds the web app for the browser tests once per test run, when its folder is missing
 * or older than any of its sources, so the relay in those tests serves the code that is in the tree.
 *
 * Two builds, never in one folder:
 * - `release` (`npm run build -w @entwine/web` → `packages/web/dist`): what `npm start` serves. It carries no
 *   test hooks (`e2e/web-release-has-no-tick-override.test.ts`), so tests that need one cannot use it;
 * - `e2e` (`vite build --mode e2e` → `packages/web/dist-e2e`): the same app plus the test hooks (the publish
 *   tick override that `useTick` in `browser.ts` sets). The browser tests' relay serves this one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const WEB = join(REPO, 'packages/web');
/** The release build. */
export const WEB_DIST = join(WEB, 'dist');
/** The test build (release + test hooks). */
export const WEB_E2E_DIST = join(WEB, 'dist-e2e');

export type WebBuild = 'release' | 'e2e';
const OUT: Record<WebBuild, string> = { release: WEB_DIST, e2e: WEB_E2E_DIST };

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let t = info.mtimeMs;
  for (const entry of readdirSync(path))
    if (entry !== 'node_modules' && !entry.startsWith('dist')) t = Math.max(t, newest(join(path, entry)));
  return t;
}

export function webBuildIsStale(build: WebBuild = 'release'): boolean {
  const index = join(OUT[build], 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = ['src', 'public', 'build', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p)).filter(existsSync);
  // The app bundles @entwine/client, @entwine/core and @entwine/places (with its dataset plugin) too.
  sources.push(
    join(REPO, 'packages/client/src'),
    join(REPO, 'packages/core/src'),
    join(REPO, 'packages/places/src'),
    join(REPO, 'packages/places/node'),
  );
  return sources.some((p) => newest(p) > built);
}

/** Builds `build` into its own folder unless it is up to date. */
export function ensureWebBuild(build: WebBuild): void {
  if (!webBuildIsStale(build)) return;
  const mode = build === 'e2e' ? ['--', '--mode', 'e2e'] : [];
  // Vitest sets NODE_ENV=test, which Vite would keep, bundling React's development build: build for production.
  const run = spawnSync('npm', ['run', 'build', '-w', '@entwine/web', ...mode], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`web ${build} build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
}

export default function setup(): void {
  ensureWebBuild('e2e');
}
