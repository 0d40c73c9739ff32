// Registers the offline service worker (brightspot.toml: service_worker = true) once the page
// has loaded, so it never competes with the page for a slow connection. Reading works without it.
const script = document.currentScript;
if ('serviceWorker' in navigator && script) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(script.dataset.worker, { scope: script.dataset.scope }).catch(() => {});
  });
}
