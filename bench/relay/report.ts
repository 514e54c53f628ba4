/** The plain-text report: machine, command, limits, every scenario (ours beside the baseline), targets. */
import type { RelayLimits } from '@entwine/server';
import type { CpuUse, IngestResult, PacedResult } from './load.ts';
import type { MemoryUsage } from './proc.ts';
import { int, kib, mib, ms, pct, type Summary } from './stats.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memory: number;
  node: string;
  kernel: string;
  platform: string;
  loadBefore: number[];
  /** CPU busy in the 2 s before the run, % of one core (this process was idle then). */
  busyBefore: number;
  loadAfter?: number[];
  /** 256-byte append + fdatasync on the relay's data directory's file system. */
  fsync: Summary;
  dataDir: string;
  nofile: { generator?: number; relay?: number; baseline?: number };
}

export interface IdleResult {
  sockets: number;
  /** Sockets opened before the "before" reading (warms code paths and caches), not counted. */
  warm: number;
  before: MemoryUsage;
  after: MemoryUsage;
  rssPerSocket: number;
  heapPerSocket: number;
  connectSeconds: number;
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  pass: boolean;
}

export interface BenchReport {
  date: string;
  command: string;
  quick: boolean;
  machine: Machine;
  limits: RelayLimits;
  seed: { users: number; bonds: number; seedSeconds: number; signInsPerSecond: number };
  ingest: IngestResult[];
  ours?: { idle: IdleResult; paced: PacedResult };
  baseline?: { idle: IdleResult; paced: PacedResult };
  targets: Target[];
  notes: string[];
}

const lat = (s: Summary | undefined) =>
  s && s.n > 0 ? `p50 ${ms(s.p50)}  p90 ${ms(s.p90)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  (n=${int(s.n)})` : 'n/a';

const cpu = (c: CpuUse) =>
  `relay ${pct(c.relay)} (event loop busy ${pct(c.relayLoop)}), generator ${pct(c.generator)}, other processes ${pct(c.others)}, steal ${pct(c.steal)} (% of one core); ` +
  `disk writes: relay ${c.diskRelay.toFixed(1)} MB/s, device total ${c.diskTotal.toFixed(1)} MB/s`;

function relayWindow(c: CpuUse): string {
  const d = c.window.loopDelay;
  const span = c.window.ms / 1000;
  const parts = [
    d.p99 === null ? 'no event-loop delay sample in the window' : `event-loop delay p99 ${ms(d.p99)}, max ${ms(d.max ?? Number.NaN)}`,
  ];
  const k = c.window.commits;
  if (k && k.count > 0) {
    parts.push(
      `${int(k.count / span)} commits/s of ${(k.rows / k.count).toFixed(1)} envelopes; a commit blocks the loop p50 ${ms(k.p50)}, p99 ${ms(k.p99)}, max ${ms(k.max)}; ` +
        `${pct((100 * k.totalMs) / c.window.ms)} of the time inside commits`,
    );
  }
  if (Math.abs(span - c.seconds) > 0.2 * c.seconds) {
    parts.push(
      `(the relay read the window commands late — its loop was blocked — so these cover ${span.toFixed(1)} s of the ${c.seconds.toFixed(1)} s window)`,
    );
  }
  return parts.join('; ');
}

const quietLine = (q: { waitedS: number; others: number }) =>
  Number.isNaN(q.others)
    ? 'started without waiting for quiet'
    : `started after waiting ${q.waitedS.toFixed(0)} s for other processes to go quiet (${pct(q.others)} in the last second)`;

const ms1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');

const statuses = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(', ') || 'none';

export function evaluateTargets(r: Omit<BenchReport, 'targets' | 'notes'>): Target[] {
  const targets: Target[] = [];
  for (const i of r.ingest) {
    targets.push({
      name: `saturated durable ingest, ${i.senders} sender${i.senders === 1 ? '' : 's'}`,
      goal: '≥ 30 000 envelopes/s',
      value: `${int(i.acksPerSecond)} envelopes/s`,
      pass: i.acksPerSecond >= 30_000,
    });
  }
  if (r.ours) {
    const p = r.ours.paced;
    targets.push({
      name: `paced ${int(p.rate)} envelopes/s over ${int(p.sockets)} sockets, sender→partner p99`,
      goal: '< 10 ms',
      value: ms(p.delivery.p99),
      pass: p.delivery.n > 0 && p.delivery.p99 < 10 && p.deliveredInWindow === p.sentInWindow,
    });
    targets.push({
      name: `RSS per idle signed-in socket (${int(r.ours.idle.sockets - r.ours.idle.warm)} counted)`,
      goal: '≤ 8 KiB',
      value: kib(r.ours.idle.rssPerSocket),
      pass: r.ours.idle.rssPerSocket <= 8192,
    });
  }
  return targets;
}

function idleLines(label: string, i: IdleResult): string[] {
  return [
    `  ${label}: ${int(i.sockets)} sockets open in ${i.connectSeconds.toFixed(1)} s; RSS ${mib(i.before.rss)} → ${mib(i.after.rss)}, heap used ${mib(i.before.heapUsed)} → ${mib(i.after.heapUsed)}`,
    `  ${' '.repeat(label.length)}  per socket: RSS ${kib(i.rssPerSocket)}, heap ${kib(i.heapPerSocket)} (over the ${int(i.sockets - i.warm)} opened after the first ${int(i.warm)})`,
  ];
}

