import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const child = join(import.meta.dirname, 'test-support', 'serve-child.ts');
let dir: string;
let proc: ChildProcess | undefined;
afterEach(() => {
  proc?.kill('SIGKILL');
  proc = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): Promise<string> {
  proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    proc?.on('exit', (code) => reject(new Error(`relay exited early with ${code}`)));
  });
}

const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));

describe('startRelayFromCli', () => {
  it('serves on the returned URL, prints nothing itself, and exits cleanly on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'entwine-serve-'));
    const url = await start([join(dir, 'data')]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    expect(existsSync(join(dir, 'data', 'entwine.db'))).toBe(true);
    const p = proc as ChildProcess;
    const code = exited(p);
    p.kill('SIGTERM');
    expect(await code).toBe(0);
  });

  it('serves HTTPS when given a certificate and key', async () => {
    dir = mkdtempSync(join(tmpdir(), 'entwine-serve-'));
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      {
        stdio: 'ignore',
      },
    );
    const url = await start([join(dir, 'data'), cert, key]);
    expect(url).toMatch(/^https:\/\//);
    const body = await new Promise<string>((resolve, reject) => {
      request(`${url}/healthz`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
    const p = proc as ChildProcess;
    const code = exited(p);
    p.kill('SIGINT');
    expect(await code).toBe(0);
  });
});
