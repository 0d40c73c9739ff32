// The header's search box on every page, for results as you type. This is all a page loads
// of search until someone uses the box: on focus (or `/`), search.js, the runtime and the
// index's manifest are fetched (see header() in search.js). Without JavaScript, or until
// then, the form submits to /search/.

const form = document.querySelector('form.search-form[data-module]');
const input = form?.querySelector('input[name="q"]');
if (input) {
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', 'site-search-results');
  let started = null;
  const start = () => {
    started ??= import(form.dataset.module).then((m) => m.header(form));
  };
  input.addEventListener('focus', start);
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
