/** What every command gets: parsed global options and a way to open (or create) this home's device. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Device, type DeviceDeps, type DeviceStore } from '@entwine/client';
import { detectEd25519, systemClock, systemRandom } from '@entwine/core';
import { openHomeStore, savedServer } from './home-store.ts';
import { nodeTimers, nodeTransport } from './node-transport.ts';

export const DEFAULT_PORT = 8787;
export const DEFAULT_SERVER = `http://127.0.0.1:${DEFAULT_PORT}`;

export class UsageError extends Error {}

/** ENTWINE_TICK_MS sets the publish tick (tests use a short one); the device's default otherwise. */
function publishTick(): { publishTickMs?: number } {
  const raw = process.env.ENTWINE_TICK_MS;
  if (raw === undefined || raw === '') return {};
  const ms = Number(raw);
  if (!(ms >= 10)) throw new UsageError(`ENTWINE_TICK_MS must be at least 10 ms, got ${raw}`);
  return { publishTickMs: ms };
}

/** What every command says in a home whose identity was restored on another device. */
export function displacedWords(home: string, at: number): string {
  return (
    `This identity moved to another device (its recovery phrase was restored there; noticed ${new Date(at).toISOString()}). ` +
    `The home in ${home} no longer shares or receives anything, and your partners now reach the other device. ` +
    'To use this identity here again, restore it here with `entwine init --name NAME --phrase "..."` in a new home: that moves it back and signs the other device out.'
  );
}

export interface CommandContext {
  home: string;
  server: string | undefined;
  out(line: string): void;
  err(line: string): void;
  deps(server: string): Promise<DeviceDeps>;
  /** This home's record store (opened once per command; a home of before is migrated on first open). */
  store(): Promise<DeviceStore>;
  /** The device in `home`; a clear error if `entwine init` has not been run there. */
  device(): Promise<Device>;
}

export function commandContext(options: { home?: string; server?: string }): CommandContext {
  const home = options.home ?? process.env.ENTWINE_HOME ?? join(homedir(), '.entwine');
  const server = options.server ?? process.env.ENTWINE_SERVER;
  let store: Promise<DeviceStore> | undefined;
  const ctx: CommandContext = {
    home,
    server,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    store() {
      store ??= openHomeStore(home);
      return store;
    },
    async deps(serverUrl) {
      return {
        transport: nodeTransport(serverUrl),
        store: await ctx.store(),
        ed: await detectEd25519(),
        random: systemRandom(),
        clock: systemClock,
        timers: nodeTimers,
        yieldToEvents: () => new Promise<void>((resolve) => setImmediate(resolve)),
        ...publishTick(),
      };
    },
    async device() {
      const saved = await savedServer(await ctx.store());
      if (saved === undefined) throw new UsageError(`No identity in ${home}. Run: entwine init --name NAME`);
      const device = await Device.open(await ctx.deps(server ?? saved));
      if (!device) throw new UsageError(`No identity in ${home}. Run: entwine init --name NAME`);
      const displaced = device.displaced;
      if (displaced) throw new UsageError(displacedWords(home, displaced.at));
      return device;
    },
  };
  return ctx;
}
