// Issue 10, point 11 / acceptance 8: `entwine verify-web URL` checks what a relay serves as the web app
// against a build the person trusts (their own release build's manifest), not against anything the relay
// says about itself. Two clean release builds are byte-identical (so anyone can rebuild the trusted
// manifest from the sources); a relay serving that build passes; a relay serving a copy with one byte of
// one script changed — even with its own manifest rewritten to match — fails, naming the file.
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './support/cli.ts';
import { type BuildManifest, buildRelease } from './support/release-build.ts';
import { startWebRelay, type WebRelay } from './support/web-relay.ts';

let dir: string;
let trusted: BuildManifest;
let second: BuildManifest;
const relays: WebRelay[] = [];

async function filesOf(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(root.length), await readFile(path));
    }
  }
  return out;
}

beforeAll(async () => {
  dir = await tempDir('verify-web');
  // Two clean builds of the same sources, one after the other, each into an empty folder.
  trusted = await buildRelease(join(dir, 'trusted'));
  second = await buildRelease(join(dir, 'served'));
}, 240_000);

afterAll(async () => {
  for (const r of relays) await r.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('entwine verify-web', () => {
  it('two clean release builds are byte-identical, and the manifest lists every served file', async () => {
    const a = await filesOf(join(dir, 'trusted'));
    const b = await filesOf(join(dir, 'served'));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [path, bytes] of a) expect(Buffer.compare(bytes, b.get(path) as Buffer), path).toBe(0);
    expect(second).toEqual(trusted);
    // Every file in the build but the manifest itself is listed with its SHA-256.
    const listed = Object.keys(trusted.files).sort();
    expect(listed).toEqual([...a.keys()].filter((p) => p !== '/entwine-build.json').sort());
    for (const p of listed)
      expect(trusted.files[p]).toBe(
        createHash('sha256')
          .update(a.get(p) as Buffer)
          .digest('hex'),
      );
    expect(listed.some((p) => p.endsWith('.js'))).toBe(true);
    expect(listed).toContain('/sw.js');
    expect(listed).toContain('/index.html');
  }, 60_000);

  it('passes against a relay serving the release build', async () => {
    const relay = await startWebRelay({ tag: 'verify-ok', webRoot: join(dir, 'served') });
    relays.push(relay);
    const r = await cli(['verify-web', relay.url, '--manifest', join(dir, 'trusted', 'entwine-build.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`claims build ${trusted.build}`);
    expect(r.stdout).toMatch(/OK: all \d+ files/);
  }, 60_000);

  it('fails against a relay serving a modified bundle, naming the file, even with a matching manifest of its own', async () => {
    const modified = join(dir, 'modified');
    await cp(join(dir, 'served'), modified, { recursive: true });
    const victim = Object.keys(trusted.files).find((p) => /^\/assets\/app-.*\.js$/.test(p)) as string;
    expect(victim).toBeDefined();
    const bytes = await readFile(join(modified, victim));
    const at = bytes.length >> 1;
    bytes[at] = (bytes[at] as number) ^ 0x01; // one bit of one byte
    await writeFile(join(modified, victim), bytes);
    // A careful attacker also rewrites the manifest it serves, so it claims the same build id with the new hash.
    const lying: BuildManifest = {
      ...trusted,
      files: { ...trusted.files, [victim]: createHash('sha256').update(bytes).digest('hex') },
    };
    await writeFile(join(modified, 'entwine-build.json'), JSON.stringify(lying));
    const relay = await startWebRelay({ tag: 'verify-bad', webRoot: modified });
    relays.push(relay);

    const r = await cli(['verify-web', relay.url, '--manifest', join(dir, 'trusted')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('MISMATCH: 1 of');
    expect(r.stderr).toContain(`changed  ${victim}  expected sha256 ${trusted.files[victim]}`);
    // What the relay claims about itself did not make it pass.
    expect(r.stdout).toContain(`claims build ${trusted.build}`);
  }, 60_000);

  it('lists a file the relay does not serve, and an index page that is not the trusted one', async () => {
    const relay = await startWebRelay({ tag: 'verify-other', webRoot: join(dir, 'modified') });
    relays.push(relay);
    const other: BuildManifest = {
      ...trusted,
      files: { ...trusted.files, '/assets/missing-0000.js': '00'.repeat(32), '/index.html': 'ff'.repeat(32) },
    };
    const path = join(dir, 'other.json');
    await writeFile(path, JSON.stringify(other));
    const r = await cli(['verify-web', relay.url, '--manifest', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing  /assets/missing-0000.js  (HTTP 404)');
    expect(r.stderr).toMatch(/changed {2}\/index\.html /);
    expect(r.stderr).toMatch(/changed {2}\/ {2}expected/);
  }, 60_000);

  it('is in --help', async () => {
    const r = await cli(['--help']);
    expect(r.stdout).toContain('verify-web URL [--manifest FILE|DIR]');
  });
});
