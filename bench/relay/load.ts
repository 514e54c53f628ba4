/**
 * The load generator: client sockets (`ws`, binary frames, no compression) and the three scenarios.
 * Everything runs in ONE process, so the send time written into an envelope and the time it arrives
 * at the partner socket come from the same clock (`performance.now()`).
 *
 * Envelopes have a real header (version, bondId, senderDevice, epochId, seq — the relay reads and
 * checks all of it) and random bytes for nonce, ciphertext and signature: the relay never verifies
 * envelope signatures or opens ciphertext (recipients do), so sealing them would only load the
 * generator. The first 8 ciphertext bytes carry the send time (float64), which is how latency is
 * measured at the receiving socket. Each envelope is 409 bytes: a location fix padded to 256 B.
 */
import { fromBase64url, ROUTES } from '@entwine/core';
import WebSocket from 'ws';
import type { BenchChild, WindowStats } from './proc.ts';
import { deviceWrittenBytes, machineCpuSeconds } from './proc.ts';
import type { BenchBond, BenchUser } from './seed.ts';
import { pool, Samples, type Summary, sleep } from './stats.ts';

const HEADER = 49;
const NONCE = 24;
const CT = 256 + 16; // a 256-byte padded plaintext plus the AEAD tag
const SIG = 64;
export const ENVELOPE_BYTES = HEADER + NONCE + CT + SIG;
const TIME_AT = HEADER + NONCE; // send time, float64 BE, in the first ciphertext bytes

const SEND = 0x01;
const ACK = 0x02;
const DELIVER = 0x03;
const ACK_ENTRY = 17;
const STATUS_NAMES = [
  'stored',
  'duplicate',
  'malformed',
  'notMember',
  'bondPending',
  'bondEnded',
  'senderMismatch',
  'rateLimited',
  'tooLarge',
  'storeUnavailable',
];

export type TargetKind = 'entwine' | 'bare';

export interface Peer {
  index: number;
  ws: WebSocket;
  /** Envelope bytes with header and random tail; seq and send time are written per envelope. */
  prefix: Buffer;
  seq: number;
  /** Ours acks every SEND frame; the baseline never does, so nothing is tracked for it. */
  acked: boolean;
  /** Envelopes sent and not yet acked. */
  inFlight: number;
  /** Send time and envelope count per unacked frame; the relay acks frames in order. */
  pendingTimes: number[];
  pendingCounts: number[];
  closed: boolean;
}

interface Handlers {
  ack(peer: Peer, frame: Buffer, now: number): void;
  deliver(peer: Peer, frame: Buffer, now: number): void;
}

const ignore: Handlers = { ack() {}, deliver() {} };
let handlers: Handlers = ignore;
let unexpectedCloses = 0;
let relayErrors = 0;

export function prefixFor(bondId: string, deviceId: string): Buffer {
  const env = Buffer.alloc(ENVELOPE_BYTES);
  env[0] = 1;
  env.set(fromBase64url(bondId), 1);
  env.set(fromBase64url(deviceId), 17);
  env.set(crypto.getRandomValues(new Uint8Array(ENVELOPE_BYTES - HEADER)), HEADER);
  return env;
}

/** A fresh epoch per scenario, so every scenario's seqs are new (S2 would answer repeats `duplicate`). */
export function newEpoch(peers: readonly Peer[]): void {
  const epoch = crypto.getRandomValues(new Uint8Array(8));
  for (const p of peers) {
    p.prefix.set(epoch, 33);
    p.seq = 0;
  }
}

function sendFrame(p: Peer, count: number, now: number): void {
  const frame = Buffer.allocUnsafe(3 + count * (4 + ENVELOPE_BYTES));
  frame[0] = SEND;
  frame.writeUInt16BE(count, 1);
  let at = 3;
  for (let i = 0; i < count; i++) {
    frame.writeUInt32BE(ENVELOPE_BYTES, at);
    p.prefix.copy(frame, at + 4);
    p.seq += 1;
    frame.writeUInt32BE(Math.floor(p.seq / 2 ** 32), at + 4 + 41);
    frame.writeUInt32BE(p.seq >>> 0, at + 4 + 45);
    frame.writeDoubleBE(now, at + 4 + TIME_AT);
    at += 4 + ENVELOPE_BYTES;
  }
  if (p.acked) {
    p.inFlight += count;
    p.pendingTimes.push(now);
    p.pendingCounts.push(count);
  }
  p.ws.send(frame);
}

