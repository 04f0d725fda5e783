// GymIntel member app service worker (scope /app/). The cache is named by a hash of the
// shell's files, so a deploy installs a new cache and drops the old one.
const VERSION = "gymintel-app-{{ version }}";
const SHELL = {{ shell_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== VERSION).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The shell and its files: from the cache, refreshed in the background (stale while
// revalidate). API answers are never cached: they are the member's own data and change.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/app/")) {
    event.respondWith(fromCache(event, "/app/"));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(fromCache(event, url.pathname));
  }
});

async function fromCache(event, key) {
  const cache = await caches.open(VERSION);
  const cached = await cache.match(key);
  const fresh = fetch(key, { credentials: "same-origin" })
    .then((response) => {
      if (response.ok) cache.put(key, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (cached) {
    event.waitUntil(fresh);
    return cached;
  }
  return (await fresh) || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
}
