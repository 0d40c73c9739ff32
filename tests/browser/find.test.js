// Getting to the right case in seconds, on a phone (390×844) and a desktop (1366×900): the
// home page shows every case study as a card in the first screen, the header stays small with
// a menu that opens without JavaScript, the case-study list starts with its cards and its
// filters show exactly the tagged case studies with and without JavaScript, each case study
// shows its Key points in the first screen, and the evidence map needs no sideways scrolling
// on a phone, names every function in text and has linked, separate, tappable markers.
// What "tagged" means is read from the case-study pages themselves (their At a glance links),
// not from the list under test.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { PAGES } from './pages.js';
import { instrument, siteUnderTest } from './support/browser.js';
import { horizontalOverflow } from './support/checks.js';

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const DESKTOP = { viewport: { width: 1366, height: 900 } };
const VIEWPORTS = [['phone', PHONE], ['desktop', DESKTOP]];

const site = siteUnderTest();
const { visit } = site;
// Case-study URL → the set of term page URLs its At a glance box links to.
let tagged;

before(async () => {
  tagged = await visit('/case-studies/', {}, async (page) => {
    const urls = await page.$$eval('.case-cards .card-title a', (as) => as.map((a) => a.pathname));
    const map = new Map();
    for (const url of urls) {
      await page.goto(site.origin() + url);
      const terms = await page.$$eval('.glance .facts dd a', (as) => as.map((a) => a.pathname));
      map.set(url, new Set(terms));
    }
    return map;
  });
});

const box = (page, selector) =>
  page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
  });

const caseStudies = () => [...tagged.keys()];
const taggedWith = (termUrl) =>
  caseStudies().filter((cs) => tagged.get(cs).has(termUrl)).sort();

const visibleCards = (page) =>
  page.$$eval('.case-cards > li', (lis) =>
    lis
      .filter((li) => li.getClientRects().length > 0)
      .map((li) => li.querySelector('.card-title a').pathname)
      .sort(),
  );

describe('home page', () => {
  for (const [name, options] of VIEWPORTS) {
    test(`${name}: every case study has a card, and the first card starts in the first screen`, async () => {
      await visit('/', options, async (page) => {
        const cards = await page.$$eval('.case-cards .card-title a', (as) => as.map((a) => a.pathname));
        assert.deepEqual([...cards].sort(), caseStudies().sort());
        const first = await box(page, '.case-cards > li');
        assert.ok(first.top < options.viewport.height, `first card at y = ${first.top}`);
        // Each card names its place and its functions as text, without citation links.
        const facts = await page.$$eval('.case-cards > li', (lis) =>
          lis.map((li) => ({
            place: li.querySelector('.card-place')?.textContent.trim() ?? '',
            text: li.innerText,
            links: li.querySelectorAll('a').length,
          })),
        );
        for (const f of facts) {
          assert.ok(f.place.length > 0, 'a card names its place');
          assert.match(f.text, /Integrative functions/);
          assert.equal(f.links, 1, 'the title is the only link in a card');
        }
        // The entry points, each with a line on what is there.
        const entries = await page.$$eval('.entry-list li', (lis) =>
          lis.map((li) => [li.querySelector('a').textContent.trim(), li.querySelector('p')?.textContent.trim() ?? '']),
        );
        for (const want of [/integrator role/i, /functions/i, /bibliography/i, /glossary/i]) {
          const hit = entries.find(([title]) => want.test(title));
          assert.ok(hit, `an entry point for ${want}: ${JSON.stringify(entries)}`);
          assert.ok(hit[1].length > 20, `${hit[0]} says what is there`);
        }
      });
    });
  }
});

