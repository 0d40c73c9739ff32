// The service worker (brightspot.toml: service_worker = true). Generated: the build puts its
// version (a hash of every content-hashed file's name) and the shell's URLs in the first lines.
// HTML is network-first, so a reader online never sees a stale page; content-hashed files are
// cache-first, as they never change; everything fetched is kept, so a page read once, and the
// search files a query needed, work again offline. A new deploy has a new version: its cache
// replaces the old ones on activate.
const PREFIX = 'brightspot-';
const CACHE = PREFIX + VERSION;
const HASHED = /\.[0-9a-f]{16}\.[a-z0-9]+$|\/search\/[0-9a-f]{16}\//;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

// Old versions' caches go; the pages open now (read before the worker was installed: the
// reader's very first visit) are kept, so they read again offline.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const keys = await caches.keys();
      await Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)));
      await self.clients.claim();
      const open = await self.clients.matchAll({ type: 'window' });
      const cache = await caches.open(CACHE);
      await Promise.all(open.map((c) => cache.add(c.url).catch(() => {})));
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The web editor (/admin/) talks to GitHub and loads a large bundle: never kept offline.
  if (url.pathname.startsWith(EDITOR)) return;
  if (HASHED.test(url.pathname)) event.respondWith(cacheFirst(request));
  else if (request.mode === 'navigate') event.respondWith(page(request));
  else event.respondWith(networkFirst(request));
});

async function keep(request, response) {
  if (response.ok && response.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function cacheFirst(request) {
  return (await caches.match(request)) ?? keep(request, await fetch(request));
}

async function networkFirst(request) {
  try {
    return await keep(request, await fetch(request));
  } catch (offline) {
    const kept = await caches.match(request);
    if (kept) return kept;
    throw offline;
  }
}

// A page: from the network; offline, the copy kept when it was read (a search page answers any
// query from the index files kept), else the offline page.
async function page(request) {
  try {
    return await networkFirst(request);
  } catch {
    return (await caches.match(request, { ignoreSearch: true })) ?? (await caches.match(OFFLINE)) ?? Response.error();
  }
}
