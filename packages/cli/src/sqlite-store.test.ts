import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStore } from '@entwine/client';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { deviceStoreContract } from '../../client/src/store/device-store-contract.ts';
import { afterPrefix, LIST_PREFIX_SQL, STORE_FILE, sqliteStore } from './sqlite-store.ts';

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

describe('a prefix on a long history (decision 0014: one day of years costs what one day of a week does)', () => {
  it('lists with the id bounded on both sides, where an open range read every later id of the kind', async () => {
    const home = await mkdtemp(join(tmpdir(), 'entwine-sqlite-range-'));
    try {
      const store = sqliteStore(home);
      await store.write([{ op: 'put', kind: 'trail-fix', id: '00020000/1', value: new Uint8Array([1]) }]);
      const db = new Database(join(home, STORE_FILE), { readonly: true });
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('k', 'a/', 'a0', 2, 'a/') as { detail: string }[])[0]?.detail;
      expect(plan(LIST_PREFIX_SQL)).toBe('SEARCH records USING PRIMARY KEY (kind=? AND id>? AND id<?)');
      // The control: the query of before, open above, which SQLite runs to the end of the kind.
      const open = 'SELECT id, value FROM records WHERE kind = ? AND id >= ? AND ? IS NOT NULL AND substr(id, 1, ?) = ? ORDER BY id';
      expect(plan(open)).toBe('SEARCH records USING PRIMARY KEY (kind=? AND id>?)');
      db.close();
      await store.close();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('afterPrefix is the prefix with its last character one higher, when it is ASCII; else the range stays open', () => {
    expect(afterPrefix('00020428/')).toBe('000204280');
    expect(afterPrefix('b1/')).toBe('b10');
    expect(afterPrefix('')).toBeUndefined();
    expect(afterPrefix('café')).toBeUndefined();
  });

  it('lists and deletes exactly the prefix at its edges: the prefix itself, the next character up, non-ASCII ids', async () => {
    const home = await mkdtemp(join(tmpdir(), 'entwine-sqlite-edges-'));
    try {
      const store = sqliteStore(home);
      const ids = ['d/', 'd/1', 'd/\u{10ffff}', 'd/é', 'd0', 'd.', 'é', 'éa', 'é\u{10ffff}', 'ê'];
      await store.write(ids.map((id) => ({ op: 'put' as const, kind: 'k', id, value: new Uint8Array([1]) })));
      const listed = async (prefix: string) => (await store.list('k', prefix)).map((r) => r.id);
      expect(await listed('d/')).toEqual(['d/', 'd/1', 'd/é', 'd/\u{10ffff}']);
      expect(await listed('é')).toEqual(['é', 'éa', 'é\u{10ffff}']);
      await store.write([{ op: 'deletePrefix', kind: 'k', prefix: 'd/' }]);
      expect(await listed('')).toEqual(['d.', 'd0', 'é', 'éa', 'é\u{10ffff}', 'ê']);
      await store.close();
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