describe('header', () => {
  // Present views are slides: a title, a short link and a code, with no site header at all.
  for (const entry of PAGES.filter((p) => !p.status && !p.slide)) {
    test(`phone: at most 120 px tall on ${entry.name}`, async () => {
      await visit(entry.path, PHONE, async (page) => {
        const h = await box(page, '.site-header');
        assert.ok(h.height <= 120, `header is ${h.height}px tall`);
      });
    });
  }

  test('phone: the menu opens without JavaScript and lists the sections', async () => {
    await visit('/', { ...PHONE, javaScriptEnabled: false }, async (page) => {
      const menu = page.locator('.menu-toggle nav');
      assert.equal(await menu.isVisible(), false);
      await page.click('.menu-toggle summary');
      assert.equal(await menu.isVisible(), true);
      const items = await menu.locator('a').allTextContents();
      assert.ok(items.includes('Case studies') && items.includes('Bibliography'), items.join(', '));
      const nav = await box(page, '.menu-toggle nav');
      assert.ok(nav.right <= 390 && nav.left >= 0, 'the open menu fits the screen');
    });
  });

  for (const width of [1280, 1366]) {
    test(`desktop ${width} px: the menu is on one line`, async () => {
      await visit('/case-studies/', { viewport: { width, height: 900 } }, async (page) => {
        const tops = await page.$$eval('.menu-wide .menu li', (lis) =>
          lis.filter((li) => li.getClientRects().length).map((li) => Math.round(li.getBoundingClientRect().top)),
        );
        assert.ok(tops.length >= 5, `${tops.length} menu items shown`);
        assert.equal(new Set(tops).size, 1, `menu items on ${new Set(tops).size} lines: ${tops}`);
        // Nor does any item's own text break ("Case / studies"): one line box per link.
        const broken = await page.$$eval('.menu-wide .menu a', (as) =>
          as
            .filter((a) => {
              const range = document.createRange();
              range.selectNodeContents(a);
              return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
            })
            .map((a) => a.textContent),
        );
        assert.deepEqual(broken, [], 'menu items whose text breaks onto two lines');
      });
    });
  }
});

describe('case-study list', () => {
  for (const [name, options] of VIEWPORTS) {
    test(`${name}: the first card is within the first screen`, async () => {
      await visit('/case-studies/', options, async (page) => {
        const first = await box(page, '.case-cards > li');
        assert.ok(first.top >= 0 && first.top < options.viewport.height - 100, `first card at y = ${first.top}`);
      });
    });
  }

  test('each filter without JavaScript leads to exactly the case studies tagged with it', async () => {
    const filters = await visit('/case-studies/', { javaScriptEnabled: false }, (page) =>
      page.$$eval('a[data-facet]', (as) => as.map((a) => ({ href: a.pathname, facet: a.dataset.facet }))),
    );
    assert.deepEqual(
      [...new Set(filters.map((f) => f.facet))].sort(),
      ['focus-areas', 'functions', 'sectors', 'states'],
    );
    for (const f of filters) {
      const shown = await visit(f.href, { javaScriptEnabled: false }, (page) =>
        page.$$eval('.cards .card-title a', (as) => as.map((a) => a.pathname).sort()),
      );
      assert.deepEqual(shown, taggedWith(f.href), `the page of ${f.href}`);
    }
  });

  test('each filter with JavaScript shows exactly the tagged case studies, in a shareable URL', async () => {
    const context = await site.browser().newContext();
    const watch = await instrument(context, site.origin());
    const page = await context.newPage();
    await page.goto(`${site.origin()}/case-studies/`);
    await page.waitForFunction(() => document.documentElement.dataset.filtersReady === 'true');
    const filters = await page.$$eval('a[data-facet]', (as) =>
      as.map((a) => ({ href: a.pathname, facet: a.dataset.facet, term: a.dataset.term })),
    );
    await page.click('#filters summary');
    for (const f of filters) {
      await page.click(`a[data-facet="${f.facet}"][data-term="${f.term}"]`);
      assert.equal(new URL(page.url()).pathname, '/case-studies/', 'the click stays on the list');
      assert.equal(new URL(page.url()).search, `?${f.facet}=${encodeURIComponent(f.term)}`);
      assert.deepEqual(await visibleCards(page), taggedWith(f.href), `filter ${f.facet}=${f.term}`);
      assert.match(await page.textContent('#filter-status'), /^Showing \d+ of \d+ case studies/);
      // Clicking the active filter again clears it.
      await page.click(`a[data-facet="${f.facet}"][data-term="${f.term}"]`);
      assert.equal(new URL(page.url()).search, '');
      assert.equal((await visibleCards(page)).length, caseStudies().length);
    }
    // Two filters of different taxonomies: both must match; the URL opens the same view.
    const [a, b] = [filters.find((f) => f.facet === 'functions'), filters.find((f) => f.facet === 'states')];
    await page.click(`a[data-facet="${a.facet}"][data-term="${a.term}"]`);
    await page.click(`a[data-facet="${b.facet}"][data-term="${b.term}"]`);
    const both = taggedWith(a.href).filter((cs) => taggedWith(b.href).includes(cs));
    assert.deepEqual(await visibleCards(page), both);
    const shared = page.url();
    await page.goto(shared);
    await page.waitForFunction(() => document.documentElement.dataset.filtersReady === 'true');
    assert.deepEqual(await visibleCards(page), both, `opening ${shared}`);
    await page.goBack();
    await page.waitForFunction(() => document.documentElement.dataset.filtersReady === 'true');
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });
});

