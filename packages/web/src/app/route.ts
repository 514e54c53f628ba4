/**
 * The app's few addresses, kept in the URL so the back button and reloads work. The relay serves
 * `index.html` for every one of them. An invite link `/i/<inviteId>#<secret>` opens the join screen; the
 * secret lives only in the fragment, which no request carries, and it leaves the address bar once used.
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'map' }
  | { name: 'invite' }
  | { name: 'sharing' }
  | { name: 'me' }
  | { name: 'trail' }
  | { name: 'bond'; bondId: string }
  | { name: 'thoughts'; bondId: string }
  | { name: 'moments'; bondId: string }
  | { name: 'request'; inviteId: string }
  | { name: 'join'; link: string };

export function parseRoute(loc: Pick<Location, 'pathname' | 'href'>): Route {
  const parts = loc.pathname.split('/').filter(Boolean);
  if (parts[0] === 'i' && parts[1]) return { name: 'join', link: loc.href };
  if (parts[0] === 'invite') return { name: 'invite' };
  if (parts[0] === 'sharing') return { name: 'sharing' };
  if (parts[0] === 'me') return { name: 'me' };
  if (parts[0] === 'trail') return { name: 'trail' };
  if (parts[0] === 'bonds' && parts[1]) {
    const bondId = decodeURIComponent(parts[1]);
    if (parts[2] === 'thoughts') return { name: 'thoughts', bondId };
    if (parts[2] === 'moments') return { name: 'moments', bondId };
    return { name: 'bond', bondId };
  }
  if (parts[0] === 'requests' && parts[1]) return { name: 'request', inviteId: decodeURIComponent(parts[1]) };
  return { name: 'map' };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'map':
      return '/';
    case 'bond':
      return `/bonds/${encodeURIComponent(route.bondId)}`;
    case 'thoughts':
    case 'moments':
      return `/bonds/${encodeURIComponent(route.bondId)}/${route.name}`;
    case 'request':
      return `/requests/${encodeURIComponent(route.inviteId)}`;
    case 'join':
      return new URL(route.link).pathname + new URL(route.link).hash;
    default:
      return `/${route.name}`;
  }
}

const listeners = new Set<() => void>();

export function navigate(route: Route, opts: { replace?: boolean } = {}): void {
  const path = pathOf(route);
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
