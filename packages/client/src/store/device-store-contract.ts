/**
 * The one DeviceStore contract: every adapter (memory, SQLite, IndexedDB) registers this suite with its own
 * factory and passes it unchanged. It imports only vitest and client code, so it runs in Node and in
 * Chromium alike. Test names carry rule ids (D1…); a new rule gets a new id, and ids are never reused.
 */
import { utf8Decode, utf8Encode } from '@entwine/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStore } from './device-store.ts';

export interface DeviceStoreHarness {
  /** A new handle on this harness's data: a second process (or tab) on the same home, or a reopen. */
  open(): Promise<DeviceStore>;
  /** Closes every handle and removes the data. */
  cleanup(): Promise<void>;
}

const bytes = (text: string) => utf8Encode(text);
const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : utf8Decode(value));

export function deviceStoreContract(name: string, harness: () => Promise<DeviceStoreHarness>): void {
  describe(`DeviceStore contract: ${name}`, () => {
    let current: DeviceStoreHarness | undefined;
    const start = async () => {
      current = await harness();
      return { h: current, store: await current.open() };
    };
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    it('D1 a put record reads back byte for byte; a missing one is undefined', async () => {
      const { store } = await start();
      const value = new Uint8Array(256).map((_, i) => i);
      await store.write([{ op: 'put', kind: 'photo', id: 'b1/m1', value }]);
      expect(await store.get('photo', 'b1/m1')).toEqual(value);
      expect(await store.get('photo', 'b1/m2')).toBeUndefined();
      expect(await store.get('other', 'b1/m1')).toBeUndefined();
      // What the store returned is a copy: editing it changes nothing stored.
      const got = (await store.get('photo', 'b1/m1')) as Uint8Array;
      got[0] = 99;
      expect((await store.get('photo', 'b1/m1'))?.[0]).toBe(0);
    });

    it('D2 list returns one kind, in id order, filtered by prefix', async () => {
      const { store } = await start();
      await store.write([
        { op: 'put', kind: 'thought', id: 'b2/x', value: bytes('4') },
        { op: 'put', kind: 'thought', id: 'b1/b', value: bytes('2') },
        { op: 'put', kind: 'thought', id: 'b1/a', value: bytes('1') },
        { op: 'put', kind: 'thought', id: 'b10/a', value: bytes('3') },
        { op: 'put', kind: 'glance', id: 'b1/a', value: bytes('g') },
      ]);
      expect((await store.list('thought')).map((r) => r.id)).toEqual(['b1/a', 'b1/b', 'b10/a', 'b2/x']);
      const b1 = await store.list('thought', 'b1/');
      expect(b1.map((r) => [r.id, text(r.value)])).toEqual([
        ['b1/a', '1'],
        ['b1/b', '2'],
      ]);
      expect(await store.list('nothing')).toEqual([]);
    });

    it('D3 a batch applies in order: put, overwrite, delete, deletePrefix', async () => {
      const { store } = await start();
      await store.write([
        { op: 'put', kind: 'k', id: 'a', value: bytes('1') },
        { op: 'put', kind: 'k', id: 'a', value: bytes('2') },
        { op: 'put', kind: 'k', id: 'b', value: bytes('3') },
        { op: 'delete', kind: 'k', id: 'b' },
        { op: 'put', kind: 'k', id: 'p/1', value: bytes('4') },
        { op: 'put', kind: 'k', id: 'p/2', value: bytes('5') },
        { op: 'put', kind: 'k', id: 'q/1', value: bytes('6') },
      ]);
      await store.write([
        { op: 'deletePrefix', kind: 'k', prefix: 'p/' },
        { op: 'put', kind: 'k', id: 'p/3', value: bytes('7') },
      ]);
      expect((await store.list('k')).map((r) => [r.id, text(r.value)])).toEqual([
        ['a', '2'],
        ['p/3', '7'],
        ['q/1', '6'],
      ]);
    });

    it('D4 a batch is all or none: a failing op leaves nothing of it', async () => {
      const { store } = await start();
      await store.write([{ op: 'put', kind: 'k', id: 'kept', value: bytes('old') }]);
      const bad = { op: 'put', kind: 'k', id: 'bad', value: 'not bytes' } as unknown as {
        op: 'put';
        kind: string;
        id: string;
        value: Uint8Array;
      };
      await expect(
        store.write([
          { op: 'put', kind: 'k', id: 'kept', value: bytes('new') },
          { op: 'put', kind: 'k', id: 'other', value: bytes('x') },
          bad,
        ]),
      ).rejects.toThrow();
      expect(text(await store.get('k', 'kept'))).toBe('old');
      expect(await store.get('k', 'other')).toBeUndefined();
    });

    it('D5 what a resolved write put survives closing and reopening', async () => {
      const { h, store } = await start();
      await store.write([
        { op: 'put', kind: 'identity', id: '', value: bytes('keys') },
        { op: 'put', kind: 'thought', id: 'b1/t1', value: bytes('hello') },
      ]);
      await store.close();
      const again = await h.open();
      expect(text(await again.get('identity', ''))).toBe('keys');
      expect(text(await again.get('thought', 'b1/t1'))).toBe('hello');
    });

    it('D6 update reads the committed value and writes what fn returns; undefined deletes', async () => {
      const { store } = await start();
      expect(text(await store.update('seq', 'b1', (cur) => bytes(String(Number(text(cur) ?? '0') + 1))))).toBe('1');
      expect(text(await store.update('seq', 'b1', (cur) => bytes(String(Number(text(cur)) + 1))))).toBe('2');
      expect(text(await store.get('seq', 'b1'))).toBe('2');
      expect(await store.update('seq', 'b1', () => undefined)).toBeUndefined();
      expect(await store.get('seq', 'b1')).toBeUndefined();
    });

    it('D7 updates from two handles interleaved lose no increment', async () => {
      const { h, store } = await start();
      const other = await h.open();
      const inc = (s: DeviceStore) => s.update('seq', 'b1', (cur) => bytes(String(Number(text(cur) ?? '0') + 1)));
      await Promise.all(Array.from({ length: 50 }, (_, i) => inc(i % 2 === 0 ? store : other)));
      expect(text(await store.get('seq', 'b1'))).toBe('50');
      expect(text(await other.get('seq', 'b1'))).toBe('50');
    });

    it('D8 changedElsewhere changes when another handle commits, not on this handle’s own writes', async () => {
      const { h, store } = await start();
      const other = await h.open();
      const before = await store.changedElsewhere();
      await store.write([{ op: 'put', kind: 'k', id: 'mine', value: bytes('1') }]);
      await store.update('k', 'mine', () => bytes('2'));
      expect(await store.changedElsewhere()).toBe(before);
      await other.write([{ op: 'put', kind: 'shield', id: 'b1', value: bytes('city') }]);
      const after = await store.changedElsewhere();
      expect(after).not.toBe(before);
      expect(text(await store.get('shield', 'b1'))).toBe('city');
      expect(await store.changedElsewhere()).toBe(after);
      await other.update('k', 'mine', () => bytes('3'));
      expect(await store.changedElsewhere()).not.toBe(after);
    });

    it('D9 a deletePrefix removes only its kind and prefix', async () => {
      const { store } = await start();
      await store.write([
        { op: 'put', kind: 'moment', id: 'b1/m1', value: bytes('1') },
        { op: 'put', kind: 'moment', id: 'b12/m1', value: bytes('2') },
        { op: 'put', kind: 'photo', id: 'b1/m1', value: bytes('3') },
      ]);
      await store.write([{ op: 'deletePrefix', kind: 'moment', prefix: 'b1/' }]);
      expect((await store.list('moment')).map((r) => r.id)).toEqual(['b12/m1']);
      expect((await store.list('photo')).map((r) => r.id)).toEqual(['b1/m1']);
    });

    it('D10 large values (a photo) and empty values round-trip', async () => {
      const { store } = await start();
      const photo = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 7919) & 0xff);
      await store.write([
        { op: 'put', kind: 'photo', id: 'b1/m1', value: photo },
        { op: 'put', kind: 'empty', id: 'e', value: new Uint8Array(0) },
      ]);
      // Compared by hand: a deep toEqual of megabytes takes vitest a minute.
      expect(sameBytes(await store.get('photo', 'b1/m1'), photo)).toBe(true);
      expect(await store.get('empty', 'e')).toEqual(new Uint8Array(0));
    });
  });
}
