/**
 * The service worker pins the installed version (`build/sw-template.js`); this finds a newer one waiting
 * and hands it over only when the person says so. Nothing updates silently: the new version's worker
 * stays `waiting` (and its files unused) until `applyUpdate()`, after which the page reloads into it.
 */
import { useSyncExternalStore } from 'react';

let waiting: ServiceWorker | undefined;
const listeners = new Set<() => void>();

function set(worker: ServiceWorker | undefined): void {
  waiting = worker;
  for (const l of listeners) l();
}

/** Registers the worker and watches for a new version that installs and waits. */
export function registerServiceWorker(): void {
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then((registration) => {
      const check = () => {
        // Only an update: with no controller yet, the first install takes over by itself.
        if (registration.waiting && navigator.serviceWorker.controller) set(registration.waiting);
      };
      check();
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => installing.state === 'installed' && check());
      });
    })
    .catch(() => {
      // No offline shell (e.g. the browser refuses service workers); the app itself works the same.
    });
}

/** Lets the waiting version take over, then reloads into it. */
export function applyUpdate(): void {
  if (!waiting) return;
  let reloaded = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloaded) return;
    reloaded = true;
    location.reload();
  });
  waiting.postMessage({ type: 'entwine-update' });
}

export function dismissUpdate(): void {
  set(undefined);
}

export function useWaitingUpdate(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => waiting !== undefined,
  );
}
