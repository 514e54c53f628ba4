/**
 * Ends the process once everything written to stdout and stderr is out. On Linux a pipe takes Node's writes
 * asynchronously: what the reader has not taken yet waits in the process, and `process.exit` drops it — so
 * `entwine trail --json | jq` over a long history, or a test reading the CLI's output, got a cut-off JSON.
 * The callback of an empty write runs after every write before it has been handed to the system.
 */
export function exitWhenWritten(code: number): void {
  let pending = 2;
  const done = () => {
    pending--;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