describe('case-study page', () => {
  for (const [name, options] of VIEWPORTS) {
    test(`${name}: Key points follow the title within the first screen on every case study`, async () => {
      for (const url of caseStudies()) {
        await visit(url, options, async (page) => {
          const h1 = await box(page, 'main h1');
          const kp = await box(page, '.key-points');
          const first = await box(page, '.key-points li');
          assert.ok(kp.top >= h1.bottom, `${url}: Key points under the title`);
          assert.ok(first.bottom <= options.viewport.height, `${url}: first key point ends at y = ${first.bottom}`);
          const n = await page.$$eval('.key-points li', (lis) => lis.length);
          assert.ok(n >= 3 && n <= 5, `${url}: ${n} key points`);
          // Every key point cites its source.
          const cited = await page.$$eval('.key-points li', (lis) => lis.every((li) => li.querySelector('a[href*="/bibliography/"]')));
          assert.ok(cited, `${url}: every key point has a citation`);
          // Results and Lessons are one tap away.
          const targets = await page.$$eval('.on-this-page a', (as) => as.map((a) => a.textContent));
          assert.ok(targets.some((t) => /^Results/.test(t)) && targets.some((t) => /^Lessons/.test(t)), targets.join(' | '));
          const main = await page.textContent('main');
          assert.doesNotMatch(main, /Not reported in the sources: Not reported in the sources/);
        });
      }
    });
  }

  test('fields the sources are silent on are gathered into one line', async () => {
    await visit('/case-studies/dc-health-matters/', {}, async (page) => {
      const line = await page.textContent('.glance .unreported');
      assert.match(line, /^The sources do not report: integrator, end year, status\.$/);
      const labels = await page.$$eval('.glance .facts dt', (dts) => dts.map((d) => d.textContent));
      assert.ok(!labels.includes('Integrator') && !labels.includes('Status'), labels.join(', '));
    });
  });
});

