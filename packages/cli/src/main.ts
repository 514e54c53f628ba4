/**
 * `entwine`: the command line. Every command takes `--home DIR` (the key store, default ~/.entwine)
 * and `--server URL` (default: the server this identity was created on, or http://127.0.0.1:8787).
 *
 * Start-up cost is paid per command: this file imports only the argument parser and the usage text, and
 * each command loads its own module (and through it the client, crypto, `ws`, the relay or the place
 * names) when it runs, so `entwine --help` loads almost nothing (bench/cli/startup.ts).
 */
import { COMMANDS, parseCommandLine } from './command-table.ts';
import { exitWhenWritten } from './exit-when-written.ts';
import { commandUsage, fullUsage } from './usage.ts';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command] = positionals;
  if (!command) {
    process.stdout.write(`${fullUsage()}\n`);
    return values.help ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`entwine: unknown command: ${command}\n${fullUsage()}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${commandUsage(command) ?? fullUsage()}\n`);
    return 0;
  }
  const { commandContext } = await import('./context.ts');
  return run(commandContext({ home: values.home, server: values.server }), values, positionals);
}

/** undici's fetch wraps the socket error as `cause`; its code says the relay is not listening. */
function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND';
}

/** The one line a failed command prints. The client is loaded only here, when something failed. */
async function describeFailure(error: unknown): Promise<string> {
  if ((error as { code?: unknown } | undefined)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && error instanceof Error) {
    return `${error.message} (entwine --help lists the options)`;
  }
  const [{ UsageError }, { describeRelayError, RelayError }, { EntwineError }] = await Promise.all([
    import('./context.ts'),
    import('@entwine/client'),
    import('@entwine/core'),
  ]);
  if (error instanceof UsageError) return error.message;
  if (error instanceof RelayError) return `${describeRelayError(error)} [${error.code}]`;
  // A refusal of the client's own: the catalogue's sentence with what it is about (a partner, a facet, a value).
  if (error instanceof EntwineError) return `${error.message} [${error.code}]`;
  if (isConnectionRefused(error)) return 'cannot reach the relay (is `entwine start` running?)';
  return error instanceof Error ? error.message : String(error);
}

// `entwine invite | head -1` closes the pipe early: that is the reader's choice, not a failure to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) exitWhenWritten(code);
  },
  async (error: unknown) => {
    process.stderr.write(`entwine: ${await describeFailure(error)}\n`);
    exitWhenWritten(1);
  },
);
