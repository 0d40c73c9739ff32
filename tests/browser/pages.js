// The pages the browser tests visit: one of each kind of page the site builds.
// A feature that adds a new kind of page (a bibliography entry, the search page…) adds it here,
// and every browser check (rendering, axe in light and dark, keyboard, no-JS, mobile, network,
// CSP) then runs on it too.
//
// Fields:
//   name     what kind of page it is (used in test names)
//   path     the URL path on the built site
//   status   the HTTP status the page is served with (default 200)
//   scripted true if JavaScript legitimately adds text to <main> (e.g. search results); the
//            no-JS check then only requires the page's heading and static text, not equal text

export const PAGES = [
  { name: 'home page', path: '/' },
  { name: 'section: case studies', path: '/case-studies/' },
  { name: 'section: paper', path: '/paper/' },
  { name: 'section: tools and resources', path: '/resources/' },
  { name: 'case study', path: '/case-studies/bridgeport-prospers/' },
  { name: 'paper chapter', path: '/paper/the-functions/' },
  { name: 'glossary term', path: '/glossary/integrator/' },
  { name: 'taxonomy index', path: '/functions/' },
  { name: 'taxonomy term', path: '/functions/engage-partners/' },
  { name: 'evidence map', path: '/evidence-map/' },
  { name: 'annotated bibliography', path: '/bibliography/' },
  { name: 'bibliography filtered by evidence type', path: '/bibliography/type/report/' },
  { name: 'reference page of a tool', path: '/bibliography/iphi-equity-impact/' },
  { name: 'reference page', path: '/bibliography/chang2012/' },
  { name: 'search page', path: '/search/?q=paterson', scripted: true },
  { name: 'present view (slide)', path: '/case-studies/bridgeport-prospers/present/', slide: true },
  { name: 'present view of a chapter', path: '/paper/the-integrator-role/present/', slide: true },
  { name: 'handout of short links', path: '/handout/' },
  { name: 'the whole paper on one page', path: '/paper/print/' },
  { name: '404 page', path: '/no-such-page/', status: 404 },
];
