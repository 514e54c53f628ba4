/**
 * Emits `sw.js` at the root of `dist/`: the service worker that caches the app shell (DESIGN §2, PWA).
 * Its source is `sw-template.js` with the list of files this build produced and a version derived from
 * their contents (the page's too, and the public files'), so every build that changes any byte also changes
 * `sw.js` — the browser installs it as an update — and names a cache of its own, so a new version never
 * writes into the cache the installed one serves from.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The template's `'__ENTWINE_SHELL__'` string (either quote: the formatter may change it). */
const PLACEHOLDER = /(['"])__ENTWINE_SHELL__\1/;
/** Files from `public/` (copied as they are, so not in the bundle) that the shell needs offline. */
const PUBLIC_FILES = ['/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png', '/icon-maskable-512.png'];

export function serviceWorkerPlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'entwine-service-worker',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map') && f !== 'index.html')
        .sort();
      const hash = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        const out = bundle[name];
        if (!out || name.endsWith('.map')) continue;
        hash.update(`${name}\n`).update(out.type === 'chunk' ? out.code : out.source);
      }
      for (const p of PUBLIC_FILES) hash.update(`${p}\n`).update(readFileSync(join(publicDir, p)));
      const version = hash.digest('hex').slice(0, 16);
      const shell = { version, files: ['/', ...files.map((f) => `/${f}`), ...PUBLIC_FILES] };
      const template = readFileSync(join(import.meta.dirname, 'sw-template.js'), 'utf8');
      if (!PLACEHOLDER.test(template)) throw new Error(`sw-template.js: expected the '__ENTWINE_SHELL__' placeholder, got none`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: template.replace(PLACEHOLDER, JSON.stringify(shell)) });
    },
  };
}
