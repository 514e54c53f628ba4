/**
 * Every request a browser context makes, by host: the pages', their workers' (MapLibre fetches tiles and
 * fonts from a worker and the page) and the service worker's. Two nets, so a request cannot slip through
 * one unseen: `context.on('request')` records what the browser reports, and `context.route('**')` sees every
 * request before it leaves — any host but the allowed ones is recorded and aborted there, so a test never
 * reaches the internet even when the code under test tries to. A host can be answered by the test instead
 * (`answer`), which still counts it as contacted.
 */
import type { BrowserContext, Route } from 'playwright-core';

export interface HostLog {
  /** Every distinct URL requested, in order of first request (data: and blob: URLs name no host: left out). */
  urls: string[];
  /** The distinct hosts (`host:port`) requested so far. */
  hosts(): Set<string>;
  /** URLs on hosts other than `allowed` (the relay's, by default). */
  foreign(allowed?: string[]): string[];
}

export async function logHosts(
  context: BrowserContext,
  relayUrl: string,
  answer: Record<string, (route: Route) => Promise<void>> = {},
): Promise<HostLog> {
  const relayHost = new URL(relayUrl).host;
  const urls: string[] = [];
  const seen = new Set<string>();
  const record = (url: string) => {
    if (/^(data|blob):/.test(url)) return;
    if (seen.has(url)) return;
    seen.add(url);
    urls.push(url);
  };
  context.on('request', (request) => record(request.url()));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    record(url);
    const host = new URL(url).host;
    const handler = answer[host];
    if (handler) return handler(route);
    if (host === relayHost) return route.fallback();
    return route.abort('blockedbyclient');
  });
  const hostOf = (url: string) => new URL(url).host;
  return {
    urls,
    hosts: () => new Set(urls.map(hostOf)),
    foreign: (allowed = [relayHost]) => urls.filter((u) => !allowed.includes(hostOf(u))),
  };
}
