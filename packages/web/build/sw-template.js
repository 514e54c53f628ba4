/**
 * Entwine's service worker: keeps the app shell (HTML, scripts, styles, map data, icons) so the app opens
 * without a network, and pins the installed version. Guarantees:
 * - it never touches the relay API (`/v1/…`, `/healthz`): envelopes, sign-in and sockets always go to the relay;
 * - it never touches the relay's street map (`/basemap/…`): archive ranges and tiles go to the network and
 *   the browser's HTTP cache, since a range cached by URL would answer for another range, and a replaced
 *   archive would mix with ranges of the old one;
 * - pages and assets are served from the installed version's cache (the network only for what it lacks), so
 *   a new build on the server changes nothing until the person agrees: a new worker installs and WAITS
 *   (no skipWaiting, except for the very first install) until the page asks it to take over (the
 *   `entwine-update` message, sent from `app/app-update.ts` when the person taps "Update");
 * - a new version deletes the caches of older ones when it activates.
 * Limit: the browser itself fetches `sw.js` from the origin to look for updates; a server that changes
 * `sw.js` to a worker calling skipWaiting() on install replaces this one without asking. The pin keeps an
 * honest server's update from landing silently and a changed asset or page from being used; it cannot stop
 * an operator who rewrites the worker itself (docs/operations.md, `entwine verify-web`).
 * - tapping one of Entwine's notifications (shown through it while the page is hidden) brings the open
 *   Entwine window to the front, or opens one.
 * The file list is filled in at build time by `service-worker-plugin.ts`.
 */
const SHELL = '__ENTWINE_SHELL__';
const CACHE = `entwine-shell-${SHELL.version}`;
const API = /^\/(v1(\/|$)|healthz$|basemap\/)/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.files))
      // The first install has nothing to replace; any later one waits for the person's yes.
      .then(() => (self.registration.active ? undefined : self.skipWaiting())),
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

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'entwine-update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Every app address is the installed version's page; the network only if it is not cached yet.
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match('/'))
        .then((hit) => hit ?? fetch(request)),
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
