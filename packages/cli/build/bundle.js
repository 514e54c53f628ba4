/**
 * Bundles the CLI's TypeScript (this package and the `@entwine/*` workspaces it imports) into plain ESM
 * that Node runs without a loader (docs/decisions/0010-cli-runs-a-bundle.md). Each command is its own
 * chunk, so `entwine --help` loads the usage text and nothing else.
 *
 * Layout: every build goes to its own folder, `dist/<id>/`, and `dist/current.json` (written temp → rename)
 * names the folder and every source file the build read, with the time it started. Two processes that
 * build at once both finish and one of them wins the pointer; a `watch` that started on an older build keeps
 * loading its lazy chunks from that build's folder, which is kept for a day.
 *
 * Plain JavaScript on purpose: it has to run where no TypeScript loader is registered.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = join(PACKAGE_DIR, 'dist');
export const POINTER_FILE = join(DIST_DIR, 'current.json');
/** Older build folders are removed once this old: long enough for any running `watch` to have loaded its chunks. */
const KEEP_OLD_BUILDS_MS = 24 * 3600_000;

/**
 * What Node loads from node_modules instead of the bundle: native addons, the optional native helpers `ws`
 * looks for, and whatever the relay (`@entwine/server`, loaded by `start` only) imports — Fastify and pino
 * find their own files at run time. Everything else the commands import (the client, crypto, zod, ws) is
 * bundled: loading one chunk is much faster than resolving the hundreds of small modules they ship as.
 */
const ALWAYS_EXTERNAL = new Set(['better-sqlite3', 'bufferutil', 'utf-8-validate', 'mqtt']);
const SERVER_SOURCES = `${join('packages', 'server')}${sep}`;

const externalsPlugin = {
  name: 'entwine-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@entwine/') || args.path.startsWith('node:')) return undefined;
      const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      const fromServer = args.importer.includes(SERVER_SOURCES);
      return ALWAYS_EXTERNAL.has(name) || fromServer ? { path: args.path, external: true } : undefined;
    });
  },
};

/** Bundled CommonJS (ws, qrcode-terminal) calls `require`, which an ES module lacks: give each chunk one. */
const REQUIRE_BANNER =
  "import { createRequire as __entwineCreateRequire } from 'node:module'; const require = __entwineCreateRequire(import.meta.url);";

/**
 * Builds the bundle and points `dist/current.json` at it. Returns the pointer written.
 * @returns {Promise<{ dir: string, startedAt: number, inputs: string[] }>}
 */
export async function bundleCli() {
  // Loaded here: a fresh bundle never pays for esbuild.
  const esbuild = await import('esbuild');
  const startedAt = Date.now();
  const id = `${startedAt.toString(36)}-${process.pid}`;
  const outdir = join(DIST_DIR, id);
  await mkdir(outdir, { recursive: true });
  const result = await esbuild.build({
    absWorkingDir: PACKAGE_DIR,
    entryPoints: { main: join(PACKAGE_DIR, 'src/main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externalsPlugin],
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'error',
    // The chunk files carry hashes, so a build folder never holds two versions of one name.
    chunkNames: 'chunk-[hash]',
  });
  const repo = resolve(PACKAGE_DIR, '../..');
  // Our own sources one by one; installed packages through the file npm rewrites on every install (a
  // bundled dependency changes only then), which saves the start-up a few hundred file checks.
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => relative(repo, resolve(PACKAGE_DIR, p)))
    .filter((p) => !p.split(sep).includes('node_modules'));
  inputs.push(relative(repo, fileURLToPath(import.meta.url)));
  const installed = join('node_modules', '.package-lock.json');
  if (existsSync(join(repo, installed))) inputs.push(installed);
  const pointer = { dir: id, startedAt, inputs };
  const temp = `${POINTER_FILE}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(pointer)}\n`);
  await rename(temp, POINTER_FILE);
  await removeOldBuilds(id);
  return pointer;
}

async function removeOldBuilds(current) {
  const now = Date.now();
  for (const entry of await readdir(DIST_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const folder = join(DIST_DIR, entry.name);
    const { mtimeMs } = await stat(folder);
    if (now - mtimeMs > KEEP_OLD_BUILDS_MS) await rm(folder, { recursive: true, force: true });
  }
}

// `node packages/cli/build/bundle.js`: what `npm run build -w @entwine/cli` runs.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, inputs } = await bundleCli();
  process.stdout.write(`entwine CLI bundled into packages/cli/dist/${dir} (${inputs.length} source files)\n`);
}
