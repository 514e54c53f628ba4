// What another local account can read of the CLI's state: the file is 0600 and a home the store creates is
// 0700, whatever the umask allows, and a save leaves no temporary copy behind. (The keys inside are in clear:
// the file's mode is the only thing between them and another account, and it does nothing against root,
// a backup or a copy of the disk — docs/threat-model.md.)
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileKeyStore, STATE_FILE } from './file-key-store.ts';

let base: string | undefined;
afterEach(async () => {
  if (base) await rm(base, { recursive: true, force: true });
  base = undefined;
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('fileKeyStore at rest', () => {
  it('writes the state 0600 in a home it creates 0700, and leaves no temporary file', async () => {
    base = await mkdtemp(join(tmpdir(), 'entwine-keystore-'));
    const home = join(base, 'nested', '.entwine');
    const previous = process.umask(0o022); // a usual umask, which would leave 0644 files and 0755 directories
    try {
      const store = fileKeyStore(home);
      await store.save('{"v":1,"first":true}');
      await store.save('{"v":1,"second":true}');
      expect(await modeOf(join(home, STATE_FILE))).toBe(0o600);
      expect(await modeOf(home)).toBe(0o700);
      expect(await readdir(home)).toEqual([STATE_FILE]);
      expect(await store.load()).toBe('{"v":1,"second":true}');
    } finally {
      process.umask(previous);
    }
  });

  it('keeps 0600 when it replaces a file another program left readable to all', async () => {
    base = await mkdtemp(join(tmpdir(), 'entwine-keystore-'));
    await writeFile(join(base, STATE_FILE), '{}', { mode: 0o644 });
    expect(await modeOf(join(base, STATE_FILE))).toBe(0o644); // the control: the old file was readable
    await fileKeyStore(base).save('{"v":1}');
    expect(await modeOf(join(base, STATE_FILE))).toBe(0o600);
  });
});
