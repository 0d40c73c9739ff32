// Link previews (theme's preview.js): a citation, a glossary link and a link to a chapter or
// case study preview on tap (a 390×844 phone), on hover and with the keyboard (a 1366×900
// desktop), never covering the line of the link; Escape closes and focus returns to the link;
// without JavaScript each is the plain link it always was; axe finds nothing with a preview
// open, in light and dark. What a preview must say is read from the previews file the page
// names and from the pages themselves, not from the script under test.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { axeViolations, siteUnderTest } from './support/browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1366, height: 900 } };
const CASE = '/case-studies/bridgeport-prospers/';
const CHAPTER = '/paper/the-learning-lab/';
const CITATION = 'main .content .citation a[href]';
const OPEN = '#link-preview:popover-open';

const site = siteUnderTest();
const visit = site.visit;

// The previews file the page names, fetched as the test's own reference.
async function previewsOf(page) {
  const url = await page.$eval('script[data-previews]', (s) => s.dataset.previews);
  const res = await fetch(site.origin() + url);
  assert.equal(res.status, 200, url);
  return res.json();
}

// Puts the `n`th element matching `selector` at `fraction` of the viewport's height.
async function scrollTo(page, selector, n, fraction) {
  await page.evaluate(
    ([sel, i, f]) => {
      const r = document.querySelectorAll(sel)[i].getBoundingClientRect();
      window.scrollBy(0, r.top - innerHeight * f);
    },
    [selector, n, fraction],
  );
}

// The rectangles of the link's lines and of the open preview, in viewport coordinates.
function geometry(page, selector, n) {
  return page.evaluate(
    ([sel, i]) => {
      const a = document.querySelectorAll(sel)[i];
      const box = document.getElementById('link-preview').getBoundingClientRect();
      const lines = [...a.getClientRects()].map((r) => ({ top: r.top, bottom: r.bottom, left: r.left, right: r.right }));
      return { lines, box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right }, vh: innerHeight, vw: innerWidth };
    },
    [selector, n],
  );
}

function assertUncovered({ lines, box, vh, vw }, what) {
  assert.ok(lines.length > 0, `${what}: the link has a box`);
  for (const l of lines) {
    const overlaps = l.bottom > box.top && l.top < box.bottom && l.right > box.left && l.left < box.right;
    assert.ok(!overlaps, `${what}: the preview ${JSON.stringify(box)} covers the link's line ${JSON.stringify(l)}`);
    assert.ok(l.top >= 0 && l.bottom <= vh, `${what}: the link's line ${JSON.stringify(l)} is in view`);
  }
  assert.ok(box.left >= 0 && box.right <= vw + 0.5, `${what}: the preview fits across the screen`);
  assert.ok(box.top >= 0 && box.bottom <= vh + 0.5, `${what}: the preview fits in the screen`);
}

// Runs `action` and waits for the page to reach `href`, once the page's own requests (its icon)
// are done, so leaving it aborts none of them.
async function follows(page, href, action) {
  await page.waitForLoadState('networkidle');
  await Promise.all([page.waitForURL(`**${new URL(href, site.origin()).pathname}`), action()]);
}

// The text of the page's reference-list item for `key`, without its annotation link.
const referenceOnPage = (page, key) =>
  page.evaluate((k) => {
    const li = document.getElementById(`ref-${k}`)?.cloneNode(true);
    li?.querySelectorAll('a.meta').forEach((a) => a.remove());
    return li?.textContent.trim();
  }, key);

const previewText = (page) => page.$eval('#link-preview', (b) => b.innerText);
const previewLinks = (page) =>
  page.$$eval('#link-preview a', (as) => as.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));

