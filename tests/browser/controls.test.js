// Negative controls: a deliberately broken page proves that each instrument the site tests
// rely on (CSP watch, foreign-request watch, axe, overflow measure, console/error watch)
// really reports what it is meant to catch. Without these, a silent instrument would let
// every site test pass.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { axeViolations, instrument, launch } from './support/browser.js';
import { horizontalOverflow } from './support/checks.js';
import { startServer } from './support/server.js';

const BAD_PAGE = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Broken on purpose</title>
<link rel="stylesheet" href="/wide.css">
<style>body { color: red; }</style>
</head>
<body>
<img src="/pixel.svg">
<img src="https://cdn.example.invalid/tracker.png" alt="">
<div class="wide">too wide</div>
<script>document.body.dataset.inline = 'ran';</script>
<script src="/throws.js"></script>
<link rel="stylesheet" href="/missing.css">
</body>
</html>
`;

let dir;
let server;
let browser;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'brightspot-controls-'));
  await writeFile(path.join(dir, 'index.html'), BAD_PAGE);
  await writeFile(
    path.join(dir, 'pixel.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
  );
  await writeFile(path.join(dir, 'wide.css'), '.wide { width: 900px; }\n');
  await writeFile(path.join(dir, 'throws.js'), "throw new Error('thrown on purpose');\n");
  server = await startServer(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openBadPage(options = {}) {
  const context = await browser.newContext(options);
  const watch = await instrument(context, server.origin);
  const page = await context.newPage();
  await page.goto(`${server.origin}/`, { waitUntil: 'load' });
  return { context, page, watch };
}

test('the watchers report CSP violations, failed files and script errors', async () => {
  const { context, page, watch } = await openBadPage();
  try {
    // The CSP blocked the inline script, so it did not run.
    assert.equal(await page.evaluate(() => document.body.dataset.inline ?? null), null);
    const csp = watch.cspViolations();
    assert.ok(csp.some((v) => /style/i.test(v)), `inline <style> reported: ${csp}`);
    assert.ok(csp.some((v) => /script/i.test(v)), `inline <script> reported: ${csp}`);
    assert.ok(csp.some((v) => v.includes('cdn.example.invalid')), `foreign image reported: ${csp}`);
    const problems = watch.problems().join('\n');
    assert.match(problems, /failed subresource: .*\/missing\.css/);
    assert.match(problems, /uncaught error: .*thrown on purpose/);
  } finally {
    await context.close();
  }
});

test('the network watch records (and aborts) a request to another origin', async () => {
  // The CSP alone already stops such requests; bypass it to see the second line of defence.
  const { context, watch } = await openBadPage({ bypassCSP: true });
  try {
    assert.deepEqual(watch.foreignRequests(), ['https://cdn.example.invalid/tracker.png']);
    assert.match(watch.problems().join('\n'), /request to another origin: https:\/\/cdn\.example\.invalid\//);
  } finally {
    await context.close();
  }
});

test('axe reports violations on a page that has them', async () => {
  const { context, page } = await openBadPage();
  try {
    const ids = (await axeViolations(page)).map((v) => v.split(' ')[0]);
    assert.ok(ids.includes('html-has-lang'), `html-has-lang in ${ids}`);
    assert.ok(ids.includes('image-alt'), `image-alt in ${ids}`);
  } finally {
    await context.close();
  }
});

test('the overflow measure finds an element wider than a phone screen', async () => {
  const { context, page } = await openBadPage({
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth > o.clientWidth, JSON.stringify(o));
    assert.ok(o.offenders.some((d) => d.startsWith('div.wide')), JSON.stringify(o.offenders));
  } finally {
    await context.close();
  }
});
