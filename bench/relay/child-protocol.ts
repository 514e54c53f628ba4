/**
 * The child side of the bench's parent ⇄ child protocol, shared by the relay under test and the bare
 * baseline. Over stdout the child writes one `READY {json}` line when it listens, then one JSON line
 * per answer; over stdin it takes one JSON command per line:
 *   {"id":1,"cmd":"mem"}   → {"id":1,"mem":process.memoryUsage()} after two full GCs (run with --expose-gc)
 *   {"id":2,"cmd":"loop"}  → {"id":2,"loop":{idle,active}}: cumulative event-loop idle/active ms
 *                            (`performance.eventLoopUtilization()`); a loop blocked in a synchronous
 *                            fsync counts as active while the process uses no CPU
 *   {"id":3,"cmd":"window"} → what happened since the previous "window" (`ms`, by the child's clock: a
 *                            child whose loop is blocked answers late): event-loop delay (p50/p99/max
 *                            ms, `monitorEventLoopDelay`) plus whatever the child adds (the relay child
 *                            adds its commit timings); then starts a new window
 *   {"id":4,"cmd":"profile-start"} / {"id":5,"cmd":"profile-stop","file":"…"} → a V8 CPU profile of
 *                            just the measured window (`node:inspector`), written as .cpuprofile
 *   {"id":6,"cmd":"stop"}  → closes cleanly, answers {"id":6,"stopped":true}, exits 0
 * The child also exits by itself when stdin ends (the parent died) and after `maxLifetimeMs`, so no
 * bench process outlives its run.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface ChildCommand {
  id: number;
  cmd: 'mem' | 'loop' | 'window' | 'profile-start' | 'profile-stop' | 'stop';
  file?: string;
}

let session: Session | undefined;
function inspect<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  if (!session) {
    session = new Session();
    session.connect();
  }
  const s = session;
  return new Promise<T>((resolve, reject) => s.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

const collect = (globalThis as { gc?: () => void }).gc;

function reply(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

export function serveParent(
  info: Record<string, unknown>,
  stop: () => Promise<void>,
  maxLifetimeMs: number,
  windowStats?: () => Record<string, unknown>,
): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let windowStart = performance.now();
  let stopping: Promise<void> | undefined;
  const stopOnce = () => {
    stopping ??= stop().catch((error: unknown) => {
      process.stderr.write(`bench child: stop failed: ${String(error)}\n`);
    });
    return stopping;
  };
  const lifetime = setTimeout(() => {
    process.stderr.write(`bench child: lifetime of ${maxLifetimeMs} ms exceeded, exiting\n`);
    process.exit(2);
  }, maxLifetimeMs);
  lifetime.unref();

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let command: ChildCommand;
    try {
      command = JSON.parse(line) as ChildCommand;
    } catch {
      process.stderr.write(`bench child: ignoring a line that is not JSON: ${line.slice(0, 80)}\n`);
      return;
    }
    if (command.cmd === 'mem') {
      collect?.();
      collect?.();
      reply({ id: command.id, mem: process.memoryUsage(), gc: collect !== undefined });
    } else if (command.cmd === 'loop') {
      const { idle, active } = performance.eventLoopUtilization();
      reply({ id: command.id, loop: { idle, active } });
    } else if (command.cmd === 'window') {
      const seen = delay.count > 0; // no sample at all when the loop never came round to the timer
      const loopDelay = seen
        ? { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 }
        : { p50: null, p99: null, max: null };
      delay.reset();
      const now = performance.now();
      reply({ id: command.id, window: { ms: now - windowStart, loopDelay, ...windowStats?.() } });
      windowStart = now;
    } else if (command.cmd === 'profile-start') {
      void inspect('Profiler.enable')
        .then(() => inspect('Profiler.setSamplingInterval', { interval: 250 }))
        .then(() => inspect('Profiler.start'))
        .then(() => reply({ id: command.id, profiling: true }));
    } else if (command.cmd === 'profile-stop') {
      void inspect<{ profile: unknown }>('Profiler.stop').then(({ profile }) => {
        writeFileSync(command.file as string, JSON.stringify(profile));
        reply({ id: command.id, file: command.file });
      });
    } else if (command.cmd === 'stop') {
      void stopOnce().then(() => {
        reply({ id: command.id, stopped: true });
        process.exit(0);
      });
    }
  });
  lines.on('close', () => {
    void stopOnce().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${JSON.stringify(info)}\n`);
}
