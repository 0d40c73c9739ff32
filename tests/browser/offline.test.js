// Poor networks and no network, on a phone: a case study's largest contentful paint over an
// emulated slow-3G link (DevTools protocol: 400 ms latency, 400 kbps) served with netlify.toml's
// headers and gzip; the service worker serving a visited page and a repeated search offline,
// and the offline page for a page never read; a new deploy replacing the old cache; the
// offline page without axe violations in either colour scheme. Skipped when the site was built
// without a service worker.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { axeViolations, instrument, launch } from './support/browser.js';
import { startServer } from './support/server.js';

const SITE =
  process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../public/', import.meta.url));
const HAS_WORKER = existsSync(path.join(SITE, 'sw.js'));
const CASE_STUDY = '/case-studies/bridgeport-prospers/';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
// 400 kbps both ways, 400 ms round trip, as the slow-3G profile.
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

let browser;
let server;
let copyDir;

before(async () => {
  if (!HAS_WORKER) return;
  // A copy of the site, so the deploy test can change it without touching the built site.
  copyDir = await mkdtemp(path.join(os.tmpdir(), 'brightspot-offline-'));
  await cp(SITE, copyDir, { recursive: true });
  server = await startServer(copyDir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (copyDir) await rm(copyDir, { recursive: true, force: true });
});

// Waits until the page is controlled by an activated worker.
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

async function headerSearch(page, query) {
  await page.fill('#site-search', query);
  await page.waitForSelector('#site-search-results [role="option"]', { timeout: 20_000 });
  // Listed from the titles file first; the answer is whole once the excerpts are in.
  await page.waitForSelector('#site-search-results:not([aria-busy])', { state: 'attached', timeout: 20_000 });
  return page.$$eval('#site-search-results [role="option"]', (els) => els.map((e) => e.textContent.trim()));
}

describe('slow networks and offline reading', { skip: !HAS_WORKER && 'the site was built without a service worker' }, () => {
  test('a case study paints its largest content within 1.5 s on a phone over slow 3G', async (t) => {
    const context = await browser.newContext(PHONE);
    const watch = await instrument(context, server.origin);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
    const response = await page.goto(`${server.origin}${CASE_STUDY}`, { waitUntil: 'load' });
    assert.equal(response.headers()['content-encoding'], 'gzip', 'HTML is served compressed, as on Netlify');
    const lcp = await page.evaluate(
      () =>
        new Promise((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve(entries[entries.length - 1].startTime);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
        }),
    );
    t.diagnostic(`largest contentful paint ${Math.round(lcp)} ms`);
    assert.ok(lcp > 400, `the emulated latency applies (LCP ${lcp} ms)`);
    assert.ok(lcp < 1500, `largest contentful paint ${Math.round(lcp)} ms`);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });

  test('a page read once and a search made once work again offline; other pages show the offline page', async () => {
    const context = await browser.newContext(PHONE);
    const watch = await instrument(context, server.origin);
    const page = await context.newPage();
    await page.goto(`${server.origin}${CASE_STUDY}`);
    const title = await page.textContent('h1');
    await controlled(page);
    const online = await headerSearch(page, 'paterson');
    assert.ok(online.length > 0, 'the search finds something online');

    await context.setOffline(true);
    server.setOffline(true);
    await page.reload();
    assert.equal(await page.textContent('h1'), title, 'the visited case study reads offline');
    assert.ok(await page.$('link[rel=stylesheet]'), 'with its stylesheet');
    const offline = await headerSearch(page, 'paterson');
    assert.deepEqual(offline, online, 'the repeated search answers offline from the kept files');

    await page.goto(`${server.origin}/glossary/`);
    assert.equal(await page.textContent('h1'), 'You are offline');
    await context.setOffline(false);
    server.setOffline(false);
    await page.goto(`${server.origin}/glossary/`);
    assert.notEqual(await page.textContent('h1'), 'You are offline', 'online again, the real page');
    const problems = watch.problems().filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a new deploy replaces the old cache, and an online reader never gets a stale page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await controlled(page);
    const before = await page.evaluate(() => caches.keys());
    assert.equal(before.length, 1, `one cache: ${before}`);

    // A deploy: new page text, and a worker with a new version (every build writes its own).
    const home = path.join(copyDir, 'index.html');
    const html = await readFile(home, 'utf8');
    await writeFile(home, html.replace('</h1>', ' (updated)</h1>'));
    const sw = path.join(copyDir, 'sw.js');
    const code = await readFile(sw, 'utf8');
    await writeFile(sw, code.replace(/^const VERSION = "[0-9a-f]+";/, 'const VERSION = "0123456789abcdef";'));

    await page.reload();
    assert.match(await page.textContent('h1'), /\(updated\)/, 'network-first: the new page at once');
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      await reg.update();
      const next = reg.installing ?? reg.waiting;
      if (next && next.state !== 'activated') {
        await new Promise((resolve) => next.addEventListener('statechange', () => next.state === 'activated' && resolve()));
      }
    });
    const after = await page.evaluate(() => caches.keys());
    assert.deepEqual(after, ['brightspot-0123456789abcdef'], 'only the new version\'s cache is left');
    await context.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`the offline page has no axe violations (${colorScheme})`, async () => {
      const context = await browser.newContext({ ...PHONE, colorScheme });
      const watch = await instrument(context, server.origin);
      const page = await context.newPage();
      await page.goto(`${server.origin}/offline.html`);
      assert.equal(await page.textContent('h1'), 'You are offline');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(watch.problems(), []);
      await context.close();
    });
  }
});
