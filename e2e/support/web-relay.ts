/**
 * A relay that also serves the built web app — `startRelay` (`relay.ts`) with the test build at `/` by
 * default. Kept for the tests written against it; new browser tests use `webSuite()` (`web-suite.ts`).
 */
import { type RelayOptions, startRelay, type TestRelay, WEB_ROOT } from './relay.ts';

export { WEB_ROOT };

export type WebRelay = TestRelay;

export function startWebRelay(opts: Omit<RelayOptions, 'log' | 'limits'> = {}): Promise<WebRelay> {
  return startRelay({ ...opts, tag: opts.tag ?? 'web', webRoot: opts.webRoot ?? WEB_ROOT });
}
