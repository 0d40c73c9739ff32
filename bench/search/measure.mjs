// Search benchmark, browser side: serves a built site (gzip on the fly, as Netlify does, except
// for files that are already gzip such as Pagefind's), loads a harness page in headless
// Chromium, and measures for brightspot's search and for Pagefind (through its JS API):
// bytes downloaded for a cold first query and for a follow-up query (each with the first five
// results' fragments, as a results page shows them), time from the call to results ready, and
// the median time of a query once its shards are cached.
//
//   node bench/search/measure.mjs SITE_DIR   (SITE_DIR holds search/ and pagefind/)
// Prints one JSON object.

import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const site = path.resolve(process.argv[2]);
const searchFiles = await readdir(path.join(site, 'search'));
const searchJs = searchFiles.find((f) => /^search\.[0-9a-f]+\.js$/.test(f));
const runtimeWasm = searchFiles.find((f) => /^runtime\.[0-9a-f]+\.wasm$/.test(f));
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css' };

let bytes = 0;
let requests = [];
// No favicon request: it is the page's, not search's, and would count in the cold query.
const HARNESS = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>bench</title><p>bench</p>`;

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__bench/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(HARNESS);
    return;
  }
  try {
    let file = path.join(site, decodeURIComponent(url.pathname));
    if (file.endsWith('/')) file += 'index.html';
    let body = await readFile(file);
    const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=31536000' };
    const already = body[0] === 0x1f && body[1] === 0x8b;
    if (!already && /gzip/.test(req.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body, { level: 9 });
      headers['content-encoding'] = 'gzip';
    }
    bytes += body.length;
    requests.push(`${url.pathname} ${body.length}`);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const WARM = ['health', 'community', 'hospital partnership', 'housing', 'care coordination', 'data', 'school', 'funding', 'prevention', 'network', 'clinic', 'equity'];

async function run(kind) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/__bench/`);
  const reset = () => { bytes = 0; requests = []; };
  const measure = async (fn, arg) => {
    reset();
    const ms = await page.evaluate(fn, arg);
    return { ms: Math.round(ms * 10) / 10, bytes, requests: [...requests] };
  };
  const setup = kind === 'brightspot'
    ? async ([js, wasm]) => {
      const { Runtime } = await import(js);
      window.q = async (query) => {
        if (!window.rt) window.rt = await Runtime.load(async (p) => new Uint8Array(await (await fetch(`/search/${p}`)).arrayBuffer()), wasm);
        const r = await window.rt.search(query, '', 5);
        return Promise.all(r.hits.map(([doc]) => window.rt.fragment(doc)));
      };
      window.bare = (query) => window.rt.search(query, '', 5);
    }
    : async () => {
      const pf = await import('/pagefind/pagefind.js');
      window.q = async (query) => {
        const s = await pf.search(query);
        return Promise.all(s.results.slice(0, 5).map((r) => r.data()));
      };
      window.bare = (query) => pf.search(query);
    };
  // The cold query counts the module's own JS too (imported here, before the first query).
  reset();
  const t0 = Date.now();
  await page.evaluate(setup, [`/search/${searchJs}`, runtimeWasm]);
  const setupMs = Date.now() - t0;
  const setupBytes = bytes;
  const setupRequests = [...requests];
  const timed = async (query) => { const t = performance.now(); await window.q(query); return performance.now() - t; };
  const cold = await measure(timed, 'health');
  cold.ms += setupMs;
  cold.bytes += setupBytes;
  cold.requests.unshift(...setupRequests);
  const follow = await measure(timed, 'community partnership');
  // Then a quoted phrase (brightspot fetches positions files only now) and a typo in the first
  // letter (brightspot fetches vocabulary files of nearby lengths, then the correction's shard).
  const phrase = await measure(timed, '"community partnership"');
  const typo = await measure(timed, 'bealth');
  // Warm every query once, then time the query alone (no fragments) five times each.
  const warm = await page.evaluate(async (queries) => {
    for (const q of queries) await window.q(q);
    const times = [];
    for (let i = 0; i < 5; i += 1) {
      for (const q of queries) { const t = performance.now(); await window.bare(q); times.push(performance.now() - t); }
    }
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
  }, WARM);
  await context.close();
  return { cold, follow, phrase, typo, warm_p50_ms: Math.round(warm.p50 * 100) / 100, warm_p95_ms: Math.round(warm.p95 * 100) / 100 };
}

const out = { brightspot: await run('brightspot'), pagefind: await run('pagefind') };
console.log(JSON.stringify(out, null, 1));
await browser.close();
server.close();
