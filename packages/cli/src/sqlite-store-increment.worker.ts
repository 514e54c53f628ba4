/**
 * A second process for `sqlite-store.test.ts`: opens the home's store and adds 1 to one record `count`
 * times through `update`, so the test can show two processes lose no increment.
 *   node --import tsx sqlite-store-increment.worker.ts HOME COUNT
 */
import { sqliteStore } from './sqlite-store.ts';

const [home, count] = process.argv.slice(2);
if (!home || !count) throw new Error('usage: sqlite-store-increment.worker.ts HOME COUNT');
const store = sqliteStore(home);
const enc = new TextEncoder();
const dec = new TextDecoder();
for (let i = 0; i < Number(count); i++) {
  await store.update('counter', 'n', (cur) => enc.encode(String(Number(cur ? dec.decode(cur) : '0') + 1)));
}
await store.close();
process.stdout.write('done\n');
