/**
 * What the device needs from the platform to talk to a relay. The CLI injects Node adapters (fetch + ws),
 * the web app browser ones, tests in-process fakes; nothing here touches Node or the DOM.
 */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  json?: unknown;
  bytes?: Uint8Array;
  token?: string;
}

export interface HttpResponse {
  status: number;
  /** Parsed JSON body, when the relay answered with JSON. */
  json?: unknown;
  /** Raw body, when the relay answered with application/octet-stream. */
  bytes?: Uint8Array;
}

export interface SocketHandlers {
  open(): void;
  text(data: string): void;
  binary(data: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RelaySocket {
  sendText(data: string): void;
  sendBinary(data: Uint8Array): void;
  /** Bytes queued but not yet written; the outbox stops filling the socket past a bound. */
  bufferedAmount(): number;
  close(): void;
}

export interface Transport {
  /** The relay origin (scheme://host:port) — what sign-in signatures are bound to. */
  readonly origin: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  openSocket(path: string, handlers: SocketHandlers): RelaySocket;
}

/**
 * One string kept atomically and durably (the web app's sealed IndexedDB record). The device keeps its state in a
 * DeviceStore; a KeyStore is what a browser profile of before the record store held, read once to migrate it.
 */
export interface KeyStore {
  load(): Promise<string | undefined>;
  save(serialized: string): Promise<void>;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
