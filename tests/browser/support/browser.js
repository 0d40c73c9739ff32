// Launching Debian's Chromium through playwright-core (which never downloads a browser), and
// the instruments every page visit carries: network, console, CSP and error watchers, and axe.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from './server.js';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.BRIGHTSPOT_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// WCAG 2.0, 2.1 and 2.2 at levels A and AA.
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

let axeSource;
async function axeScript() {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

// A browser on a fresh, temporary profile (playwright-core creates the user-data dir for
// each launch and removes it on close).
export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// Watches a context: every request (anything not from `origin` is recorded and aborted so
// that nothing leaves the machine), failed requests, console errors, CSP violations and
// uncaught page errors. `problems()` lists everything that went wrong, as readable strings.
export async function instrument(context, origin, { expectedStatus = 200 } = {}) {
  const foreign = [];
  const failures = [];
  const consoleErrors = [];
  const cspViolations = [];
  const pageErrors = [];

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });

  const watch = (page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      if (/Content[- ]Security[- ]Policy/i.test(text)) {
        cspViolations.push(text);
        return;
      }
      // The 404 page's own status is reported on the console; that one is expected.
      const loc = msg.location()?.url ?? '';
      if (
        expectedStatus !== 200 &&
        text.includes(`status of ${expectedStatus}`) &&
        page.mainFrame().url() === loc
      ) {
        return;
      }
      consoleErrors.push(`${text}${loc ? ` (${loc})` : ''}`);
    });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    page.on('requestfailed', (req) => {
      if (foreign.includes(req.url())) return;
      // The browser fetches the favicon on its own, at low priority, and cancels the fetch
      // (ERR_ABORTED) when the next navigation or a closing context cuts it off: that says
      // nothing about the site. A missing favicon still answers 404, checked below.
      if (/\/favicon\.(svg|ico)$/.test(new URL(req.url()).pathname) && req.failure()?.errorText === 'net::ERR_ABORTED') return;
      failures.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`);
    });
    page.on('response', (res) => {
      const req = res.request();
      const isDocument = req.isNavigationRequest() && req.frame() === page.mainFrame();
      if (!isDocument && res.status() >= 400) failures.push(`${res.url()}: HTTP ${res.status()}`);
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);

  return {
    problems() {
      return [
        ...foreign.map((u) => `request to another origin: ${u}`),
        ...failures.map((f) => `failed subresource: ${f}`),
        ...cspViolations.map((v) => `CSP violation: ${v}`),
        ...consoleErrors.map((e) => `console error: ${e}`),
        ...pageErrors.map((e) => `uncaught error: ${e}`),
      ];
    },
    cspViolations: () => [...cspViolations],
    foreignRequests: () => [...foreign],
  };
}

// Runs axe-core on the page as it is (current colour scheme) and returns its WCAG A/AA
// violations as readable lines. axe is evaluated through the DevTools protocol rather than
// an injected <script>, because the site's CSP (rightly) forbids inline scripts.
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(await axeScript());
  const results = await page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  return results.violations.flatMap((v) =>
    v.nodes.map(
      (n) =>
        `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}` +
        (n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''),
    ),
  );
}

// The built site (BRIGHTSPOT_SITE, else public/) served and opened in Chromium for one test
// file's tests. `visit(path, options, fn)` opens `path` in a fresh context with `options`, runs
// `fn(page)` and fails on any network, console, CSP or script problem the visit had;
// `dir` is the site's folder, `origin()` the server's address and `browser()` the browser, for tests that need a context
// of their own.
export function siteUnderTest() {
  const site =
    process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../../public/', import.meta.url));
  if (!existsSync(site)) throw new Error(`no built site at ${site}`);
  let browser;
  let server;
  // Started once, by whichever asks first: Node runs top-level `before` hooks as they are
  // registered, so a test file's own hook may call `visit` while this one is still starting.
  let started;
  const start = () =>
    (started ??= (async () => {
      server = await startServer(site);
      browser = await launch();
    })());
  before(start);
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    dir: site,
    origin: () => server.origin,
    browser: () => browser,
    async visit(path, options, fn) {
      await start();
      const context = await browser.newContext(options);
      try {
        const watch = await instrument(context, server.origin);
        const page = await context.newPage();
        await page.goto(server.origin + path, { waitUntil: 'load' });
        const out = await fn(page);
        assert.deepEqual(watch.problems(), [], `problems on ${path}`);
        return out;
      } finally {
        await context.close();
      }
    },
  };
}
