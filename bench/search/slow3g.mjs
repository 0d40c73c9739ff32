// Search over a poor connection: the header search box of a cold case-study page on a phone,
// in Chromium with the DevTools protocol's slow-3G emulation (400 ms round trip, 400 kbps), the
// site served with netlify.toml's headers and gzip (the test suite's server). Types a query one
// key at a time, as a person does, and reports for each key how long until its results show and
// how many requests it cost; then types the query again (fragments and shards already fetched).
//
//   node bench/search/slow3g.mjs SITE_DIR [QUERY] [RUNS]     default query: "paterson", 3 runs
//
// Prints one JSON object: medians per key over the runs, and every run. Timing is the emulated
// network's, so machine load moves it little; record the load beside the figures anyway.

import os from 'node:os';

import { launch } from '../../tests/browser/support/browser.js';
import { startServer } from '../../tests/browser/support/server.js';

const [site, query = 'paterson', runsArg = '3'] = process.argv.slice(2);
if (!site) {
  console.error('usage: node bench/search/slow3g.mjs SITE_DIR [QUERY] [RUNS]');
  process.exit(2);
}
const PAGE = process.env.BENCH_PAGE ?? '/';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

// Types `text` key by key; for each key, the ms until the header box shows that query's result
// count (`ms`: on a site with a titles file the results are listed then, as links with their
// titles and types), the ms until every shown result also has its excerpt (`completeMs`: the
// list is no longer aria-busy), and the requests made meanwhile. The next key is typed once
// the excerpts are in, so a key never profits from fetches an earlier key left running.
async function typeKeys(page, requests, text) {
  const keys = [];
  for (let i = 0; i < text.length; i += 1) {
    const typed = text.slice(0, i + 1);
    const before = requests.length;
    const start = Date.now();
    await page.keyboard.type(text[i]);
    await page.waitForFunction(
      (q) => {
        const s = document.getElementById('site-search-status')?.textContent ?? '';
        return s.includes(`“${q}”`);
      },
      typed,
      { timeout: 60_000, polling: 10 },
    );
    const ms = Date.now() - start;
    await page.waitForFunction(
      () => !document.getElementById('site-search-results')?.hasAttribute('aria-busy'),
      null,
      { timeout: 60_000, polling: 10 },
    );
    keys.push({ typed, ms, completeMs: Date.now() - start, requests: requests.length - before });
  }
  return keys;
}

async function once(browser, origin) {
  // Service workers blocked: their requests are not the page's, so the emulated link would not
  // slow them (and a first visit from a QR code has none running yet).
  const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
  const page = await context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${origin}${PAGE}`, { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  const t0 = Date.now();
  await page.focus('#site-search');
  const first = await typeKeys(page, requests, query);
  const firstResults = Date.now() - t0;
  // The same query again, after clearing the box: everything it needs is in memory.
  await page.fill('#site-search', '');
  const again = await typeKeys(page, requests, query);
  await context.close();
  return { firstResultsMs: firstResults, first, again };
}

const browser = await launch();
const server = await startServer(site);
const runs = [];
try {
  for (let r = 0; r < Number(runsArg); r += 1) runs.push(await once(browser, server.origin));
} finally {
  await browser.close();
  await server.close?.();
}
const perKey = (pick) =>
  query.split('').map((_, i) => ({
    typed: query.slice(0, i + 1),
    ms: median(runs.map((run) => pick(run)[i].ms)),
    completeMs: median(runs.map((run) => pick(run)[i].completeMs)),
    requests: median(runs.map((run) => pick(run)[i].requests)),
  }));
const first = perKey((r) => r.first);
console.log(
  JSON.stringify(
    {
      query,
      page: PAGE,
      load: os.loadavg().map((l) => Number(l.toFixed(2))),
      // The first key pays for boot, the runtime and the manifest.
      firstKeyMs: first[0].ms,
      firstKeyCompleteMs: first[0].completeMs,
      laterKeysMs: { median: median(first.slice(1).map((k) => k.ms)), max: Math.max(...first.slice(1).map((k) => k.ms)) },
      laterKeysCompleteMs: {
        median: median(first.slice(1).map((k) => k.completeMs)),
        max: Math.max(...first.slice(1).map((k) => k.completeMs)),
      },
      requestsPerLaterKey: median(first.slice(1).map((k) => k.requests)),
      retypedKeysMs: median(perKey((r) => r.again).map((k) => k.ms)),
      retypedRequests: perKey((r) => r.again).reduce((n, k) => n + k.requests, 0),
      first,
      again: perKey((r) => r.again),
      runs,
    },
    null,
    1,
  ),
);