/** Send times of the envelopes in a frame that reached a partner (DELIVER from ours, the raw SEND from the baseline). */
function deliveredTimes(frame: Buffer, each: (sentAt: number) => void): void {
  const count = frame.readUInt16BE(1);
  let at = 3;
  if (frame[0] === DELIVER) {
    for (let i = 0; i < count; i++) {
      const len = frame.readUInt32BE(at + 8);
      each(frame.readDoubleBE(at + 12 + TIME_AT));
      at += 12 + len;
    }
  } else {
    for (let i = 0; i < count; i++) {
      const len = frame.readUInt32BE(at);
      each(frame.readDoubleBE(at + 4 + TIME_AT));
      at += 4 + len;
    }
  }
}

function onMessage(peer: Peer, data: WebSocket.RawData, isBinary: boolean): void {
  const now = performance.now();
  if (!isBinary) {
    const text = String(data);
    if (text.includes('"type":"error"')) relayErrors++;
    return;
  }
  const frame = data as Buffer;
  const type = frame[0];
  if (type === ACK) handlers.ack(peer, frame, now);
  else if (type === DELIVER || type === SEND) handlers.deliver(peer, frame, now);
}

export interface Socket {
  index: number;
  prefix: Buffer;
  /** For ours: the session token; for the baseline: unused. */
  token?: string;
}

/** Opens one client socket and resolves when it can send: after `ready` for ours, on open for the baseline. */
function open(kind: TargetKind, url: string, s: Socket): Promise<Peer> {
  const base = url.replace(/^http/, 'ws');
  const ws = new WebSocket(kind === 'entwine' ? base + ROUTES.ws : `${base}/?peer=${s.index}`, { perMessageDeflate: false });
  const peer: Peer = {
    index: s.index,
    ws,
    prefix: s.prefix,
    seq: 0,
    acked: kind === 'entwine',
    inFlight: 0,
    pendingTimes: [],
    pendingCounts: [],
    closed: false,
  };
  return new Promise<Peer>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`socket ${s.index}: not ready within 30 s`));
    }, 30_000);
    let ready = false;
    const becomeReady = () => {
      ready = true;
      clearTimeout(timer);
      ws.on('message', (data, isBinary) => onMessage(peer, data, isBinary));
      resolve(peer);
    };
    ws.on('error', (error) => {
      if (!ready) {
        clearTimeout(timer);
        reject(error);
      }
    });
    ws.on('close', () => {
      if (ready && !peer.closed) unexpectedCloses++;
      peer.closed = true;
    });
    ws.once('open', () => {
      if (kind === 'bare') becomeReady();
      else {
        ws.send(JSON.stringify({ type: 'hello', token: s.token }));
        ws.once('message', (data, isBinary) => {
          const event = isBinary ? undefined : (JSON.parse(String(data)) as { type?: string });
          if (event?.type === 'ready') becomeReady();
          else {
            clearTimeout(timer);
            reject(new Error(`socket ${s.index}: expected ready, got ${isBinary ? 'binary' : String(data)}`));
          }
        });
      }
    });
  });
}

export async function openSockets(kind: TargetKind, url: string, sockets: readonly Socket[], concurrency = 128): Promise<Peer[]> {
  return pool(sockets, concurrency, (s) => open(kind, url, s));
}

export function closeSockets(peers: readonly Peer[]): void {
  for (const p of peers) {
    p.closed = true;
    p.ws.terminate();
  }
}

/** The sockets for users of the given indexes (user i is in bond i >> 1; its partner is user i ^ 1). */
export function socketsFor(indexes: readonly number[], users: readonly BenchUser[], bonds: readonly BenchBond[]): Socket[] {
  return indexes.map((i) => {
    const u = users[i] as BenchUser;
    const bond = bonds[i >> 1] as BenchBond;
    return { index: i, prefix: prefixFor(bond.bondId, u.device.deviceId), token: u.token };
  });
}

export function takeSocketStats(): { unexpectedCloses: number; relayErrors: number } {
  const out = { unexpectedCloses, relayErrors };
  unexpectedCloses = 0;
  relayErrors = 0;
  return out;
}

