/**
 * `entwine verify-web URL`: checks that what a relay (or a static host) serves as the web app is, byte for
 * byte, a build you trust. The reference is a manifest you hold — by default the one your own release build
 * wrote (`npm run build -w @entwine/web` → `packages/web/dist/entwine-build.json`), or `--manifest FILE|DIR`
 * (a manifest from a build made elsewhere, from the same sources). Every file the reference lists is fetched
 * from URL and its SHA-256 compared; `/` (what a browser loads for any app address) must be the reference's
 * `index.html`. The manifest the server itself publishes is only read to say which build it claims to be:
 * trusting it would prove nothing, since a server that changes a file can change its manifest too.
 * Limits: this shows what URL served to this request, not to every visitor (a server can single out one
 * browser), and not what an already-open page or its service worker is running.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type CommandContext, UsageError } from '../context.ts';
import { webReleaseBuild } from '../web-release-build.ts';

/** The manifest `packages/web/build/release-manifest-plugin.ts` writes. */
export interface BuildManifest {
  app: string;
  version: string;
  build: string;
  files: Record<string, string>;
}

export const BUILD_MANIFEST = 'entwine-build.json';

export type Difference =
  | { path: string; kind: 'changed'; expected: string; served: string }
  | { path: string; kind: 'missing'; status: number }
  | { path: string; kind: 'claims-other-build'; expected: string; served: string };

export interface Verification {
  claimed: { version: string; build: string } | undefined;
  checked: number;
  differences: Difference[];
}

function readManifest(path: string): BuildManifest {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, BUILD_MANIFEST) : path;
  if (!existsSync(file)) {
    throw new UsageError(`no trusted manifest at ${file}; build the web app (npm run build -w @entwine/web) or pass --manifest FILE`);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildManifest>;
  if (typeof parsed.build !== 'string' || typeof parsed.files !== 'object' || parsed.files === null) {
    throw new UsageError(`${file}: not an Entwine build manifest (expected "build" and "files")`);
  }
  return parsed as BuildManifest;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function served(base: string, path: string): Promise<{ status: number; hash?: string; bytes?: Uint8Array }> {
  // No cookies, no cache: the bytes the server sends now, as a first-time visitor gets them.
  const res = await fetch(new URL(path, base), { headers: { 'cache-control': 'no-cache' }, redirect: 'error' });
  if (!res.ok) return { status: res.status };
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, hash: sha256(bytes), bytes };
}

export async function verifyServedWeb(url: string, trusted: BuildManifest): Promise<Verification> {
  const base = new URL(url).origin;
  const differences: Difference[] = [];
  let claimed: Verification['claimed'];
  const published = await served(base, `/${BUILD_MANIFEST}`);
  if (published.bytes) {
    try {
      const m = JSON.parse(new TextDecoder().decode(published.bytes)) as Partial<BuildManifest>;
      claimed = { version: String(m.version), build: String(m.build) };
    } catch {
      claimed = undefined;
    }
  }
  if (claimed && claimed.build !== trusted.build) {
    differences.push({ path: `/${BUILD_MANIFEST}`, kind: 'claims-other-build', expected: trusted.build, served: claimed.build });
  }
  const expectations: [string, string | undefined][] = Object.entries(trusted.files);
  // The page every app address (/, /i/…, /me) loads is index.html: it must be the trusted one too.
  expectations.push(['/', trusted.files['/index.html']]);
  for (const [path, expected] of expectations) {
    if (expected === undefined) continue;
    const got = await served(base, path);
    if (got.hash === undefined) differences.push({ path, kind: 'missing', status: got.status });
    else if (got.hash !== expected) differences.push({ path, kind: 'changed', expected, served: got.hash });
  }
  return { claimed, checked: expectations.length, differences };
}

export async function verifyWeb(ctx: CommandContext, url: string | undefined, opts: { manifest?: string }): Promise<number> {
  if (!url) throw new UsageError('verify-web: expected the URL the web app is served from, e.g. entwine verify-web https://relay.example');
  const source = resolve(opts.manifest ?? webReleaseBuild());
  const trusted = readManifest(source);
  ctx.out(`trusted build: ${trusted.build} (version ${trusted.version}, ${Object.keys(trusted.files).length} files) from ${source}`);
  const result = await verifyServedWeb(url, trusted);
  ctx.out(
    result.claimed
      ? `${url} claims build ${result.claimed.build} (version ${result.claimed.version})`
      : `${url} publishes no build manifest`,
  );
  if (result.differences.length === 0) {
    ctx.out(`OK: all ${result.checked} files ${url} serves match the trusted build`);
    return 0;
  }
  ctx.err(`MISMATCH: ${result.differences.length} of ${result.checked} checks differ from the trusted build:`);
  for (const d of result.differences) {
    if (d.kind === 'changed') ctx.err(`  changed  ${d.path}  expected sha256 ${d.expected}, served ${d.served}`);
    else if (d.kind === 'missing') ctx.err(`  missing  ${d.path}  (HTTP ${d.status})`);
    else ctx.err(`  claims   another build: expected ${d.expected}, served manifest says ${d.served}`);
  }
  return 1;
}
