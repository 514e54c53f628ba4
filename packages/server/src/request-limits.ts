/**
 * Rate limits on the public and cheap-to-call routes that make the relay store something (issue 10):
 * registering an identity, asking for a sign-in challenge and creating an invite. Each is a token bucket
 * (`rate-limiter.ts`, the same one envelopes use, on the relay's clock) keyed by what the route knows:
 * - registration (`PUT /v1/users/:userId/devices`) is public and anyone can mint identities, so its key is
 *   the client address (the socket peer, or the proxy's `X-Forwarded-For` with `trustProxy`); addresses
 *   live only in memory, until their bucket has refilled, and are never logged;
 * - a challenge is keyed by the device it is for (asked only once the relay knows that device, so a stranger
 *   cannot empty a real device's bucket by naming an unknown one — and no bucket is kept for unknown ids);
 * - an invite by the signed-in user.
 * A refusal is a 429 with its own code and `Retry-After` in whole seconds, never a silent drop.
 */
import { EntwineError, type ErrorCode } from '@entwine/core';
import { RateLimiter } from './rate-limiter.ts';
import type { RelayLimits } from './relay-options.ts';

/** A 429 that says how long to wait; `error-reply.ts` turns `retryAfterS` into the `Retry-After` header. */
export class RateLimitedError extends EntwineError {
  readonly retryAfterS: number;
  constructor(code: ErrorCode, retryAfterS: number) {
    super(code);
    this.retryAfterS = retryAfterS;
  }
}

export interface RequestLimiters {
  registration: RateLimiter;
  challenge: RateLimiter;
  invite: RateLimiter;
  /** An app's posts, keyed by its drop. */
  dropPost: RateLimiter;
}

export function requestLimiters(limits: RelayLimits): RequestLimiters {
  return {
    registration: new RateLimiter(limits.registrationsPerHour / 3600, limits.registrationBurst),
    challenge: new RateLimiter(limits.challengesPerMinute / 60, limits.challengeBurst),
    invite: new RateLimiter(limits.invitesPerHour / 3600, limits.inviteBurst),
    dropPost: new RateLimiter(limits.dropPostsPerMinute / 60, limits.dropPostBurst),
  };
}

/** Takes one token for `key`, or throws `code` with the wait until the next token. */
export function enforce(limiter: RateLimiter, key: string, now: number, code: ErrorCode): void {
  if (limiter.take(key, now)) return;
  throw new RateLimitedError(code, Math.max(1, Math.ceil(limiter.waitMs(key, now) / 1000)));
}

export function sweepRequestLimiters(limiters: RequestLimiters, now: number): void {
  for (const limiter of Object.values(limiters)) limiter.sweep(now);
}
