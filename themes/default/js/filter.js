// Filters on a case-study list, instantly. Without JavaScript each filter is a link to its
// term's page, which lists exactly the case studies tagged with it; with it, a click (without
// a modifier key, so a new tab still opens the term page) shows only the matching cards here,
// and the URL (?functions=engage-partners&states=CT) records the filters so the view can be
// shared. One term per taxonomy; terms of different taxonomies must all match.

const cards = [...document.querySelectorAll('.case-cards > li')];
const links = [...document.querySelectorAll('a[data-facet]')];
const status = document.getElementById('filter-status');
const details = document.getElementById('filters');

function read() {
  const params = new URLSearchParams(window.location.search);
  const known = new Set(links.map((a) => `${a.dataset.facet}=${a.dataset.term}`));
  return new Map([...params].filter(([k, v]) => known.has(`${k}=${v}`)));
}

function apply(filters) {
  let shown = 0;
  for (const card of cards) {
    const ok = [...filters].every(([facet, term]) =>
      (card.getAttribute(`data-${facet}`) ?? '').split(' ').includes(term),
    );
    card.hidden = !ok;
    if (ok) shown += 1;
  }
  const names = [];
  for (const a of links) {
    const on = filters.get(a.dataset.facet) === a.dataset.term;
    if (on) {
      a.setAttribute('aria-current', 'true');
      names.push(a.firstChild.textContent.trim());
    } else a.removeAttribute('aria-current');
  }
  status.textContent = filters.size
    ? `Showing ${shown} of ${cards.length} case studies: ${names.join(' and ')}.`
    : '';
  clear.hidden = filters.size === 0;
}

function write(filters) {
  const query = new URLSearchParams([...filters]).toString();
  window.history.pushState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}

const clear = document.createElement('button');
clear.type = 'button';
clear.className = 'filter-clear';
clear.textContent = 'Show all case studies';
clear.hidden = true;
status.after(clear);
clear.addEventListener('click', () => {
  const none = new Map();
  write(none);
  apply(none);
});

for (const a of links) {
  a.addEventListener('click', (e) => {
    if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const filters = read();
    if (filters.get(a.dataset.facet) === a.dataset.term) filters.delete(a.dataset.facet);
    else filters.set(a.dataset.facet, a.dataset.term);
    write(filters);
    apply(filters);
  });
}

window.addEventListener('popstate', () => apply(read()));
const initial = read();
if (initial.size && details) details.open = true;
apply(initial);
document.documentElement.dataset.filtersReady = 'true';