describe('link previews', () => {
  test('a tap on a phone previews a citation without covering its line; the preview links on', async () => {
    await visit(CASE, PHONE, async (page) => {
      const previews = await previewsOf(page);
      const count = await page.locator(CITATION).count();
      assert.ok(count > 3, 'the case study has citations in its body');
      // Near the top, the middle and the very bottom of the screen: the sheet moves out of the way.
      for (const [n, at] of [[0, 0.15], [Math.floor(count / 2), 0.55], [count - 1, 0.93]]) {
        await scrollTo(page, CITATION, n, at);
        const link = page.locator(CITATION).nth(n);
        const href = await link.getAttribute('href');
        await link.tap();
        await page.waitForSelector(OPEN);
        await page.waitForFunction(() => !document.getElementById('link-preview').innerText.includes('Loading'));
        assert.equal(new URL(page.url()).pathname, CASE, 'the first tap does not leave the page');
        assert.equal(await link.getAttribute('aria-expanded'), 'true');
        const entry = previews[href];
        assert.equal(entry.kind, 'reference', href);
        const text = await previewText(page);
        const listed = await referenceOnPage(page, entry.key);
        assert.ok(listed, `the page lists ${entry.key}`);
        assert.ok(text.includes(listed), `the reference of ${href} as the page lists it (${listed}): ${text}`);
        if (entry.annotation) assert.ok(text.includes(entry.annotation), `the annotation's first sentence: ${text}`);
        const links = await previewLinks(page);
        assert.ok(links.some((l) => l.href === href), `a link to the reference page: ${JSON.stringify(links)}`);
        if (entry.source) assert.ok(links.some((l) => l.href === entry.source), 'a link to the source');
        assertUncovered(await geometry(page, CITATION, n), `citation ${n} at ${at}`);
        // A tap outside closes it: in the page's left margin, above or below the sheet.
        const sheet = (await geometry(page, CITATION, n)).box;
        await page.touchscreen.tap(4, sheet.top > 10 ? 10 : sheet.bottom + 10);
        await page.waitForSelector(OPEN, { state: 'detached' });
        assert.equal(await link.getAttribute('aria-expanded'), 'false');
      }
      // The preview's own link goes on to the reference page.
      const first = page.locator(CITATION).first();
      const href = await first.getAttribute('href');
      await scrollTo(page, CITATION, 0, 0.3);
      await first.tap();
      await page.waitForSelector(OPEN);
      await follows(page, href, () => page.locator(`#link-preview a[href="${href}"]`).tap());
    });
  });

  test('a second tap on the same link follows it', async () => {
    await visit(CASE, PHONE, async (page) => {
      const link = page.locator('main a.glossary-term').first();
      const href = await link.getAttribute('href');
      await scrollTo(page, 'main a.glossary-term', 0, 0.3);
      await link.tap();
      await page.waitForSelector(OPEN);
      await follows(page, href, () => link.tap());
    });
  });

  test('hover on a desktop previews below the link; a click follows it', async () => {
    await visit(CASE, DESKTOP, async (page) => {
      const previews = await previewsOf(page);
      await scrollTo(page, CITATION, 2, 0.4);
      const link = page.locator(CITATION).nth(2);
      const href = await link.getAttribute('href');
      await link.hover();
      await page.waitForSelector(OPEN);
      await page.waitForFunction(() => !document.getElementById('link-preview').innerText.includes('Loading'));
      assert.ok((await previewText(page)).includes(await referenceOnPage(page, previews[href].key)));
      const g = await geometry(page, CITATION, 2);
      assertUncovered(g, 'hovered citation');
      assert.ok(g.box.top >= g.lines[0].bottom, 'anchored below the link');
      assert.ok(g.box.right - g.box.left < 500, 'a small popover, not a sheet');
      // The pointer can move onto the preview without closing it, and away to close it.
      await page.locator('#link-preview .preview-links a').first().hover();
      await page.waitForTimeout(500);
      assert.ok(await page.$(OPEN), 'still open with the pointer on it');
      await page.mouse.move(5, 5);
      await page.waitForSelector(OPEN, { state: 'detached' });
      await follows(page, href, () => link.click());
    });
  });

  test('Enter opens a preview with focus in it; Escape closes it and focus returns to the link', async () => {
    await visit(CHAPTER, DESKTOP, async (page) => {
      const previews = await previewsOf(page);
      for (const selector of ['main a.glossary-term', 'main a.preview-link[href*="/paper/"]', CITATION]) {
        const link = page.locator(selector).first();
        const href = await link.getAttribute('href');
        const key = new URL(href, site.origin()).pathname;
        await link.focus();
        await page.keyboard.press('Enter');
        await page.waitForSelector(OPEN);
        await page.waitForFunction(() => !document.getElementById('link-preview').innerText.includes('Loading'));
        assert.equal(new URL(page.url()).pathname, CHAPTER, `Enter on ${selector} previews rather than leaves`);
        assert.ok(await page.evaluate(() => document.getElementById('link-preview').contains(document.activeElement)), 'focus moves into the preview');
        const text = await previewText(page);
        const entry = previews[key];
        assert.ok(entry, `the previews file has ${key}`);
        if (entry.kind !== 'reference') {
          assert.ok(text.includes(entry.title) && text.includes(entry.text), `${selector}: title and text of ${key}: ${text}`);
        }
        assertUncovered(await geometry(page, selector, 0), selector);
        // Tab reaches the preview's links.
        await page.keyboard.press('Tab');
        const tabbed = await page.evaluate(() => document.activeElement.closest('#link-preview') !== null);
        assert.ok(tabbed, 'Tab moves within the preview');
        await page.keyboard.press('Escape');
        await page.waitForSelector(OPEN, { state: 'detached' });
        assert.ok(await link.evaluate((a) => a === document.activeElement), `focus returns to ${selector}`);
      }
    });
  });

  test('where the page lists no references, the preview formats the reference from the previews file', async () => {
    await visit('/case-studies/', DESKTOP, async (page) => {
      const previews = await previewsOf(page);
      const link = page.locator('main .citation a[href]').first();
      const entry = previews[await link.getAttribute('href')];
      assert.equal(await referenceOnPage(page, entry.key), undefined, 'the list page has no reference list');
      await link.focus();
      await page.keyboard.press('Enter');
      await page.waitForSelector(OPEN);
      await page.waitForFunction(() => !document.getElementById('link-preview').innerText.includes('Loading'));
      assert.ok((await previewText(page)).includes(entry.reference.join('').trim()), await previewText(page));
      assert.ok(await page.$$eval('#link-preview .preview-title i', (is) => is.length > 0), 'the title in italics');
    });
  });

  test('without JavaScript each previewed link is a plain link', async () => {
    for (const selector of [CITATION, 'main a.glossary-term', 'main a.preview-link']) {
      await visit(CHAPTER, { ...DESKTOP, javaScriptEnabled: false }, async (page) => {
        const link = page.locator(selector).first();
        const href = await link.getAttribute('href');
        await follows(page, href, () => link.click());
        assert.equal(await page.$('#link-preview'), null);
      });
    }
  });

  test('axe finds no violation with a preview open, in light and dark, on a phone and a desktop', async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const [name, device] of [['phone', PHONE], ['desktop', DESKTOP]]) {
        await visit(CASE, { ...device, colorScheme }, async (page) => {
          await scrollTo(page, CITATION, 1, 0.3);
          const link = page.locator(CITATION).nth(1);
          if (device.hasTouch) await link.tap();
          else {
            await link.focus();
            await page.keyboard.press('Enter');
          }
          await page.waitForSelector(OPEN);
          await page.waitForFunction(() => !document.getElementById('link-preview').innerText.includes('Loading'));
          assert.deepEqual(await axeViolations(page), [], `${name}, ${colorScheme}`);
        });
      }
    }
  });

  test('pages without such links load no preview script', async () => {
    await visit('/evidence-map/', DESKTOP, async (page) => {
      assert.equal(await page.$('script[data-previews]'), null);
      assert.equal(await page.$('#link-preview'), null);
    });
  });
});
