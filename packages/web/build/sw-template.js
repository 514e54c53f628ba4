/**
 * Entwine's service worker: keeps the app shell (HTML, scripts, styles, map data, icons) so the app opens
 * without a network. Guarantees:
 * - it never touches the relay API (`/v1/…`, `/healthz`): envelopes, sign-in and sockets always go to the relay;
 * - pages are network-first (a new build is picked up at once), falling back to the cached shell offline;
 * - hashed assets are cache-first (their names change with their content);
 * - a new version deletes the caches of older ones when it activates;
 * - tapping one of Entwine's notifications (shown through it while the page is hidden) brings the open
 *   Entwine window to the front, or opens one.
 * The file list is filled in at build time by `service-worker-plugin.ts`.
 */
const SHELL = '__ENTWINE_SHELL__';
const CACHE = `entwine-shell-${SHELL.version}`;
const API = /^\/(v1(\/|$)|healthz$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.files))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('entwine-shell-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match('/'))
          .then((hit) => hit ?? Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok && url.pathname.startsWith('/assets/')) cache.put(request, response.clone());
            return response;
          }),
      ),
    ),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      return open ? open.focus() : self.clients.openWindow('/');
    }),
  );
});
