/**
 * TEST build only (`import.meta.env.ENTWINE_TEST_HOOKS`, `vite build --mode e2e`): the signed-in page's
 * `Session` as `window.__entwineTestSession`, so a whole-system test whose subject is not pairing can bond
 * two real pages through the app's own session and relay in a few round trips instead of ~15 s of screens
 * (`bondPagesQuickly` in `e2e/support/web-app.ts`; the screens' pairing keeps its own tests). A release holds
 * none of it: the caller's branch is dropped by the bundler (`e2e/web-release-has-no-tick-override.test.ts`
 * checks the name is absent), since any script on the page could otherwise drive the device.
 */
import type { Session } from './session.ts';

export const TEST_SESSION_GLOBAL = '__entwineTestSession';

export function exposeSessionForTests(session: Session): () => void {
  const g = globalThis as unknown as Record<string, unknown>;
  g[TEST_SESSION_GLOBAL] = session;
  return () => {
    if (g[TEST_SESSION_GLOBAL] === session) delete g[TEST_SESSION_GLOBAL];
  };
}