/** CPU used over a window: the relay child, this generator process, and everything else on the machine. */
interface CpuMark {
  at: number;
  relay: number;
  loop: { idle: number; active: number };
  generator: NodeJS.CpuUsage;
  machine: { busy: number; steal: number };
  disk: number;
  relayDisk: number;
}

export interface CpuUse {
  /** Percent of one core. */
  relay: number;
  generator: number;
  others: number;
  /** CPU the hypervisor took from this VM's cores. */
  steal: number;
  /** MB/s written to the data directory's disk: by the relay process, and by everyone (journal included). */
  diskRelay: number;
  diskTotal: number;
  /** Percent of the window the relay's event loop was busy (running JS or blocked in a sync call such as fsync). */
  relayLoop: number;
  /** Event-loop delay and (ours) commit timings over the window, from the child. */
  window: WindowStats;
  seconds: number;
}

/** Set by the runner: where to write a CPU profile of the next measured window (ours only). */
export const profiling: { file: string | undefined } = { file: undefined };

/** The parent-side readings are taken at once; the child answers when its event loop gets to it. */
const readings = (child: BenchChild) => ({
  at: performance.now(),
  relay: child.cpuSeconds(),
  generator: process.cpuUsage(),
  machine: machineCpuSeconds(),
  disk: deviceWrittenBytes(dataDisk.path),
  relayDisk: child.writtenBytes(),
});

/** Set by the runner: a path on the relay's data disk, for the disk-write counters. */
export const dataDisk = { path: '/' };

async function cpuMark(child: BenchChild): Promise<CpuMark> {
  const now = readings(child);
  if (profiling.file) await child.profileStart();
  await child.window(); // starts the child's window
  return { ...now, loop: await child.loop() };
}

async function cpuSince(child: BenchChild, from: CpuMark): Promise<CpuUse> {
  const to = readings(child);
  const window = await child.window();
  const loop = await child.loop();
  if (profiling.file) {
    await child.profileStop(profiling.file);
    profiling.file = undefined;
  }
  const wall = (to.at - from.at) / 1000;
  const relay = to.relay - from.relay;
  const generator = (to.generator.user - from.generator.user + to.generator.system - from.generator.system) / 1e6;
  const others = Math.max(0, to.machine.busy - from.machine.busy - relay - generator);
  const steal = to.machine.steal - from.machine.steal;
  const active = loop.active - from.loop.active;
  const idle = loop.idle - from.loop.idle;
  return {
    relay: (100 * relay) / wall,
    generator: (100 * generator) / wall,
    others: (100 * others) / wall,
    steal: (100 * steal) / wall,
    diskRelay: (to.relayDisk - from.relayDisk) / 1e6 / wall,
    diskTotal: (to.disk - from.disk) / 1e6 / wall,
    relayLoop: (100 * active) / (active + idle),
    window,
    seconds: wall,
  };
}

export interface Quiet {
  /** Seconds spent waiting for other processes to go quiet before the scenario started. */
  waitedS: number;
  /** CPU other processes used in the last second before the start, % of one core. */
  others: number;
}

/** Settings for `waitForQuiet`, set by the runner (0 s disables the wait). */
export const quietPolicy = { maxWaitS: 20, threshold: 15 };

/**
 * Waits (at most `quietPolicy.maxWaitS`) until processes other than the relay child and this generator
 * used less than `quietPolicy.threshold` % of one core over one second: on a shared machine this keeps
 * someone else's test run out of the measured window where it can. Whatever happens, it is reported.
 */
export async function waitForQuiet(child: BenchChild): Promise<Quiet> {
  const started = performance.now();
  for (;;) {
    const from = { relay: child.cpuSeconds(), gen: process.cpuUsage(), machine: machineCpuSeconds(), at: performance.now() };
    await sleep(1000);
    const gen = process.cpuUsage(from.gen);
    const wall = (performance.now() - from.at) / 1000;
    const busy = machineCpuSeconds().busy - from.machine.busy - (child.cpuSeconds() - from.relay) - (gen.user + gen.system) / 1e6;
    const others = (100 * Math.max(0, busy)) / wall;
    const waitedS = (performance.now() - started) / 1000;
    if (others < quietPolicy.threshold || waitedS >= quietPolicy.maxWaitS) return { waitedS, others };
  }
}

