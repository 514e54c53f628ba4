/**
 * What a storage bench ran on, in one line for its report: CPU model and cores, RAM, kernel, Node, and the
 * file system under the directory it wrote to (from /proc/mounts: the longest mount point above it).
 */
import { readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';

/** The file system type and device holding `dir`, e.g. `ext4 (/dev/vda)`; `unknown` off Linux. */
export function fileSystemOf(dir: string): string {
  try {
    const path = realpathSync(dir);
    let best: { point: string; type: string; device: string } | undefined;
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device = '', point = '', type = ''] = line.split(' ');
      const inside = path === point || path.startsWith(point.endsWith('/') ? point : `${point}/`);
      if (inside && (!best || point.length > best.point.length)) best = { point, type, device };
    }
    return best ? `${best.type} (${best.device})` : 'unknown';
  } catch {
    return 'unknown';
  }
}

export function machineLine(dir: string): string {
  const cpus = os.cpus();
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return (
    `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${gib} GiB RAM; ${os.type()} ${os.release()}; ` +
    `Node ${process.version}; data on ${fileSystemOf(dir)}; load average ${os.loadavg()[0]?.toFixed(1)}`
  );
}