describe('evidence map', () => {
  test('phone: no horizontal scrolling, and every function name is visible text', async () => {
    const names = await visit('/functions/', {}, (page) =>
      page.$$eval('.term-list a', (as) => as.map((a) => a.textContent.replace(/^\d+\.\s*/, '').trim())),
    );
    assert.equal(names.length, 11);
    await visit('/evidence-map/', PHONE, async (page) => {
      const o = await horizontalOverflow(page);
      assert.ok(o.scrollWidth <= o.clientWidth, `${o.scrollWidth}px in ${o.clientWidth}px: ${o.offenders.join(', ')}`);
      const overflowing = await page.$$eval('main *', (els) =>
        els.filter((el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)).map((el) => el.className),
      );
      assert.deepEqual(overflowing, [], 'no scrolling region inside the page');
      const text = await page.evaluate(() => document.querySelector('main').innerText);
      for (const n of names) assert.ok(text.includes(n), `"${n}" is visible text`);
      // Each case study lists the functions it shows, by name, in the first section.
      const perCase = await page.$$eval('.by-case > li', (lis) => lis.map((li) => li.querySelectorAll('ul a').length));
      assert.ok(perCase.length === caseStudies().length && perCase.every((n) => n > 0), String(perCase));
    });
  });

  for (const [name, options] of VIEWPORTS) {
    test(`${name}: map markers are labelled links of at least 24×24 px that do not overlap`, async () => {
      await visit('/evidence-map/', options, async (page) => {
        const markers = await page.$$eval('svg a.marker', (as) =>
          as.map((a) => {
            const r = a.getBoundingClientRect();
            return { label: a.getAttribute('aria-label'), href: a.getAttribute('href'), r: { l: r.left, t: r.top, w: r.width, h: r.height } };
          }),
        );
        assert.equal(markers.length, caseStudies().length);
        for (const m of markers) {
          assert.ok(m.r.w >= 24 && m.r.h >= 24, `${m.label}: ${m.r.w}×${m.r.h}`);
          assert.match(m.label, /^\d+\. \S/);
          assert.ok(caseStudies().includes(m.href), m.href);
        }
        for (let i = 0; i < markers.length; i += 1) {
          for (let j = i + 1; j < markers.length; j += 1) {
            const [a, b] = [markers[i].r, markers[j].r];
            const ax = a.l + a.w / 2, ay = a.t + a.h / 2, bx = b.l + b.w / 2, by = b.t + b.h / 2;
            assert.ok(Math.hypot(ax - bx, ay - by) >= (a.w + b.w) / 2 - 0.5, `${markers[i].label} overlaps ${markers[j].label}`);
          }
        }
        const caption = await box(page, 'figure.map figcaption');
        assert.ok(caption.right <= options.viewport.width && caption.left >= 0, 'the caption is fully visible');
      });
    });
  }
});

