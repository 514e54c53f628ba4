/**
 * The state every plugin shares, built once per relay by `createRelay` and passed in as a plugin
 * option: no module-level singletons, so two relays in one process (as in tests) never share anything.
 */
import type { Clock, Ed25519, Random } from '@entwine/core';
import type { Logger } from 'pino';
import type { Bus } from './bus.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RelayLimits, TestHooks } from './relay-options.ts';
import type { RequestLimiters } from './request-limits.ts';
import type { Store } from './store/store.ts';

/** The signed-in device behind a request or a socket. */
export interface Sender {
  deviceId: string;
  userId: string;
}

export interface Session extends Sender {
  expiresAt: number;
}

export interface RelayState {
  store: Store;
  bus: Bus;
  /** Chosen once at startup with `detectEd25519()`. */
  ed: Ed25519;
  clock: Clock;
  random: Random;
  limits: RelayLimits;
  hooks: TestHooks | undefined;
  log: Logger;
  rate: RateLimiter;
  /** Day chunks per device (`limits.chunksPerMinute`, `chunkBurst`). */
  chunkRate: RateLimiter;
  /** Live envelopes older than this are deleted by the sweep (`RelayOptions.liveDays`). */
  liveWindowMs: number;
  /** Registration, sign-in challenge and invite limits (`request-limits.ts`). */
  requestRate: RequestLimiters;
  /** The origin a sign-in signature must be bound to, for a request with this Host header. */
  originFor(hostHeader: string | undefined): string;
}

export interface PluginOptions {
  relay: RelayState;
}
