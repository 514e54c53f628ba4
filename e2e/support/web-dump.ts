/**
 * What a page keeps in IndexedDB, read in the page (`page/indexeddb-dump.js`): every record of every
 * database as raw parts, each device record opened with the page's own key, and the device state those
 * records hold, assembled as the client assembles it (`deviceStateOf`), for tests that look at what is at rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DeviceState, deviceStateOf, memoryStore, memoryStoreData } from '@entwine/client';
import type { Page } from 'playwright-core';

export interface Dump {
  records: { db: string; store: string; key: string; parts: { kind: 'text' | 'bytes' | 'key'; value: string }[] }[];
  /** The previous version's one-document state, if one is still there (not migrated). */
  plaintext?: string;
  /** Every device record, opened: value as base64. */
  opened: { kind: string; id: string; value: string }[];
  wrappingKey: { type: string; extractable: boolean; algorithm: string; length: number; exportRefused: boolean };
  localStorage: string;
}

const DUMP = readFileSync(join(import.meta.dirname, 'page/indexeddb-dump.js'), 'utf8').replace(/;\s*$/, '');

export async function dumpIndexedDb(page: Page): Promise<Dump> {
  return (await page.evaluate(`(${DUMP.slice(DUMP.indexOf('async () =>'))})()`)) as Dump;
}

/** The device state the opened records hold. */
export async function stateOf(dump: Dump): Promise<DeviceState> {
  const data = memoryStoreData();
  await memoryStore(data).write(dump.opened.map((r) => ({ op: 'put', kind: r.kind, id: r.id, value: Buffer.from(r.value, 'base64') })));
  const state = deviceStateOf(data);
  if (!state) throw new Error('the page’s records hold no device');
  return state;
}

/** Every opened record's bytes, one after the other: what the page could read back, for a canary scan. */
export function openedBytes(dump: Dump): Buffer {
  return Buffer.concat(dump.opened.map((r) => Buffer.from(r.value, 'base64')));
}

/** Every stored part as bytes (sealed values, key names, localStorage): what is at rest, for a canary scan. */
export function storedBytes(dump: Dump): Buffer {
  return Buffer.concat([
    ...dump.records.flatMap((r) => r.parts.map((p) => (p.kind === 'bytes' ? Buffer.from(p.value, 'base64') : Buffer.from(p.value)))),
    Buffer.from(dump.localStorage),
  ]);
}
