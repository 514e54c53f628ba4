/**
 * Writes `entwine-build.json` at the root of `dist/` after everything else is written: the app's version and
 * the SHA-256 of every file the relay (or a static host) serves from this build, plus `build`, one hash over
 * that whole list. Release builds are reproducible (the bundler's output depends only on the sources and the
 * locked dependencies: no timestamps, no absolute paths), so anyone can rebuild a version from its sources
 * and compare: `entwine verify-web URL --manifest <their own dist>/entwine-build.json` fetches every file a
 * relay serves and checks it against these hashes. The copy a relay serves is informational only: a relay
 * that changes a file can change its manifest too.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const BUILD_MANIFEST = 'entwine-build.json';

export interface BuildManifest {
  app: 'entwine-web';
  /** `packages/web/package.json`'s version. */
  version: string;
  /** SHA-256 over the sorted `path sha256` lines of `files`: one name for the whole build. */
  build: string;
  /** URL path (`/assets/app-….js`) → SHA-256 (hex) of the bytes served there. */
  files: Record<string, string>;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export function manifestOf(dir: string, version: string): BuildManifest {
  const files: Record<string, string> = {};
  const paths = filesUnder(dir)
    .map((p) => `/${relative(dir, p).split(sep).join('/')}`)
    .filter((p) => p !== `/${BUILD_MANIFEST}`)
    .sort();
  for (const p of paths)
    files[p] = createHash('sha256')
      .update(readFileSync(join(dir, p)))
      .digest('hex');
  const lines = paths.map((p) => `${p} ${files[p]}\n`).join('');
  return { app: 'entwine-web', version, build: createHash('sha256').update(lines).digest('hex'), files };
}

export function releaseManifestPlugin(version: string): Plugin {
  let outDir = '';
  return {
    name: 'entwine-release-manifest',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      handler() {
        const manifest = manifestOf(outDir, version);
        writeFileSync(join(outDir, BUILD_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
      },
    },
  };
}
