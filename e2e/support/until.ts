/**
 * Waiting on a condition instead of a guessed sleep: `until` polls a probe every 50 ms until it returns a
 * value, so a test waits exactly as long as the machine needs — short when idle, longer under load — and
 * fails with what it waited for and the probe's last error.
 */

/**
 * Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` with the last error. The
 * default is a page locator's (`phoneContext`: 15 s), so a loaded machine gets as long as the pages do.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