function pacedLines(label: string, p: PacedResult): string[] {
  const pad = ' '.repeat(label.length);
  const lines = [
    `  ${label}: sent ${int(p.sentPerSecond)}/s, delivered ${int(p.deliveredInWindow)} of ${int(p.sentInWindow)} sent in the window`,
    `  ${pad}  sender→partner ${lat(p.delivery)}`,
  ];
  if (p.ack) lines.push(`  ${pad}  sender→ACK     ${lat(p.ack)}`);
  lines.push(`  ${pad}  p99 per second of the window: ${p.perSecond.map((x) => ms1(x.p99)).join(' ')} ms`);
  lines.push(`  ${pad}  CPU: ${cpu(p.cpu)}; ${quietLine(p.quiet)}`);
  lines.push(`  ${pad}  relay: ${relayWindow(p.cpu)}`);
  lines.push(`  ${pad}  generator schedule lag p99 ${ms(p.scheduleLag.p99)}, max ${ms(p.scheduleLag.max)}`);
  if (p.ack) lines.push(`  ${pad}  ack statuses: ${statuses(p.statuses)}`);
  if (p.unexpectedCloses > 0) lines.push(`  ${pad}  ${int(p.unexpectedCloses)} sockets closed unexpectedly`);
  if (p.relayErrors > 0) lines.push(`  ${pad}  ${int(p.relayErrors)} error events from the relay`);
  return lines;
}

export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push('Entwine relay benchmark (bench/relay)');
  out.push('');
  out.push(`date     ${r.date}`);
  out.push(`command  ${r.command}`);
  out.push(`machine  ${m.cpu}, ${m.cores} cores, ${mib(m.memory)} RAM, ${m.platform} ${m.kernel}, Node ${m.node}`);
  out.push(
    `load     other processes used ${pct(m.busyBefore)} of one core in the 2 s before the run; 1/5/15-min load average before ${m.loadBefore.map((l) => l.toFixed(2)).join(' / ')}${m.loadAfter ? `, after ${m.loadAfter.map((l) => l.toFixed(2)).join(' / ')}` : ''}`,
  );
  out.push(
    `disk     append 256 B + fdatasync in ${m.dataDir}: p50 ${ms(m.fsync.p50, 3)}, p99 ${ms(m.fsync.p99, 3)}, max ${ms(m.fsync.max, 3)}`,
  );
  out.push(
    `files    ulimit -n: generator ${m.nofile.generator ?? '?'}, relay ${m.nofile.relay ?? '?'}, baseline ${m.nofile.baseline ?? '?'}`,
  );
  out.push('layout   one relay process under test, one load-generator process (this one) on the same 2 cores, loopback only');
  const l = r.limits;
  out.push(
    `limits   envelopesPerSecond ${int(l.envelopesPerSecond)}, envelopeBurst ${int(l.envelopeBurst)}, maxInFlightPerSocket ${l.maxInFlightPerSocket}, ` +
      `maxFrameBytes ${l.maxFrameBytes}, maxSocketBufferBytes ${l.maxSocketBufferBytes}, helloTimeoutMs ${l.helloTimeoutMs}, pingIntervalMs ${l.pingIntervalMs}; store defaults (WAL, synchronous=FULL, group commit ≤ 1024 rows)`,
  );
  out.push(
    `seed     ${int(r.seed.users)} users/devices, ${int(r.seed.bonds)} active bonds in ${r.seed.seedSeconds.toFixed(1)} s; HTTP challenge–response sign-in ${int(r.seed.signInsPerSecond)}/s`,
  );
  out.push('');
  out.push('(a) saturated durable ingest — closed loop, W envelopes unacked per sender in SEND frames of B, partners connected');
  for (const i of r.ingest) {
    out.push(
      `  ${String(i.senders).padStart(4)} sender${i.senders === 1 ? ' ' : 's'} (B=${i.batch}, W=${i.window}): ${int(i.acksPerSecond)} durable acks/s, ${int(i.deliveredPerSecond)} delivered/s`,
    );
    out.push(`       ACK latency per frame ${lat(i.ackLatency)}`);
    out.push(`       CPU: ${cpu(i.cpu)}; ${quietLine(i.quiet)}`);
    out.push(`       relay: ${relayWindow(i.cpu)}`);
    out.push(
      `       ack statuses: ${statuses(i.statuses)}${i.undrained > 0 ? `; ${int(i.undrained)} envelopes still unacked after the drain` : ''}`,
    );
  }
  if (r.ingest.length === 0) out.push('  (not run)');
  out.push('');
  out.push('(b) paced — one envelope per SEND frame, spread evenly over every open socket; each socket is a sender and a partner');
  if (r.ours) out.push(...pacedLines('ours    ', r.ours.paced));
  if (r.baseline) out.push(...pacedLines('bare ws ', r.baseline.paced));
  if (!r.ours && !r.baseline) out.push('  (not run)');
  out.push('');
  out.push('(c) idle sockets — RSS and heap of the relay process after two full GCs, before and after opening the sockets');
  if (r.ours) out.push(...idleLines('ours    ', r.ours.idle));
  if (r.baseline) out.push(...idleLines('bare ws ', r.baseline.idle));
  if (!r.ours && !r.baseline) out.push('  (not run)');
  out.push('');
  out.push('targets');
  for (const t of r.targets) out.push(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.value} (target ${t.goal})`);
  if (r.notes.length > 0) {
    out.push('');
    out.push('notes');
    for (const n of r.notes) out.push(`  - ${n}`);
  }
  return out.join('\n');
}
