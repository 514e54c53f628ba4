import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStore } from '@entwine/client';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deviceStoreContract } from '../../client/src/store/device-store-contract.ts';
import { prefixEnd, STORE_FILE, sqliteStore } from './sqlite-store.ts';

deviceStoreContract('SQLite', async () => {
  const home = await mkdtemp(join(tmpdir(), 'entwine-sqlite-store-'));
  const handles: DeviceStore[] = [];
  return {
    async open() {
      const store = sqliteStore(home);
      handles.push(store);
      return store;
    },
    async cleanup() {
      for (const h of handles) await h.close();
      await rm(home, { recursive: true, force: true });
    },
  };
});

function increments(home: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'sqlite-store-increment.worker.ts'), home, String(count)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}: ${stderr}`))));
  });
}

describe('the SQLite store on one home', () => {
  it('two processes incrementing one record through update lose no increment', async () => {
    const home = await mkdtemp(join(tmpdir(), 'entwine-sqlite-two-'));
    try {
      await Promise.all([increments(home, 200), increments(home, 200)]);
      const store = sqliteStore(home);
      expect(new TextDecoder().decode(await store.get('counter', 'n'))).toBe('400');
      await store.close();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('keeps its files 0600 in a home it creates 0700, in WAL mode', async () => {
    const base = await mkdtemp(join(tmpdir(), 'entwine-sqlite-mode-'));
    const home = join(base, 'home');
    try {
      const store = sqliteStore(home);
      await store.write([{ op: 'put', kind: 'k', id: 'a', value: new Uint8Array([1]) }]);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
      for (const file of [STORE_FILE, `${STORE_FILE}-wal`, `${STORE_FILE}-shm`]) {
        expect((await stat(join(home, file))).mode & 0o777, file).toBe(0o600);
      }
      const db = new Database(join(home, STORE_FILE), { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      await store.close();
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('a prefix in the SQLite store is a key range', () => {
  it('prefixEnd is the least string above every string with the prefix', () => {
    expect(prefixEnd('00020770/')).toBe('000207700');
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('a\uD7FF')).toBe('a\uE000');
    expect(prefixEnd('a\u{1F600}')).toBe('a\u{1F601}');
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('\u{10FFFF}\u{10FFFF}')).toBeUndefined();
  });

  it('list and deletePrefix take exactly the ids that start with the prefix, its neighbours in order left alone', async () => {
    const home = await mkdtemp(join(tmpdir(), 'entwine-sqlite-prefix-'));
    const store = sqliteStore(home);
    try {
      // An astral character counts as two in a JS string and one in SQLite: a prefix ending in one is still exact.
      const ids = [
        'a',
        'a.',
        'a/',
        'a/x',
        'a/\uFFFF',
        'a/\u{1F600}',
        'a/\u{10FFFF}z',
        'a0',
        'b',
        'c\u{1F600}',
        'c\u{1F600}q',
        'c\u{1F601}',
      ];
      const value = new Uint8Array([1]);
      await store.write(ids.map((id) => ({ op: 'put', kind: 'k', id, value })));
      await store.write([{ op: 'put', kind: 'l', id: 'a/y', value }]);
      const listed = async (prefix: string) => (await store.list('k', prefix)).map((r) => r.id);
      expect(await listed('a/')).toEqual(['a/', 'a/x', 'a/\uFFFF', 'a/\u{1F600}', 'a/\u{10FFFF}z']);
      expect(await listed('c\u{1F600}')).toEqual(['c\u{1F600}', 'c\u{1F600}q']);
      expect(await listed('')).toEqual(ids);
      await store.write([{ op: 'deletePrefix', kind: 'k', prefix: 'a/' }]);
      expect(await listed('')).toEqual(['a', 'a.', 'a0', 'b', 'c\u{1F600}', 'c\u{1F600}q', 'c\u{1F601}']);
      expect((await store.list('l')).map((r) => r.id)).toEqual(['a/y']);
    } finally {
      await store.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