describe('search page', { skip: !existsSync(`${site.dir}/search/manifest.bin`) && 'built without search' }, () => {
  async function searchFor(q, options, fn) {
    return visit(`/search/?q=${encodeURIComponent(q)}`, options, async (page) => {
      await page.waitForSelector('#search[data-ready="true"]');
      return fn(page);
    });
  }
  const results = (page) =>
    page.$$eval('#search-results [role="option"]', (els) =>
      els.map((el) => ({
        id: el.id,
        href: el.matches('a[href]') ? el.getAttribute('href') : el.querySelector('a[href]')?.getAttribute('href'),
        title: el.querySelector('.search-result-title').textContent,
        kind: el.querySelector('.search-result-kind').textContent,
        top: el.getBoundingClientRect().top,
      })),
    );

  for (const [name, options] of VIEWPORTS) {
    test(`${name}: "data sharing" shows its first result in the first screen, every result a link`, async () => {
      await searchFor('data sharing', options, async (page) => {
        const r = await results(page);
        assert.ok(r.length > 0, 'results');
        assert.ok(r[0].top < options.viewport.height - 80, `first result at y = ${r[0].top}`);
        for (const x of r) {
          assert.ok(x.href, `${x.title} has an <a href>`);
          const res = await page.request.get(new URL(x.href, page.url()).href);
          assert.equal(res.status(), 200, x.href);
        }
        assert.equal(await page.locator('[role="search"], search').count(), 1, 'one search landmark');
      });
    });
  }

  test('phone: the filters sit behind a Filter control; desktop: beside the results, with counts', async () => {
    await searchFor('health', PHONE, async (page) => {
      assert.equal(await page.locator('#search-filters').getAttribute('open'), null);
      assert.match(await page.textContent('#search-filters summary'), /^Filter/);
    });
    await searchFor('health', DESKTOP, async (page) => {
      assert.notEqual(await page.locator('#search-filters').getAttribute('open'), null);
      const [f, m] = [await box(page, '#search-filters'), await box(page, '.search-main')];
      assert.ok(f.left >= m.right, 'filters to the right of the results');
      const counts = await page.$$eval('#search-filters [data-count]', (s) => s.map((e) => e.textContent));
      assert.ok(counts.every((c) => /^\(\d+\)$/.test(c)), counts.join(' '));
      // The count of a type is what checking it finds.
      const label = page.locator('#search-filters label', { hasText: 'Case study' });
      const want = Number((await label.locator('[data-count]').textContent()).slice(1, -1));
      const before = await page.textContent('#search-status');
      await label.locator('input').check();
      await page.waitForFunction((b) => document.getElementById('search-status').textContent !== b, before);
      assert.match(await page.textContent('#search-status'), new RegExp(`^${want} results?`));
    });
  });

  test('"Show more" reveals results 11 to 20', async () => {
    await searchFor('health', {}, async (page) => {
      const first = await results(page);
      assert.equal(first.length, 10);
      assert.match(await page.textContent('#search-status'), /showing 10/);
      await page.click('#search-more');
      await page.waitForSelector('#search-result-19');
      const all = await results(page);
      assert.equal(all.length, 20);
      assert.deepEqual(all.slice(0, 10).map((r) => r.href), first.map((r) => r.href));
      assert.equal(new Set(all.map((r) => r.href)).size, 20, 'results 11–20 are new');
      assert.deepEqual(all.map((r) => r.id), Array.from({ length: 20 }, (_, i) => `search-result-${i}`));
    });
  });

  test('a misspelt query says what it searched for instead', async () => {
    await searchFor('navigatr', {}, async (page) => {
      assert.match(await page.textContent('#search-status'), /^Showing results for “navigators?”/);
      assert.ok((await results(page)).length > 0);
    });
  });

  test('CHNA finds the DC Health Matters case study (the synonyms vocabulary)', async () => {
    await searchFor('CHNA', {}, async (page) => {
      const r = await results(page);
      assert.ok(r.some((x) => x.title === 'DC Health Matters Collaborative' && x.kind === 'Case study'), JSON.stringify(r.map((x) => x.title)));
    });
  });

  test('each result is labelled with its real kind', async () => {
    await searchFor('engage partners', {}, async (page) => {
      const r = await results(page);
      const fn = r.find((x) => x.href.endsWith('/functions/engage-partners/'));
      assert.equal(fn?.kind, 'Function');
      const allowed = ['Case study', 'Paper', 'Function', 'Focus area', 'Sector', 'State', 'Reference', 'Glossary', 'Page'];
      for (const x of r) assert.ok(allowed.includes(x.kind), `${x.title}: ${x.kind}`);
    });
    await searchFor('connecticut', {}, async (page) => {
      const r = await results(page);
      assert.equal(r.find((x) => x.href.endsWith('/states/ct/'))?.kind, 'State');
    });
  });

  test('excerpts start and end on word boundaries, with headings apart from the text', async () => {
    await searchFor('bridgeport', {}, async (page) => {
      const excerpts = await page.$$eval('#search-results .search-result-excerpt', (e) => e.map((x) => x.textContent));
      for (const e of excerpts) {
        assert.doesNotMatch(e, /What the network is [A-Z]/, 'a heading runs into its text');
        assert.match(e, /^(…|[\p{L}\p{N}"“(])/u, `starts mid-word: ${e}`);
        assert.match(e, /([\p{L}\p{N}.,;:!?")”]|…)$/u, `ends badly: ${e}`);
      }
    });
  });
});
