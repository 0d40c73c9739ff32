// From the slide to the phone: a short link typed or scanned on a phone (390×844) lands on
// its page, fragment and all, through the site's `_redirects`; a page's present view shows a
// QR code filling at least a third of a 1280×720 slide; printing a case study or the whole
// paper hides navigation and search and keeps the text, the references and the short link.
// The site is served as Netlify serves it (support/server.js honours `_redirects`).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { instrument, launch } from './support/browser.js';
import { parseRedirects, startServer } from './support/server.js';

const SITE =
  process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../public/', import.meta.url));
if (!existsSync(SITE)) {
  throw new Error(`no built site at ${SITE}: run \`cargo run -- build\` or set BRIGHTSPOT_SITE`);
}

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const SLIDE = { viewport: { width: 1280, height: 720 } };
const CASE_STUDY = '/case-studies/bridgeport-prospers/';

let browser;
let server;

before(async () => {
  server = await startServer(SITE);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function withPage(options, fn) {
  const context = await browser.newContext(options);
  try {
    const watch = await instrument(context, server.origin);
    const page = await context.newPage();
    const result = await fn(page);
    assert.deepEqual(watch.problems(), [], 'problems while loading');
    return result;
  } finally {
    await context.close();
  }
}

describe('short links', () => {
  test('/bp#results on a phone lands on the Results section of Bridgeport Prospers', async () => {
    await withPage(PHONE, async (page) => {
      const response = await page.goto(`${server.origin}/bp#results`, { waitUntil: 'load' });
      assert.equal(response.status(), 200);
      assert.equal(response.request().redirectedFrom()?.url(), `${server.origin}/bp`);
      const url = new URL(page.url());
      assert.equal(url.pathname, CASE_STUDY);
      assert.equal(url.hash, '#results', 'the fragment survives the 301');
      const heading = await page.evaluate(() => {
        const h = document.getElementById('results');
        const r = h.getBoundingClientRect();
        return { text: h.textContent.trim(), top: r.top, bottom: r.bottom, vh: innerHeight };
      });
      assert.equal(heading.text, 'Results');
      assert.ok(
        heading.top >= -1 && heading.bottom <= heading.vh,
        `the Results heading is on screen (top ${heading.top}px of ${heading.vh}px)`,
      );
      assert.ok(heading.top < 60, `and scrolled to the top, at ${heading.top}px`);
    });
  });

  test('every rule of _redirects leads to a page that exists', async () => {
    const rules = parseRedirects(readFileSync(path.join(SITE, '_redirects'), 'utf8'));
    assert.ok(rules.length >= 5, 'the site declares its short links');
    for (const rule of rules) {
      const res = await fetch(server.origin + rule.from, { redirect: 'manual' });
      assert.equal(res.status, 301, rule.from);
      assert.equal(res.headers.get('location'), rule.to);
      const target = await fetch(server.origin + rule.to);
      assert.equal(target.status, 200, `${rule.from} → ${rule.to}`);
    }
  });

  test('on a host without _redirects, the redirect page leads on with no script', async () => {
    const plain = await startServer(SITE, { redirects: false });
    try {
      const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      const response = await page.goto(`${plain.origin}/bp`);
      assert.equal(response.status(), 200, 'the redirect page itself is served');
      await page.waitForURL(`${plain.origin}${CASE_STUDY}`, { timeout: 5000 });
      assert.equal(await page.locator('main h1').textContent(), 'Bridgeport Prospers');
      await context.close();
    } finally {
      await plain.close();
    }
  });
});

describe('present view', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`the QR code fills at least a third of a 1280×720 slide (${colorScheme})`, async () => {
      await withPage({ ...SLIDE, colorScheme }, async (page) => {
        await page.goto(`${server.origin}${CASE_STUDY}present/`, { waitUntil: 'load' });
        const m = await page.evaluate(() => {
          const img = document.querySelector('img.slide-qr');
          const r = img.getBoundingClientRect();
          const link = document.querySelector('.slide-link').getBoundingClientRect();
          return {
            complete: img.complete && img.naturalWidth > 0,
            r: { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height },
            link: { bottom: link.bottom, right: link.right, top: link.top },
            pathSize: parseFloat(getComputedStyle(document.querySelector('.slide-path')).fontSize),
            scroll: document.documentElement.scrollHeight,
          };
        });
        assert.ok(m.complete, 'the QR image loaded');
        const area = m.r.width * m.r.height;
        assert.ok(area >= (1280 * 720) / 3, `the code covers ${Math.round(area)} px², a third is 307200`);
        assert.ok(m.r.left >= 0 && m.r.top >= 0 && m.r.right <= 1280 && m.r.bottom <= 720, 'wholly on the slide');
        assert.equal(Math.round(m.r.width), Math.round(m.r.height), 'square');
        assert.ok(m.link.bottom <= 720 && m.link.right <= 1280, 'the short link is on the slide too');
        assert.ok(m.pathSize >= 64, `the short link's path is large type (${m.pathSize}px)`);
        assert.ok(m.scroll <= 720, 'the slide fits without scrolling');
      });
    });
  }

  test('on a phone the code is as wide as the screen allows and the page does not overflow', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(`${server.origin}${CASE_STUDY}present/`, { waitUntil: 'load' });
      const m = await page.evaluate(() => ({
        width: document.querySelector('img.slide-qr').getBoundingClientRect().width,
        scrollWidth: document.documentElement.scrollWidth,
      }));
      assert.ok(m.width >= 390 * 0.6, `code ${m.width}px wide`);
      assert.ok(m.scrollWidth <= 390);
    });
  });
});

