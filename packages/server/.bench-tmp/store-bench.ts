import { fsyncSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../src/store/sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'sb-'));
const fd = openSync(join(dir, 'f'), 'w');
let t0 = performance.now();
for (let i = 0; i < 200; i++) {
  writeSync(fd, Buffer.alloc(256));
  fsyncSync(fd);
}
console.log('fsync avg ms', ((performance.now() - t0) / 200).toFixed(3));
const s = new SqliteStore({ dataDir: dir });
const sig = { body: 'e30', sig: 'A'.repeat(86) };
await s.createInvite({
  inviteId: 'i'.repeat(22),
  creatorUser: 'a'.repeat(22),
  creatorDevice: 'd'.repeat(22),
  blob: 'YQ',
  expiresAt: Date.now() + 1e6,
});
await s.respondToInvite('i'.repeat(22), { responderUser: 'b'.repeat(22), responderDevice: 'e'.repeat(22), response: 'cg' }, Date.now());
await s.revealInvite('i'.repeat(22), 'a'.repeat(22), 'cg', {
  bondId: 'B'.repeat(22),
  inviteId: 'i'.repeat(22),
  userA: 'a'.repeat(22),
  userB: 'b'.repeat(22),
  confirmA: sig,
});
await s.activateBond('B'.repeat(22), sig);
let seq = 0n;
for (const n of [1, 10, 100, 1000]) {
  const rounds = Math.max(5, 2000 / n);
  t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    await s.appendEnvelopes(
      Array.from({ length: n }, () => ({
        bondId: 'B'.repeat(22),
        senderDevice: 'd'.repeat(22),
        epochId: 'e'.repeat(11),
        seq: ++seq,
        body: new Uint8Array(260),
      })),
    );
  }
  const ms = performance.now() - t0;
  console.log(`batch ${n}: ${(ms / rounds).toFixed(2)} ms/commit, ${Math.round((rounds * n) / (ms / 1000))} rows/s`);
}
