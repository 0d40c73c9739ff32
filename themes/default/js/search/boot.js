// The header's search box on every page, for results as you type. This is all a page loads
// of search until someone uses the box: on a touch, a press or focus (or `/`), search.js, its
// stylesheet, the runtime and the index's manifest are all requested at once (preloads the
// later fetch() calls of header() in search.js take over), so a slow link pays one round trip
// for them, not three. Without JavaScript, or until then, the form submits to /search/.

const form = document.querySelector('form.search-form[data-module]');
const input = form?.querySelector('input[name="q"]');
if (input) {
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'site-search-results');
  let started = null;
  const preload = (href, as) => {
    if (!href) return;
    const link = document.createElement('link');
    link.rel = 'preload';
    link.as = as;
    link.href = href;
    if (as === 'fetch') link.crossOrigin = 'anonymous';
    document.head.append(link);
  };
  const start = () => {
    if (started) return;
    preload(form.dataset.wasm, 'fetch');
    preload(`${form.dataset.index}manifest.bin`, 'fetch');
    preload(form.dataset.style, 'style');
    started = import(form.dataset.module).then((m) => m.header(form));
  };
  for (const event of ['pointerdown', 'touchstart', 'focus']) input.addEventListener(event, start, { passive: true });
}
// `/` focuses the search page's own box there (the page has no header box), the header's
// elsewhere.
const box = document.getElementById('search-input') ?? input;
if (box) {
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
}
