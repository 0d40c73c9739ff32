// The web editor's preview (/admin/, Decap CMS): a page being edited is shown in the site's own
// stylesheet, laid out as the site lays out that kind of page. Loaded only by admin.html, after
// Decap's bundle, which defines CMS and h (React's createElement); the stylesheet's URL comes
// from this script's data-style attribute, as its name carries a content hash.
(function () {
  'use strict';
  const CMS = window.CMS;
  const h = window.h;
  const script = document.currentScript;
  if (!CMS || !h || !script) return;
  CMS.registerPreviewStyle(script.dataset.style);

  // The preview frame is a document of its own: it gets the site's language and a title naming
  // the page, as every page of the site has.
  const frame = (title) => (el) => {
    if (!el) return;
    const doc = el.ownerDocument;
    doc.documentElement.lang = script.dataset.lang || 'en';
    doc.title = `Preview: ${title}`;
  };

  const text = (entry, path) => {
    const value = entry.getIn(['data', ...path]);
    return value == null ? '' : String(value);
  };
  const list = (entry, name) => {
    const value = entry.getIn(['data', name]);
    return value && value.toJS ? value.toJS() : [];
  };

  // A case study: title, place, key points, the at-a-glance box and the body, as
  // case_study.html writes them (the published page also resolves citations and links).
  function CaseStudy({ entry, widgetFor }) {
    const place = [text(entry, ['location', 'city']), text(entry, ['location', 'state'])].filter(Boolean).join(', ');
    const points = list(entry, 'key_points');
    const facts = [
      ['Place', place],
      ['Integrator', [text(entry, ['integrator', 'name']), text(entry, ['integrator', 'role'])].filter(Boolean).join(' — ')],
      ['Years', [text(entry, ['years', 'start']), text(entry, ['years', 'end'])].filter(Boolean).join('–')],
      ['Status', text(entry, ['status'])],
      ['Last reviewed', text(entry, ['last_reviewed'])],
    ].filter(([, v]) => v);
    const title = text(entry, ['title']) || 'Untitled case study';
    return h('main', { className: 'wrap', id: 'main', ref: frame(title) },
      h('article', { className: 'page' },
        h('h1', {}, title),
        place ? h('p', { className: 'case-place' }, place) : null,
        points.length ? h('section', { className: 'key-points', 'aria-labelledby': 'key-points' },
          h('h2', { id: 'key-points' }, 'Key points'),
          h('ul', {}, points.map((p, i) => h('li', { key: i }, p)))) : null,
        h('section', { className: 'glance', 'aria-labelledby': 'at-a-glance' },
          h('h2', { id: 'at-a-glance' }, 'At a glance'),
          h('div', { className: 'glance-summary' }, h('p', {}, text(entry, ['summary']))),
          h('dl', { className: 'facts' }, facts.map(([k, v]) => h('div', { key: k }, h('dt', {}, k), h('dd', {}, v))))),
        h('div', { className: 'content' }, widgetFor('body'))));
  }

  // A glossary term: the term, its definition as the lede, the body.
  function Term({ entry, widgetFor }) {
    const title = text(entry, ['title']) || 'Untitled term';
    return h('main', { className: 'wrap', id: 'main', ref: frame(title) },
      h('article', { className: 'page' },
        h('h1', {}, title),
        h('div', { className: 'lede' }, h('p', {}, text(entry, ['summary']))),
        h('div', { className: 'content' }, widgetFor('body'))));
  }

  // An annotation: its three parts.
  function Annotation({ entry, widgetFor }) {
    const title = entry.get('slug') || 'Annotation';
    return h('main', { className: 'wrap', id: 'main', ref: frame(title) },
      h('article', { className: 'page' },
        h('h1', {}, title),
        h('div', { className: 'content' }, widgetFor('body'))));
  }

  CMS.registerPreviewTemplate('case-studies', CaseStudy);
  CMS.registerPreviewTemplate('glossary', Term);
  CMS.registerPreviewTemplate('annotations', Annotation);
})();
