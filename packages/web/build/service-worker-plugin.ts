/**
 * Emits `sw.js` at the root of `dist/`: the service worker that caches the app shell (DESIGN §2, PWA).
 * Its source is `sw-template.js` with the list of files this build produced and a version derived from
 * their (hashed) names, so every build that changes a file also changes `sw.js` and the browser updates it.
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
  return {
    name: 'entwine-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map') && f !== 'index.html')
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const shell = { version, files: ['/', ...files.map((f) => `/${f}`), ...PUBLIC_FILES] };
      const template = readFileSync(join(import.meta.dirname, 'sw-template.js'), 'utf8');
      if (!PLACEHOLDER.test(template)) throw new Error(`sw-template.js: expected the '__ENTWINE_SHELL__' placeholder, got none`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: template.replace(PLACEHOLDER, JSON.stringify(shell)) });
    },
  };
}
