/**
 * Ending the process without losing what it printed. `process.exit` ends it at once, and writes to a pipe are
 * asynchronous in Node: what the kernel's pipe buffer (64 KiB) had not taken yet was still queued in the
 * process and was lost — `entwine trail --json | jq` over a week of fixes got a cut document, a different
 * length each run. So the exit waits until stdout and stderr have handed everything queued to the OS: a write's
 * callback runs after every write queued before it.
 */
export async function exitFlushed(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  // An error (EPIPE: the reader went away) settles it too: there is nobody left to wait for.
  return new Promise((resolve) => stream.write('', () => resolve()));
}
