/** A real relay on port 0 over a temp data directory, with its log lines captured for assertions. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '@entwine/core';
import { createRelay, type Relay } from '../relay.ts';
import type { RelayOptions } from '../relay-options.ts';

export class ManualClock implements Clock {
  constructor(private t = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestRelay {
  relay: Relay;
  url: string;
  dir: string;
  /** Every pino line the relay wrote, raw. */
  logs: string[];
  /** Stops the relay and starts a new one on the same data directory (a process restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestRelay(options: Omit<RelayOptions, 'dataDir' | 'logger'> = {}): Promise<TestRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'entwine-relay-'));
  const logs: string[] = [];
  const stream = { write: (line: string) => void logs.push(line) };
  const start = (port = options.port) => createRelay({ ...options, port, dataDir: dir, logger: { level: 'debug', stream } });
  const t: TestRelay = {
    relay: await start(),
    get url() {
      return t.relay.url;
    },
    dir,
    logs,
    async restart() {
      const port = Number(new URL(t.relay.url).port);
      await t.relay.close();
      t.relay = await start(port);
    },
    async close() {
      await t.relay.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}
