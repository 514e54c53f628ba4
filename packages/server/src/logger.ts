/**
 * The relay's pino logger. Guarantees: no IP address, port or hostname (no `base` bindings, and the
 * request/response serializers keep only method, route pattern and status), no bodies, no tokens and
 * no raw URLs (a query string may carry a cursor or a secret). Callers log ids of their own choosing.
 */
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

interface RequestLike {
  method?: string;
  routeOptions?: { url?: string };
}

const serializers = {
  req: (req: RequestLike) => ({ method: req.method, route: req.routeOptions?.url }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: pino.stdSerializers.err,
};

const isStream = (v: unknown): v is DestinationStream => typeof (v as { write?: unknown } | undefined)?.write === 'function';

export function createRelayLogger(
  option: false | (LoggerOptions & { stream?: DestinationStream }) | DestinationStream | undefined,
): Logger {
  if (option === false) return pino({ enabled: false });
  if (isStream(option)) return pino({ level: 'info', base: null, serializers }, option);
  const { stream, ...options } = option ?? {};
  return pino({ level: 'info', ...options, base: null, serializers: { ...options.serializers, ...serializers } }, stream);
}
