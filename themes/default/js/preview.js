// Link previews: a citation shows its reference, its annotation's first sentence and links to
// its page and the source; a glossary link the definition; a link to a case study or chapter
// its title and summary. Only pages with such links load this; without it they stay links.
//
// A mouse previews on hover and a click follows the link; a tap, Enter or a screen reader opens
// the preview with focus in it and the real link inside (a second tap follows the link).
// Escape, a tap outside or the close button closes it and focus returns to the link. Narrow
// screens get a sheet at the bottom (or top) clear of the link's line, wide ones a popover below
// (or above) the link. The data file is fetched at the first reach and written as text only.

const script = document.querySelector('script[data-previews]');
const links = 'main .citation a[href], main a.glossary-term, main a.preview-link';
const wide = matchMedia('(min-width: 40rem)');
let data = null;
let loaded = null;
let current = null;
let openOnPress = null;
let pointer = '';
let timer = 0;

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
};

const box = el('div', 'preview');
box.id = 'link-preview';
box.popover = 'auto';
box.tabIndex = -1;
box.setAttribute('role', 'dialog');
box.setAttribute('aria-labelledby', 'link-preview-title');

// The previews file, fetched once; a failed fetch (offline, say) is tried again next time.
const load = () => {
  data ??= fetch(script.dataset.previews)
    .then((r) => (r.ok ? r.json() : Promise.reject()))
    .then(
      (d) => (loaded = d),
      () => ((data = null), {}),
    );
  return data;
};

const key = (a) => new URL(a.href, location.href).pathname;

// The preview's contents for link `a`, from its entry `p` (or a note that there is none).
const fill = (a, p) => {
  const head = el('p', 'preview-title');
  head.id = 'link-preview-title';
  const kind = { reference: 'Reference', term: 'Glossary' }[p?.kind] ?? p?.label ?? 'Link';
  const go = el('p', 'preview-links');
  const more = el('a', '', { reference: 'Annotation and details', term: 'Glossary entry' }[p?.kind] ?? `Read the ${p?.label.toLowerCase() ?? 'page'}`);
  more.href = a.getAttribute('href');
  go.append(more);
  let text = p?.text;
  if (p?.kind === 'reference') {
    // The page's own reference list, where it has one, says it as the page does.
    const item = document.getElementById(`ref-${p.key}`);
    if (item) {
      for (const n of item.childNodes) if (!n.matches?.('a.meta')) head.append(n.cloneNode(true));
    } else {
      p.reference.forEach((run, i) => head.append(i % 2 ? el('i', '', run) : run));
    }
    text = p.annotation;
    if (p.source) {
      const src = el('a', '', 'Source');
      src.href = p.source;
      go.append(src);
    }
  } else {
    head.textContent = p?.title ?? a.textContent;
  }
  const close = el('button', 'preview-close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Close preview');
  close.addEventListener('click', () => hide(true));
  box.replaceChildren(close, el('p', 'preview-kind', kind), head);
  box.append(
    el('p', 'preview-text', text ?? (p ? '' : loaded ? 'No preview for this link.' : data ? 'Loading…' : 'The preview could not be loaded.')),
    go,
  );
};

// Puts the preview where it leaves the link in view: below it on a wide screen (above when
// there is no room), on a narrow one a sheet at the bottom, at the top when the link is low,
// and when neither fits the page scrolls the link up.
const place = (a) => {
  const r = a.getBoundingClientRect();
  const h = box.offsetHeight;
  const vh = innerHeight;
  const s = box.style;
  box.classList.remove('at-top');
  if (wide.matches) {
    const below = r.bottom + 6 + h <= vh || r.top - 6 - h < 0;
    const left = a.getClientRects()[0]?.left ?? r.left;
    s.top = `${scrollY + (below ? r.bottom + 6 : r.top - 6 - h)}px`;
    s.left = `${scrollX + Math.max(8, Math.min(left, innerWidth - box.offsetWidth - 8))}px`;
    return;
  }
  s.top = s.left = '';
  if (r.bottom + 8 <= vh - h) return;
  if (r.top - 8 >= h) box.classList.add('at-top');
  else scrollBy(0, r.top - 16);
};

const show = async (a, focus) => {
  clearTimeout(timer);
  const pending = load();
  if (current !== a) {
    if (current) hide(false);
    current = a;
    fill(a, loaded?.[key(a)]);
    box.showPopover({ source: a });
    a.setAttribute('aria-expanded', 'true');
  }
  place(a);
  if (focus) box.focus();
  if (loaded) return;
  const p = (await pending)[key(a)];
  if (current !== a) return;
  fill(a, p);
  place(a);
  if (focus && !box.contains(document.activeElement)) box.focus();
};

const hide = (refocus) => {
  clearTimeout(timer);
  const a = current;
  if (!a) return;
  current = null;
  const inside = box.contains(document.activeElement);
  if (box.matches(':popover-open')) box.hidePopover();
  a.setAttribute('aria-expanded', 'false');
  if (refocus || inside) a.focus({ preventScroll: true });
};

// Browsers without the Popover API keep the plain links.
if (script && box.showPopover) {
  document.body.append(box);
  box.addEventListener('toggle', (e) => {
    if (e.newState === 'closed' && current) hide(false);
  });
  box.addEventListener('focusout', (e) => {
    if (current && e.relatedTarget && !box.contains(e.relatedTarget) && e.relatedTarget !== current) hide(false);
  });

  const trigger = (e) => e.target.closest?.(links);

  for (const a of document.querySelectorAll(links)) {
    a.setAttribute('aria-expanded', 'false');
    a.setAttribute('aria-controls', box.id);
  }

  document.addEventListener('pointerdown', (e) => {
    pointer = e.pointerType;
    const a = trigger(e);
    openOnPress = a && a === current ? a : null;
    if (a) load();
  }, true);

  document.addEventListener('click', (e) => {
    const a = trigger(e);
    const how = pointer;
    pointer = '';
    if (!a || e.defaultPrevented || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    // A mouse follows the link (hovering previewed it); a second tap on an open preview's link too.
    if (how === 'mouse' || openOnPress === a) return;
    e.preventDefault();
    show(a, true);
  });

  // Escape closes the preview and puts focus back on its link.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && current) {
      e.preventDefault();
      hide(true);
    }
  }, true);

  document.addEventListener('focusin', (e) => {
    if (trigger(e)) load();
  });

  const hover = (e, on) => {
    if (e.pointerType !== 'mouse') return;
    const a = trigger(e);
    const over = a || box.contains(e.target);
    if (!over) return;
    clearTimeout(timer);
    if (on && a) timer = setTimeout(() => show(a, false), 350);
    if (!on && current && !box.contains(document.activeElement)) timer = setTimeout(() => hide(false), 300);
  };
  document.addEventListener('pointerover', (e) => hover(e, true));
  document.addEventListener('pointerout', (e) => hover(e, false));

  addEventListener('resize', () => current && place(current));
}
