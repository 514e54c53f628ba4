import { createRelay } from '/work/main/packages/server/src/index.ts';

const dir = process.argv[2]!;
const r = await createRelay({ dataDir: dir, logger: false, limits: { envelopesPerSecond: 1e9, envelopeBurst: 1e9 } });
process.stdout.write(r.url + '\n');
let lastCpu = process.cpuUsage(); let lastT = performance.now();
setInterval(() => {
  const c = process.cpuUsage(lastCpu); const now = performance.now(); const cpu = (c.user + c.system) / 1000 / (now - lastT); lastCpu = process.cpuUsage(); lastT = now;
  const m = process.memoryUsage();
  (globalThis as any).gc?.();
  const m2 = process.memoryUsage();
  process.stderr.write(JSON.stringify({ rss: m2.rss, heap: m2.heapUsed, cpu: cpu.toFixed(2) }) + '\n');
}, 1000);

process.on('SIGINT', async () => {
  await r.close();
  process.exit(0);
});
process.on('SIGUSR2', async () => {
  const v8 = await import('node:v8');
  (globalThis as any).gc?.();
  (globalThis as any).snapN = ((globalThis as any).snapN ?? 0) + 1;
  const f = v8.writeHeapSnapshot('/tmp/relay' + (globalThis as any).snapN + '.heapsnapshot');
  process.stderr.write(JSON.stringify({ snap: f }) + '\n');
});