function statusCounts(counts: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  counts.forEach((n, status) => {
    if (n > 0) out[STATUS_NAMES[status] ?? `status${status}`] = n;
  });
  return out;
}

function countAck(frame: Buffer, statuses: number[]): { durable: number; count: number } {
  const count = frame.readUInt16BE(1);
  let durable = 0;
  for (let i = 0, at = 3 + 16; i < count; i++, at += ACK_ENTRY) {
    const status = frame[at] as number;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status <= 1) durable++;
  }
  return { durable, count };
}

/** Pops the oldest unacked frame of a peer; returns its send time. */
function popPending(p: Peer): number | undefined {
  const sentAt = p.pendingTimes.shift();
  const count = p.pendingCounts.shift() ?? 0;
  p.inFlight -= count;
  return sentAt;
}

export interface IngestConfig {
  batch: number;
  window: number;
  warmupS: number;
  durationS: number;
}

export interface IngestResult extends IngestConfig {
  senders: number;
  /** Durable (stored or duplicate) acks per second received inside the window. */
  acksPerSecond: number;
  /** Envelopes per second that reached the partner sockets inside the window. */
  deliveredPerSecond: number;
  /** Per SEND frame: from sending it to receiving its ACK. */
  ackLatency: Summary;
  statuses: Record<string, number>;
  cpu: CpuUse;
  undrained: number;
  unexpectedCloses: number;
  /** `{"type":"error"}` events the relay sent. */
  relayErrors: number;
  quiet: Quiet;
}

/**
 * Saturated durable ingest: every sender keeps at most `window` envelopes unacked, in SEND frames of
 * `batch` envelopes, and sends the next frame as soon as an ACK frees room (closed loop). Partners are
 * connected, so the relay does its whole job: commit, ACK, and fan out as DELIVER.
 */
export async function runIngest(child: BenchChild, senders: Peer[], config: IngestConfig): Promise<IngestResult> {
  newEpoch(senders);
  const quiet = quietPolicy.maxWaitS > 0 ? await waitForQuiet(child) : { waitedS: 0, others: Number.NaN };
  const statuses: number[] = [];
  const ackLatency = new Samples(4_000_000);
  let durableInWindow = 0;
  let deliveredInWindow = 0;
  let sending = true;
  const t0 = performance.now();
  const windowStart = t0 + config.warmupS * 1000;
  const windowEnd = windowStart + config.durationS * 1000;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  const refill = (p: Peer, now: number) => {
    while (sending && !p.closed && p.inFlight + config.batch <= config.window) sendFrame(p, config.batch, now);
  };
  handlers = {
    ack(p, frame, now) {
      const sentAt = popPending(p);
      const { durable } = countAck(frame, statuses);
      if (inWindow(now)) {
        durableInWindow += durable;
        if (sentAt !== undefined) ackLatency.add(now - sentAt);
      }
      refill(p, now);
    },
    deliver(_p, frame, now) {
      if (inWindow(now)) deliveredInWindow += frame.readUInt16BE(1);
    },
  };
  for (const p of senders) refill(p, t0);
  await sleep(windowStart - performance.now());
  const mark = await cpuMark(child);
  await sleep(windowEnd - performance.now());
  const cpu = await cpuSince(child, mark);
  sending = false;
  const drainUntil = performance.now() + 10_000;
  while (senders.some((p) => p.inFlight > 0 && !p.closed) && performance.now() < drainUntil) await sleep(20);
  handlers = ignore;
  const sockets = takeSocketStats();
  return {
    ...config,
    senders: senders.length,
    acksPerSecond: durableInWindow / config.durationS,
    deliveredPerSecond: deliveredInWindow / config.durationS,
    ackLatency: ackLatency.summary(),
    statuses: statusCounts(statuses),
    cpu,
    undrained: senders.reduce((n, p) => n + p.inFlight, 0),
    ...sockets,
    quiet,
  };
}

export interface PacedConfig {
  rate: number;
  warmupS: number;
  durationS: number;
}

