// Browser tests of the built site, one block per kind of page (see pages.js): it renders,
// axe finds no WCAG 2.0–2.2 A/AA violation in light and dark colour schemes, the keyboard
// reaches the skip link first, it works without JavaScript, and it fits a phone screen.
// Every visit also fails on a request to another origin, a CSP violation, a console error,
// an uncaught script error or a failed subresource.
//
// The site folder comes from BRIGHTSPOT_SITE (scripts/test.sh builds one); by default the
// repository's public/ folder, as written by `brightspot build`.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { PAGES } from './pages.js';
import { axeViolations, instrument, launch } from './support/browser.js';
import { focused, horizontalOverflow, structure } from './support/checks.js';
import { headerRules, headersFor } from './support/netlify.js';
import { startServer } from './support/server.js';

const SITE =
  process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../public/', import.meta.url));
if (!existsSync(SITE)) {
  throw new Error(
    `no built site at ${SITE}: run \`cargo run -- build\` or set BRIGHTSPOT_SITE to a built site`,
  );
}

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

// Opens `page.path` in a new context with the given options, runs `fn`, and fails if anything
// went wrong on the way (see instrument()).
async function visit(entry, options, fn) {
  const context = await browser.newContext(options);
  const expectedStatus = entry.status ?? 200;
  try {
    const watch = await instrument(context, server.origin, { expectedStatus });
    const page = await context.newPage();
    const response = await page.goto(server.origin + entry.path, { waitUntil: 'load' });
    assert.equal(response.status(), expectedStatus, `HTTP status of ${entry.path}`);
    const result = await fn(page, response);
    assert.deepEqual(watch.problems(), [], `problems while loading ${entry.path}`);
    return result;
  } finally {
    await context.close();
  }
}

const SITE_CSP = headersFor(headerRules(), '/')['content-security-policy'];

test('netlify.toml gives every page a Content-Security-Policy for the tests to enforce', () => {
  assert.ok(SITE_CSP, 'netlify.toml has no Content-Security-Policy for /');
});

for (const entry of PAGES) {
  // A page's checks use separate browser contexts, so they can run side by side.
  describe(`${entry.name} (${entry.path})`, { concurrency: 2 }, () => {
    test('renders: status, html lang, title, one h1, one main landmark, the CSP header', async () => {
      await visit(entry, {}, async (page, response) => {
        assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
        assert.equal(response.headers()['content-security-policy'], SITE_CSP);
        const s = await structure(page);
        assert.match(s.lang ?? '', /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'html lang attribute');
        assert.ok(s.title.length > 0, 'document title');
        assert.equal(s.h1.length, 1, `exactly one h1, found ${JSON.stringify(s.h1)}`);
        assert.ok(s.h1[0].length > 0, 'the h1 has text');
        assert.equal(s.mains, 1, 'exactly one main landmark');
        assert.ok(s.mainText.length > 0, 'main has content');
        await assert.doesNotReject(page.locator('main h1').waitFor({ state: 'visible' }));
      });
    });

    for (const colorScheme of ['light', 'dark']) {
      test(`axe: no WCAG A/AA violations in the ${colorScheme} colour scheme`, async () => {
        await visit(entry, { colorScheme }, async (page) => {
          // Make sure the emulation took, so the dark run really checks dark colours.
          const dark = await page.evaluate(
            () => matchMedia('(prefers-color-scheme: dark)').matches,
          );
          assert.equal(dark, colorScheme === 'dark');
          assert.deepEqual(await axeViolations(page), []);
        });
      });
    }

    test('keyboard: Tab first focuses the visible skip link; Enter moves focus to main', async () => {
      await visit(entry, {}, async (page) => {
        await page.keyboard.press('Tab');
        const first = await focused(page);
        assert.ok(first, 'Tab focused nothing');
        assert.equal(first.tag, 'a');
        assert.equal(first.href, '#main');
        assert.match(first.text, /skip/i);
        assert.ok(first.visible && first.inViewport, 'the focused skip link is visible on screen');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => location.hash === '#main');
        const target = await focused(page);
        assert.ok(target, 'Enter on the skip link focused nothing');
        assert.equal(target.tag, 'main');
        assert.equal(target.id, 'main');
      });
    });

    test('works with JavaScript disabled: same heading and main content', async () => {
      const withJs = await visit(entry, {}, (page) => structure(page));
      await visit(entry, { javaScriptEnabled: false }, async (page) => {
        const s = await structure(page);
        assert.deepEqual(s.h1, withJs.h1);
        await assert.doesNotReject(page.locator('main h1').waitFor({ state: 'visible' }));
        if (entry.scripted) {
          assert.ok(s.mainText.length > 0, 'main has content without JavaScript');
        } else {
          assert.equal(s.mainText, withJs.mainText, 'main shows the same text without JavaScript');
        }
      });
    });

    test('mobile 375×667: no horizontal overflow', async () => {
      const phone = {
        viewport: { width: 375, height: 667 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      };
      await visit(entry, phone, async (page) => {
        const o = await horizontalOverflow(page);
        assert.equal(o.innerWidth, 375, 'the layout viewport is the device width');
        assert.ok(
          o.scrollWidth <= o.clientWidth,
          `document is ${o.scrollWidth}px wide in a ${o.clientWidth}px viewport; ` +
            `sticking out: ${o.offenders.join(', ')}`,
        );
      });
    });
  });
}
