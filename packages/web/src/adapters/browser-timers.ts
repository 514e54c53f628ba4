/** The browser adapter for @entwine/client's Timers (reconnect backoff, outbox retries). */
import type { Timers } from '@entwine/client';

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (handle) => window.clearTimeout(handle as number),
};
