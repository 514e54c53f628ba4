/**
 * Whether the CLI bundle (`bundle.js`) is the code in the tree: it is fresh when every source file it was
 * built from is still there and none changed since its build started. A `git checkout`, a pull or an edit
 * touches the files it changes, so the next start rebuilds. Only `node:fs` here: this runs on every start.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The bundle's entry file if the bundle is fresh, else undefined (no build yet, or a source changed).
 * @param {string} packageDir packages/cli
 * @returns {string | undefined}
 */
export function freshBundleEntry(packageDir) {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(join(packageDir, 'dist/current.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const repo = resolve(packageDir, '../..');
  for (const input of pointer.inputs) {
    const info = statSync(join(repo, input), { throwIfNoEntry: false });
    if (!info || info.mtimeMs >= pointer.startedAt) return undefined;
  }
  const entry = join(packageDir, 'dist', pointer.dir, 'main.js');
  return statSync(entry, { throwIfNoEntry: false }) ? entry : undefined;
}
