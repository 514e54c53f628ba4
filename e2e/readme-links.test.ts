// The README tells the truth at the door: every relative link in it opens a file or folder of this
// repository, and its picture names only parts that exist (no PostgreSQL store, no bridge, until they do).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/cli.ts';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README', () => {
  it('links only files in the repository', () => {
    const targets = [...README.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] as string)
      .filter((t) => !/^[a-z]+:/i.test(t) && !t.startsWith('#'))
      .map((t) => decodeURIComponent(t.split('#')[0] as string));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !existsSync(join(REPO, t)))).toEqual([]);
  });

  it('draws only what exists', () => {
    const picture = README.slice(README.indexOf('```'), README.indexOf('```', README.indexOf('```') + 3));
    expect(picture).toContain('relay');
    expect(picture).not.toMatch(/postgres/i);
    expect(picture).not.toMatch(/bridge/i);
    expect(existsSync(join(REPO, 'packages/server/src/store/sqlite-store.ts'))).toBe(true);
  });
});
