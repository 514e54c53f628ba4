import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEnvelope, detectEd25519, encodeAckFrame, encodeSendFrame, decodeSendFrame, systemClock, systemRandom, toBase64url } from '@entwine/core';
import pino from 'pino';
import { submitEnvelopes } from '../src/envelope-intake.ts';
import { LocalBus } from '../src/local-bus.ts';
import { RateLimiter } from '../src/rate-limiter.ts';
import { DEFAULT_LIMITS } from '../src/relay-options.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { newEpochId, seal } from '../src/test-support/envelopes.ts';
import { makePerson } from '../src/test-support/people.ts';

const dir = mkdtempSync(join(tmpdir(), 'ib-'));
const store = new SqliteStore({ dataDir: dir });
const relay = { store, bus: new LocalBus(), ed: await detectEd25519(), clock: systemClock, random: systemRandom(), limits: DEFAULT_LIMITS, hooks: undefined, log: pino({ enabled: false }), rate: new RateLimiter(1e9, 1e9), originFor: () => '' };
const p = await makePerson('A');
const device = p.devices[0]!;
const bondId = toBase64url(systemRandom().bytes(16));
const view = { userA: 'a', userB: 'b', state: 'active' as const };
const template = await seal(device, bondId, newEpochId(), 0n, 'x'.repeat(100));
let seq = 0n;
const mkFrame = (n: number) => encodeSendFrame(Array.from({ length: n }, () => { const e = template.slice(); new DataView(e.buffer).setBigUint64(41, ++seq); return e; }));
// Isolate costs
const frames = Array.from({ length: 2000 }, () => mkFrame(8));
let t0 = performance.now();
for (const f of frames) { for (const e of decodeSendFrame(f)) decodeEnvelope(e); }
console.log('decode per envelope µs', ((performance.now() - t0) * 1000 / 16000).toFixed(2));
const acks = Array.from({ length: 8 }, () => ({ epochId: newEpochId(), seq: 5n, status: 0 as const }));
t0 = performance.now();
for (let i = 0; i < 2000; i++) encodeAckFrame(acks);
console.log('ack encode per envelope µs', ((performance.now() - t0) * 1000 / 16000).toFixed(2));
// bypass store: bond active check needs a bond row; monkeypatch appendEnvelopes to fake
const realAppend = store.appendEnvelopes.bind(store);
(store as any).appendEnvelopes = async (rows: any[]) => rows.map((_: any, i: number) => ({ status: 'stored', cursor: BigInt(i) }));
const frames2 = Array.from({ length: 2000 }, () => decodeSendFrame(mkFrame(8)));
t0 = performance.now();
for (const envs of frames2) { const s = await submitEnvelopes(relay as any, { deviceId: device.deviceId, userId: 'a' }, envs, () => view, { socketId: 'x' }); await s.result; }
console.log('intake (no store) per envelope µs', ((performance.now() - t0) * 1000 / 16000).toFixed(2));