describe('print', () => {
  // Every element matching `selector` takes no space (display: none on it or an ancestor).
  const hidden = (page, selector) =>
    page.evaluate((s) => [...document.querySelectorAll(s)].every((el) => el.getClientRects().length === 0), selector);

  test('a case study prints without navigation or search, with URLs after external links and its short link and code', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(server.origin + CASE_STUDY, { waitUntil: 'load' });
      // On screen the short link shows, its code does not.
      assert.equal(await page.locator('.share-link svg.qr').isVisible(), false);
      assert.equal(await page.locator('.share-link a').first().isVisible(), true);
      await page.emulateMedia({ media: 'print' });
      for (const s of ['nav[aria-label=Main]', '.search-form', '.toc', '.breadcrumb', '.prev-next', '.skip-link']) {
        assert.ok(await hidden(page, s), `${s} is hidden in print`);
      }
      assert.equal(await page.locator('main h1').isVisible(), true);
      assert.equal(await page.locator('.references').isVisible(), true, 'the reference list is kept');
      const share = await page.evaluate(() => {
        const box = document.querySelector('.share-link');
        const qr = box.querySelector('svg.qr').getBoundingClientRect();
        return { text: box.innerText, qr: { w: qr.width, h: qr.height } };
      });
      assert.match(share.text, /brightspot-integrators\.netlify\.app\/bp/);
      assert.ok(share.qr.w > 50 && share.qr.h > 50, `the QR code prints (${share.qr.w}px)`);
      const after = await page.evaluate(() => {
        const a = document.querySelector('.content a[href^="http"]');
        return a ? { href: a.getAttribute('href'), content: getComputedStyle(a, '::after').content } : null;
      });
      if (after) assert.equal(after.content, `" (${after.href})"`, 'the URL follows an external link');
    });
  });

  test('the whole paper prints each chapter on a new sheet, with its references', async () => {
    await withPage(PHONE, async (page) => {
      await page.goto(`${server.origin}/paper/print/`, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const m = await page.evaluate(() => ({
        breaks: [...document.querySelectorAll('.paper-chapter')].map((c) => getComputedStyle(c).breakBefore),
        references: document.querySelectorAll('.paper-chapter .references').length,
      }));
      assert.ok(m.breaks.length >= 5, 'every chapter is on the page');
      assert.deepEqual(new Set(m.breaks), new Set(['page']));
      assert.ok(m.references >= 1);
      assert.ok(await hidden(page, '.search-form'));
      const pdf = await page.pdf({ format: 'Letter' });
      assert.ok(pdf.length > 10000, 'Chromium prints it');
    });
  });
});
