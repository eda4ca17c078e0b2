// sw.js: the page's service worker, so Descent works offline after its first load from any static
// host, under any sub-path (its scope is the folder it is served from). Network first: online, every
// request goes to the server as before (a rebuilt site is never stale) and a good answer is kept in the
// cache; offline (or the server gone), the kept copy answers. Installing keeps the page's own small
// files; page.js puts descent.wasm and each Fashion-MNIST file it downloads into the same cache, so
// nothing is downloaded twice. Not a bundler, not an update prompt. Registered by page.js.
'use strict';
const CACHE = 'descent-site';
// Relative to this file: the site's folder, wherever it is hosted.
const CORE = ['./', 'index.html', 'page.js', 'descent.js', 'data/fashion-mnist/manifest.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const scope = self.registration.scope;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;  // not ours: the browser's default
  // A link's query (?view=...) is the page's business, not another file: one copy of the page.
  const navigate = request.mode === 'navigate';
  const key = navigate ? request.url.split('#')[0].split('?')[0] : request;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.status === 200 && response.type === 'basic') await cache.put(key, response.clone());
      return response;
    } catch (e) {
      const kept = await cache.match(key) || (navigate ? await cache.match('./') : undefined);  // offline
      if (kept) return kept;
      throw e;
    }
  })());
});
