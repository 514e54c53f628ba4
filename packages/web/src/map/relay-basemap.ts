/**
 * Whether this person's relay serves a street map (`GET /v1/basemap`, issue 11). Asked once per page load
 * and shared by the map and *Me*. Three answers, kept apart on purpose:
 * - `available`: the relay's description, checked against the core schema (paths on the relay only);
 * - `none`: the relay said so (404 ENTWINE_ERR_BASEMAP_NONE) — only then may the app ask the person to
 *   choose between the outline map and a third-party tile server;
 * - `unknown`: no answer (offline, a relay too old to know the route, a malformed body). The app draws the
 *   outline map and does not ask: a relay that has a map but could not be reached must not lead anyone to
 *   pick a third-party server.
 */
import { API, type BasemapInfo, ROUTES } from '@entwine/core';
import { useEffect, useState } from 'react';
import { relayOrigin } from '../app/relay-origin.ts';

export type RelayBasemap =
  | { kind: 'loading' }
  | { kind: 'available'; info: BasemapInfo; origin: string }
  | { kind: 'none' }
  | { kind: 'unknown' };

const NONE_CODE = 'ENTWINE_ERR_BASEMAP_NONE';

/** Reads the relay's answer; never throws. */
export async function fetchRelayBasemap(origin: string, fetcher: typeof fetch = fetch): Promise<RelayBasemap> {
  try {
    const res = await fetcher(origin + ROUTES.basemap, { cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(10_000) });
    const body: unknown = await res.json().catch(() => undefined);
    if (res.status === 404) {
      const parsed = API.error.safeParse(body);
      return parsed.success && parsed.data.code === NONE_CODE ? { kind: 'none' } : { kind: 'unknown' };
    }
    if (!res.ok) return { kind: 'unknown' };
    const parsed = API.basemap.safeParse(body);
    return parsed.success ? { kind: 'available', info: parsed.data, origin } : { kind: 'unknown' };
  } catch {
    return { kind: 'unknown' };
  }
}

let asked: Promise<RelayBasemap> | undefined;

/** The relay's answer, asked on first use in this page (a reload asks again: the operator may add a map). */
export function relayBasemap(): Promise<RelayBasemap> {
  asked ??= fetchRelayBasemap(relayOrigin());
  return asked;
}

export function useRelayBasemap(): RelayBasemap {
  const [state, setState] = useState<RelayBasemap>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void relayBasemap().then((answer) => {
      if (live) setState(answer);
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
