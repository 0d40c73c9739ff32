// Browser tests of search on the built site (scripts/test.sh builds it with search on): typing
// shows results from the WebAssembly runtime, filters narrow them, `?q=` links work and the
// back button restores a query, the keyboard drives the combobox, the page has no axe
// violations, and without JavaScript the page says so and links the index pages.
// The header's box on another page: nothing of search but the small boot script loads until
// it is used; then results appear as you type (prefix, quoted phrases, typos), the keyboard
// drives its combobox, a live region announces the count, axe finds nothing, the list fits a
// phone, and Enter without a chosen result (or with JavaScript off) submits to /search/.
// Every visit also fails on a foreign request, a CSP violation, a console error or a failed
// subresource.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { axeViolations, instrument, launch } from './support/browser.js';
import { horizontalOverflow } from './support/checks.js';
import { startServer } from './support/server.js';

const SITE =
  process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../public/', import.meta.url));
const HAS_SEARCH = existsSync(`${SITE}/search/manifest.bin`);

let browser;
let server;

before(async () => {
  if (!HAS_SEARCH) return;
  server = await startServer(SITE);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const watch = await instrument(context, server.origin);
  const page = await context.newPage();
  await page.goto(`${server.origin}${path}`);
  if (options.javaScriptEnabled !== false && path.startsWith('/search/')) {
    await page.waitForSelector('#search[data-ready="true"]');
  }
  return { context, page, watch };
}

const titles = (page) =>
  page.$$eval('#search-results [role="option"] .search-result-title', (els) =>
    els.map((e) => e.textContent),
  );

describe('search page', { skip: !HAS_SEARCH && 'the site was built without search' }, () => {
  test('typing shows ranked results with highlighted excerpts and a count', async () => {
    const { context, page, watch } = await open('/search/');
    await page.fill('#search-input', 'pater');
    await page.waitForFunction(() => /result/.test(document.getElementById('search-status').textContent));
    const t = await titles(page);
    assert.equal(t[0], 'Partners for a Healthier Paterson');
    assert.match(await page.textContent('#search-status'), /^\d+ results? for “pater”/);
    const marks = await page.$$eval('#search-results mark', (m) => m.map((e) => e.textContent));
    assert.ok(marks.some((m) => /^pater/i.test(m)), `marks: ${marks}`);
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
    assert.match(page.url(), /\?q=pater$/);
    assert.match(await page.textContent('#search-help'), /double quotes/);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('?q= and filters in the URL give the same results; filters narrow them', async () => {
    const { context, page, watch } = await open('/search/?q=health');
    await page.waitForSelector('#search-results [role="option"]');
    assert.equal(await page.inputValue('#search-input'), 'health');
    const all = await page.textContent('#search-status');
    await page.check('input[name="type"][value="case-study"]');
    await page.waitForFunction((before) => document.getElementById('search-status').textContent !== before, all);
    const kinds = await page.$$eval('#search-results .search-result-kind', (els) => els.map((e) => e.textContent));
    assert.ok(kinds.length > 0);
    assert.deepEqual([...new Set(kinds)], ['Case study']);
    assert.match(page.url(), /type=case-study/);
    const n = (s) => Number(s.match(/^(\d+)/)[1]);
    assert.ok(n(await page.textContent('#search-status')) < n(all));
    // Back restores the unfiltered query.
    await page.goBack();
    await page.waitForFunction((before) => document.getElementById('search-status').textContent === before, all);
    assert.equal(await page.isChecked('input[name="type"][value="case-study"]'), false);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('keyboard: / focuses, arrows move, Escape closes, Enter opens', async () => {
    const { context, page, watch } = await open('/search/?q=integrator');
    await page.waitForSelector('#search-results [role="option"]');
    await page.click('h1');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-result-1');
    assert.equal(await page.getAttribute('#search-result-1', 'aria-selected'), 'true');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.getAttribute('#search-input', 'aria-activedescendant'), 'search-result-0');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#search-results'), true);
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false');
    await page.keyboard.press('ArrowDown');
    const expected = await page.getAttribute('#search-result-0', 'href');
    await Promise.all([page.waitForURL(`**${expected}`), page.keyboard.press('Enter')]);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('no axe violations with results shown, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page, watch } = await open('/search/?q=community+health', { colorScheme });
      await page.waitForSelector('#search-results [role="option"]');
      await page.keyboard.press('/');
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await axeViolations(page), [], colorScheme);
      assert.deepEqual(watch.problems(), []);
      await context.close();
    }
  });

  test('a title or excerpt cannot inject markup', async () => {
    const { context, page, watch } = await open('/search/');
    await page.fill('#search-input', '<img src=x onerror=alert(1)> health');
    await page.waitForSelector('#search-results [role="option"]');
    assert.equal(await page.$$eval('#search-results img, #search-results script', (e) => e.length), 0);
    const tags = await page.$$eval('#search-results [role="option"] *', (els) => [...new Set(els.map((e) => e.tagName))]);
    assert.deepEqual(tags.filter((t) => !['SPAN', 'MARK'].includes(t)), []);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('without JavaScript the page says so and links the index pages', async () => {
    const { context, page, watch } = await open('/search/?q=health', { javaScriptEnabled: false });
    const text = await page.textContent('#search-nojs');
    assert.match(text, /needs JavaScript/);
    const links = await page.$$eval('#search-nojs a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/case-studies/') && links.includes('/bibliography/'), `${links}`);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('every page links the OpenSearch description, which points at /search/?q=', async () => {
    const { context, page } = await open('/case-studies/');
    const href = await page.getAttribute('link[rel="search"]', 'href');
    const xml = await (await page.request.get(`${server.origin}${href}`)).text();
    assert.match(xml, /<Url type="text\/html" method="get" template="[^"]*search\/\?q=\{searchTerms\}"\/>/);
    await context.close();
  });
});

// The header's box, on a page other than /search/.
const PAGE = '/case-studies/bridgeport-prospers/';

// Opens PAGE; `requests` lists the paths of everything the page fetched so far.
async function openHeaderPage(options = {}) {
  const context = await browser.newContext(options);
  const watch = await instrument(context, server.origin);
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.origin}${PAGE}`, { waitUntil: 'load' });
  return { context, page, watch, requests };
}

const headerStatus = (page) => page.textContent('#site-search-status');

async function type(page, text) {
  await page.focus('#site-search');
  await page.waitForSelector('form.search-form[data-ready="true"]');
  await page.fill('#site-search', text);
  await page.waitForFunction(
    (q) => document.getElementById('site-search-status').textContent.includes(`“${q}”`),
    text.trim(),
  );
  // Listed from the titles file first: the answer is whole once the excerpts are in (until
  // then, leaving the page would cut off their fetches).
  await page.waitForSelector('#site-search-results:not([aria-busy])', { state: 'attached' });
}

const headerTitles = (page) =>
  page.$$eval('#site-search-results [role="option"] .search-result-title', (els) =>
    els.map((e) => e.textContent),
  );

describe('header search box', { skip: !HAS_SEARCH && 'the site was built without search' }, () => {
  test('loads nothing of search until used, then shows results as you type', async () => {
    const { context, page, watch, requests } = await openHeaderPage();
    const search = () => requests.filter((p) => p.startsWith('/search/'));
    assert.deepEqual(
      search().map((p) => p.replace(/\.[0-9a-f]{16}\./, '.')),
      ['/search/boot.js'],
      'before any interaction, only the boot script',
    );
    assert.equal(await page.getAttribute('#site-search', 'role'), 'combobox');
    await type(page, 'pater');
    assert.equal((await headerTitles(page))[0], 'Partners for a Healthier Paterson');
    assert.match(await headerStatus(page), /^\d+ results? for “pater”/);
    assert.equal(await page.getAttribute('#site-search', 'aria-expanded'), 'true');
    assert.equal(await page.getAttribute('#site-search-results', 'role'), 'listbox');
    assert.equal(await page.getAttribute('#site-search-status', 'role'), 'status');
    assert.ok(search().some((p) => /\.wasm$/.test(p)) && search().includes('/search/manifest.bin'));
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('each keystroke fetches only the fragments of results not shown before', async () => {
    const { context, page, watch, requests } = await openHeaderPage();
    for (const q of ['pat', 'pate', 'pater', 'paters', 'paterso', 'paterson']) await type(page, q);
    const fragments = requests.filter((p) => /^\/search\/[^/]+\/d\/\d+\.bin$/.test(p));
    assert.ok(fragments.length > 0, 'fragments were fetched');
    assert.deepEqual(fragments, [...new Set(fragments)], 'no fragment is fetched twice');
    // Typing the same query again costs no request at all.
    const before = requests.length;
    await type(page, 'pate');
    await type(page, 'paterson');
    assert.equal(requests.length, before, requests.slice(before).join(', '));
    // A swap of two letters, as thumbs do, is one typo.
    await type(page, 'paetrson ');
    assert.equal((await headerTitles(page))[0], 'Partners for a Healthier Paterson');
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('a word typed while the runtime downloads has its term shard fetched beside it', async () => {
    const { context, page, watch, requests } = await openHeaderPage();
    const shard = (p) => /^\/search\/[^/]+\/t\/\d+\.bin$/.test(p);
    // The runtime is held back until a term shard is asked for (or 10 s pass): a shard asked
    // for only after the runtime has loaded would never be seen while it is held.
    let shardWhileHeld = false;
    await context.route(/\/search\/runtime\.[0-9a-f]+\.wasm$/, async (route) => {
      for (let waited = 0; waited < 10_000 && !requests.some(shard); waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      shardWhileHeld = requests.some(shard);
      await route.continue();
    });
    await page.focus('#site-search');
    await page.keyboard.type('pat');
    await page.waitForFunction(() => document.getElementById('site-search-status').textContent.includes('“pat”'));
    assert.ok(shardWhileHeld, `no term shard was requested while the runtime loaded: ${requests.join(', ')}`);
    assert.equal((await headerTitles(page))[0], 'Partners for a Healthier Paterson');
    // The guessed shard is the one the runtime wanted: none is fetched twice.
    const shards = requests.filter(shard);
    assert.deepEqual(shards, [...new Set(shards)]);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('a keystroke lists its results from the titles file before their fragments arrive', async () => {
    const { context, page, watch, requests } = await openHeaderPage();
    const fragment = /\/search\/[^/]+\/d\/\d+\.bin$/;
    // Fragments are held back until released: whatever shows meanwhile came without them.
    let release;
    const held = new Promise((r) => { release = r; });
    await context.route(fragment, async (route) => { await held; await route.continue(); });
    await page.focus('#site-search');
    await page.waitForSelector('form.search-form[data-ready="true"]');
    await page.fill('#site-search', 'pater');
    await page.waitForFunction(() => document.getElementById('site-search-status').textContent.includes('“pater”'));
    assert.ok(requests.some((p) => /\/search\/[^/]+\/titles\.bin$/.test(p)), 'the titles file was fetched');
    assert.equal((await headerTitles(page))[0], 'Partners for a Healthier Paterson');
    assert.match(await headerStatus(page), /^\d+ results? for “pater”/);
    const excerpts = () => page.$$eval('#site-search-results .search-result-excerpt', (e) => e.map((x) => x.textContent));
    assert.ok((await excerpts()).every((e) => e === ''), 'no excerpt before its fragment');
    assert.ok((await page.$$eval('#site-search-results a[href]', (a) => a.length)) > 0, 'the results are links already');
    release();
    await page.waitForFunction(() => document.querySelector('#site-search-results mark'));
    assert.ok((await excerpts()).every((e) => e.length > 0), 'every excerpt filled in');
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('without its titles file the box waits for the fragments and shows the same results', async () => {
    const { context, page, watch } = await openHeaderPage();
    await context.route(/\/search\/[^/]+\/titles\.bin$/, (route) => route.fulfill({ status: 200, body: 'not gzip' }));
    await type(page, 'pater');
    assert.equal((await headerTitles(page))[0], 'Partners for a Healthier Paterson');
    const marks = await page.$$eval('#site-search-results mark', (m) => m.map((e) => e.textContent));
    assert.ok(marks.some((m) => /^pater/i.test(m)), `marks: ${marks}`);
    // A damaged titles file is not a failure of the page.
    assert.deepEqual(watch.problems().filter((p) => !/titles\.bin/.test(p)), []);
    await context.close();
  });

  test('quoted phrases need adjacent words; a typo in the first letter is corrected', async () => {
    const { context, page, watch } = await openHeaderPage();
    await type(page, 'system navigators ');
    const words = Number((await headerStatus(page)).match(/^(\d+)/)[1]);
    await type(page, '"system navigators"');
    const phrase = Number((await headerStatus(page)).match(/^(\d+)/)[1]);
    assert.ok(phrase > 0 && phrase < words, `${phrase} phrase results, ${words} for the words`);
    assert.equal((await headerTitles(page))[0], 'System navigator');
    await type(page, 'bealth ');
    // The correction is announced first: "Showing results for “health”: … 12 results."
    assert.match(await headerStatus(page), /^Showing results for “health”/);
    assert.ok(Number((await headerStatus(page)).match(/(\d+) results?/)[1]) > 5);
    const marks = await page.$$eval('#site-search-results mark', (m) => m.map((e) => e.textContent));
    assert.ok(marks.some((m) => /^health$/i.test(m)), `marks: ${marks}`);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('keyboard: / focuses, arrows move, Escape closes, Enter opens', async () => {
    const { context, page, watch } = await openHeaderPage();
    await page.click('main h1');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');
    await page.waitForSelector('form.search-form[data-ready="true"]');
    await page.keyboard.type('integrator');
    await page.waitForSelector('#site-search-results [role="option"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#site-search', 'aria-activedescendant'), 'site-search-result-1');
    assert.equal(await page.getAttribute('#site-search-result-1', 'aria-selected'), 'true');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.getAttribute('#site-search', 'aria-activedescendant'), 'site-search-result-0');
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#site-search-results'), true);
    assert.equal(await page.getAttribute('#site-search', 'aria-expanded'), 'false');
    assert.equal(await page.getAttribute('#site-search', 'aria-activedescendant'), null);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.isVisible('#site-search-results'), true);
    const expected = await page.getAttribute('#site-search-result-0', 'href');
    await Promise.all([page.waitForURL(`**${expected}`), page.keyboard.press('Enter')]);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('Enter without a chosen result goes to the search page', async () => {
    const { context, page, watch } = await openHeaderPage();
    await type(page, 'health');
    await Promise.all([page.waitForURL('**/search/?q=health'), page.keyboard.press('Enter')]);
    await page.waitForSelector('#search[data-ready="true"]');
    assert.equal(await page.inputValue('#search-input'), 'health');
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('no axe violations with results shown, in light and dark; fits a 375 px phone', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page, watch } = await openHeaderPage({ colorScheme });
      await type(page, 'community health');
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await axeViolations(page), [], colorScheme);
      assert.deepEqual(watch.problems(), []);
      await context.close();
    }
    const phone = { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
    const { context, page, watch } = await openHeaderPage(phone);
    await type(page, 'community health');
    const box = await page.locator('#site-search-results').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 375, `the list spans ${box.x}–${box.x + box.width}px`);
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `sticking out: ${o.offenders.join(', ')}`);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('without JavaScript the form submits to the search page', async () => {
    const { context, page, watch } = await openHeaderPage({ javaScriptEnabled: false });
    await page.fill('#site-search', 'health');
    await Promise.all([page.waitForURL('**/search/?q=health'), page.press('#site-search', 'Enter')]);
    assert.match(await page.textContent('#search-nojs'), /needs JavaScript/);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });
});