export interface PacedResult extends PacedConfig {
  sockets: number;
  /** Sender → partner: from writing the SEND frame to reading the envelope at the partner socket. */
  delivery: Summary;
  /** Ours only: from writing the SEND frame to reading its ACK (the durable commit). */
  ack: Summary | undefined;
  sentInWindow: number;
  deliveredInWindow: number;
  /** Achieved send rate inside the window. */
  sentPerSecond: number;
  /** Sender → partner p50/p99 per second of the window (by send time), to show whether slow deliveries cluster. */
  perSecond: { p50: number; p99: number; max: number }[];
  /** How far the generator's sends fell behind their schedule (ms): if large, the generator was the limit. */
  scheduleLag: Summary;
  statuses: Record<string, number>;
  cpu: CpuUse;
  unexpectedCloses: number;
  relayErrors: number;
  quiet: Quiet;
}

/**
 * Paced: `rate` envelopes per second in total, one envelope per SEND frame, spread evenly over all
 * sockets in turn (10 000 sockets at 5 000/s: each sends every 2 s), for warm-up + duration. Every
 * socket is both a sender and its bond partner's receiver. A timer loop (~1 ms) sends what is due.
 */
export async function runPaced(child: BenchChild, kind: TargetKind, peers: Peer[], config: PacedConfig): Promise<PacedResult> {
  newEpoch(peers);
  const quiet = quietPolicy.maxWaitS > 0 ? await waitForQuiet(child) : { waitedS: 0, others: Number.NaN };
  const statuses: number[] = [];
  const delivery = new Samples(config.rate * (config.durationS + 2) + 1024);
  const seconds = Array.from({ length: Math.ceil(config.durationS) }, () => new Samples(Math.ceil(config.rate * 1.5) + 1024));
  const ack = new Samples(config.rate * (config.durationS + 2) + 1024);
  const lag = new Samples(config.rate * (config.warmupS + config.durationS + 2) + 1024);
  let sentInWindow = 0;
  let deliveredInWindow = 0;
  const t0 = performance.now();
  const windowStart = t0 + config.warmupS * 1000;
  const windowEnd = windowStart + config.durationS * 1000;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  handlers = {
    ack(p, frame, now) {
      const sentAt = popPending(p);
      countAck(frame, statuses);
      if (sentAt !== undefined && inWindow(sentAt)) ack.add(now - sentAt);
    },
    deliver(_p, frame, now) {
      deliveredTimes(frame, (sentAt) => {
        if (inWindow(sentAt)) {
          deliveredInWindow++;
          delivery.add(now - sentAt);
          seconds[Math.floor((sentAt - windowStart) / 1000)]?.add(now - sentAt);
        }
      });
    },
  };
  const interval = 1000 / config.rate;
  let sent = 0;
  let mark: Promise<CpuMark> | undefined;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (!mark && now >= windowStart) mark = cpuMark(child);
      if (now >= windowEnd) {
        resolve();
        return;
      }
      const due = Math.floor((now - t0) / interval);
      while (sent < due) {
        const p = peers[sent % peers.length] as Peer;
        const scheduled = t0 + sent * interval;
        sent++;
        if (p.closed) continue;
        sendFrame(p, 1, now);
        lag.add(now - scheduled);
        if (inWindow(now)) sentInWindow++;
      }
      setTimeout(tick, 1);
    };
    tick();
  });
  const cpu = await cpuSince(child, await (mark ?? cpuMark(child)));
  // Wait for what was sent in the window to arrive (bounded).
  const drainUntil = performance.now() + 5000;
  while (deliveredInWindow < sentInWindow && performance.now() < drainUntil) await sleep(20);
  if (kind === 'entwine') {
    const ackUntil = performance.now() + 5000;
    while (peers.some((p) => p.inFlight > 0 && !p.closed) && performance.now() < ackUntil) await sleep(20);
  }
  handlers = ignore;
  const sockets = takeSocketStats();
  for (const p of peers) {
    p.pendingTimes.length = 0;
    p.pendingCounts.length = 0;
    p.inFlight = 0;
  }
  return {
    ...config,
    sockets: peers.length,
    delivery: delivery.summary(),
    ack: kind === 'entwine' ? ack.summary() : undefined,
    sentInWindow,
    deliveredInWindow,
    sentPerSecond: sentInWindow / config.durationS,
    perSecond: seconds.map((x) => {
      const { p50, p99, max } = x.summary();
      return { p50, p99, max };
    }),
    scheduleLag: lag.summary(),
    statuses: statusCounts(statuses),
    cpu,
    ...sockets,
    quiet,
  };
}
