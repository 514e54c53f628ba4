/**
 * The order test files start in: longest first, so that on 2 workers the last file to finish is a short one
 * (a 60 s browser file started last keeps one core busy for a minute while the other idles).
 *
 * Vitest's own order does this from the durations it cached in a previous run; a fresh clone has none, and it
 * then starts larger files first — where a 300-line unit test of pure functions goes before a 100-line
 * browser test. Without durations for every file, this ranks by what a file starts: Chromium first, then a
 * relay or CLI processes (everything else under e2e/), then unit tests; by size within each.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Higher starts earlier. */
function costClass(file: string, root: string): number {
  const path = relative(root, file);
  if (!path.startsWith('e2e/')) return 0;
  const source = readFileSync(file, 'utf8');
  return /web-suite\.ts|playwright-core|launchBrowser|launchPersistent/.test(source) ? 2 : 1;
}

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const timed = files.every((f) => this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(root, f.moduleId)}`));
    if (timed) return super.sort(files);
    const rank = new Map(files.map((f) => [f, { cost: costClass(f.moduleId, root), size: statSync(f.moduleId).size }]));
    return [...files].sort((a, b) => {
      const ra = rank.get(a)!;
      const rb = rank.get(b)!;
      return rb.cost - ra.cost || rb.size - ra.size;
    });
  }
}
