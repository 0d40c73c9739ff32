// Images in content, in Chromium at a phone's and a laptop's size: a photo in a page's lead and
// a chart far below it. The photo's box has its final height before a byte of it arrives (no
// layout shift); the chart is not requested until it is scrolled near; each size picks the
// narrowest file that fills its column (currentSrc), WebP where the build wrote one; axe finds
// nothing. The images are drawn by Chromium itself on a canvas, so no binary is committed.
//
// The generator binary comes from BRIGHTSPOT_BIN, by default target/release/brightspot. With
// BRIGHTSPOT_SCREENSHOTS set to a folder, screenshots of both sizes are written there.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { axeViolations, instrument, launch } from './support/browser.js';
import { startServer } from './support/server.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.BRIGHTSPOT_BIN ?? path.join(REPO, 'target/release/brightspot');
const SHOTS = process.env.BRIGHTSPOT_SCREENSHOTS;

// Enough text between the photo and the chart to put the chart well past Chromium's
// lazy-loading distance (1,250 to 2,500 pixels below the viewport, by connection).
const FILLER = Array.from(
  { length: 90 },
  (_, i) => `Paragraph ${i + 1} of the text between the two images, long enough to wrap on a phone.`,
).join('\n\n');

const PAGE = `+++
title = "Gallery"
weight = 6
+++
The harbour at dawn, as the network's first report shows it.

![A harbour at dawn with three boats](harbour.jpg)

${FILLER}

## Enrolment

![Enrolment by year, rising in each of six years](chart.png)
`;

// The guides section's introduction shows a phone photo stored sideways: 1,000 × 600 pixels
// with the sky on the left, and EXIF orientation 6 (turn 90° clockwise to view).
const SECTION = `+++
title = "Guides"
description = "How-to pages, ordered by weight."
page_type = "page"
sort_by = "weight"
weight = 2
+++
Guides for people new to the site.

![A lighthouse under a blue sky, taken on a phone held upright](sideways.jpg)
`;

// `jpeg` with an EXIF APP1 segment holding only the orientation tag, right after its SOI: the
// segment is written here byte by byte (a TIFF header, one directory of one SHORT entry).
function withOrientation(jpeg, orientation) {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const body = [...Buffer.from('Exif\0\0', 'latin1'), ...tiff];
  const length = body.length + 2;
  const app1 = Buffer.from([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

// Draws a photo-like JPEG and a flat chart PNG on a canvas and returns their bytes.
async function drawImages(browser) {
  const page = await browser.newPage();
  const [jpeg, png, sideways] = await page.evaluate(() => {
    const photo = document.createElement('canvas');
    photo.width = 1600;
    photo.height = 1000;
    const p = photo.getContext('2d');
    const sky = p.createLinearGradient(0, 0, 0, 1000);
    sky.addColorStop(0, '#f6c48a');
    sky.addColorStop(0.6, '#6d8fb3');
    sky.addColorStop(1, '#1d3552');
    p.fillStyle = sky;
    p.fillRect(0, 0, 1600, 1000);
    for (let i = 0; i < 3; i++) {
      p.fillStyle = ['#2b2b2b', '#7a2e1f', '#e9e4d8'][i];
      p.fillRect(300 + i * 400, 700, 260, 90);
    }
    const chart = document.createElement('canvas');
    chart.width = 1000;
    chart.height = 600;
    const c = chart.getContext('2d');
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, 1000, 600);
    c.fillStyle = '#1359a0';
    for (let i = 0; i < 6; i++) c.fillRect(60 + i * 160, 560 - (i + 1) * 80, 100, (i + 1) * 80);
    // Stored sideways: the sky, which is on top when upright, is the left third.
    const side = document.createElement('canvas');
    side.width = 1000;
    side.height = 600;
    const d = side.getContext('2d');
    d.fillStyle = '#3d7bd9';
    d.fillRect(0, 0, 300, 600);
    d.fillStyle = '#6f5a3a';
    d.fillRect(300, 0, 700, 600);
    d.fillStyle = '#f2efe6';
    d.fillRect(300, 260, 500, 80);
    return [photo.toDataURL('image/jpeg', 0.9), chart.toDataURL('image/png'), side.toDataURL('image/jpeg', 0.9)];
  });
  await page.close();
  const bytes = (url) => Buffer.from(url.split(',')[1], 'base64');
  return { jpeg: bytes(jpeg), png: bytes(png), sideways: withOrientation(bytes(sideways), 6) };
}

let work;
let server;
let browser;

before(async () => {
  assert.ok(existsSync(BIN), `no brightspot binary at ${BIN}: build it or set BRIGHTSPOT_BIN`);
  browser = await launch();
  work = mkdtempSync(path.join(os.tmpdir(), 'brightspot-images-'));
  const root = path.join(work, 'project');
  cpSync(path.join(REPO, 'tests/fixtures/site'), root, { recursive: true });
  cpSync(path.join(REPO, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  const dir = path.join(root, 'content/guides/gallery');
  mkdirSync(dir, { recursive: true });
  const { jpeg, png, sideways } = await drawImages(browser);
  writeFileSync(path.join(root, 'content/guides/_index.md'), SECTION);
  writeFileSync(path.join(root, 'content/guides/sideways.jpg'), sideways);
  writeFileSync(path.join(dir, 'index.md'), PAGE);
  writeFileSync(path.join(dir, 'harbour.jpg'), jpeg);
  writeFileSync(path.join(dir, 'chart.png'), png);
  const site = path.join(work, 'public');
  execFileSync(BIN, ['build', '--root', root, '--output', site], { stdio: 'pipe' });
  server = await startServer(site);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const IMAGE = /\.(jpe?g|png|webp)$/;

// The CSS box of the image whose alt text starts with `alt`.
const box = (page, alt) =>
  page.$eval(`.content img[alt^="${alt}"]`, (img) => {
    const r = img.getBoundingClientRect();
    return { width: r.width, height: r.height, complete: img.complete && img.naturalWidth > 0 };
  });

for (const [width, height, narrowest] of [
  [390, 844, '480w'],
  [1366, 900, '800w'],
]) {
  test(`at ${width}×${height} images keep their box, load lazily and fit the column`, async () => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const watch = await instrument(context, server.origin);
    const page = await context.newPage();
    const requested = [];
    page.on('request', (r) => {
      if (IMAGE.test(new URL(r.url()).pathname)) requested.push(new URL(r.url()).pathname);
    });
    // Every image is held until the layout has been measured.
    const held = [];
    let release = false;
    await page.route(IMAGE, (route) => (release ? route.fallback() : held.push(route)));
    await page.goto(`${server.origin}/guides/gallery/`, { waitUntil: 'domcontentloaded' });

    const before = await box(page, 'A harbour');
    assert.equal(before.complete, false, 'the photo loaded before it was released');
    assert.ok(before.width > 0, 'the photo has no width before it loads');
    assert.ok(
      Math.abs(before.height - (before.width * 1000) / 1600) < 1,
      `before loading the photo's box is ${before.width}×${before.height}, not 16:10`,
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/images-waiting-${width}.png` });
    release = true;
    for (const route of held.splice(0)) await route.fallback();
    await page.waitForFunction(() => {
      const img = document.querySelector('.content img[alt^="A harbour"]');
      return img.complete && img.naturalWidth > 0;
    });
    const loaded = await box(page, 'A harbour');
    assert.deepEqual([loaded.width, loaded.height], [before.width, before.height], 'the photo shifted the layout');
    const photoSrc = await page.$eval('.content img[alt^="A harbour"]', (img) => img.currentSrc);
    assert.match(photoSrc, new RegExp(`/harbour\\.${narrowest}\\.[0-9a-f]{16}\\.(jpg|webp)$`));
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/images-top-${width}.png` });

    // The chart, far below, is not fetched while the reader is at the top.
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    assert.deepEqual(
      requested.filter((p) => p.includes('/chart')),
      [],
      'the chart was requested before it was scrolled near',
    );
    await page.locator('.content img[alt^="Enrolment"]').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector('.content img[alt^="Enrolment"]');
      return img.complete && img.naturalWidth > 0;
    });
    const chartSrc = await page.$eval('.content img[alt^="Enrolment"]', (img) => img.currentSrc);
    // A flat chart is smaller as lossless WebP than as PNG: the browser takes the WebP.
    assert.match(chartSrc, new RegExp(`/chart\\.${narrowest}\\.[0-9a-f]{16}\\.webp$`));
    assert.ok(requested.some((p) => p.includes('/chart')), 'the chart was never requested');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/images-chart-${width}.png` });

    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });
}

// A section introduction's photo is a picture too, and the phone photo stored sideways shows
// upright: the original keeps only its orientation tag, which Chromium applies, and the
// resized files have the turn in their pixels. Sampled on a canvas: the sky must be on top.
for (const [width, height] of [
  [390, 844],
  [1366, 900],
]) {
  test(`at ${width}×${height} a section's sideways phone photo shows upright`, async () => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const watch = await instrument(context, server.origin);
    const page = await context.newPage();
    await page.goto(`${server.origin}/guides/`, { waitUntil: 'load' });
    const selector = '.content img[alt^="A lighthouse"]';
    await page.waitForFunction((s) => document.querySelector(s)?.complete, selector);
    const shown = await page.$eval(selector, (img) => {
      const r = img.getBoundingClientRect();
      const sample = (src) =>
        new Promise((resolve) => {
          const probe = new Image();
          probe.onload = () => {
            const c = document.createElement('canvas');
            c.width = probe.naturalWidth;
            c.height = probe.naturalHeight;
            const g = c.getContext('2d');
            g.drawImage(probe, 0, 0);
            const top = [...g.getImageData(c.width / 2, 5, 1, 1).data];
            resolve({ width: probe.naturalWidth, height: probe.naturalHeight, top });
          };
          probe.src = src;
        });
      return Promise.all([sample(img.currentSrc), sample('/guides/sideways.jpg')]).then(([current, orig]) => ({
        box: [r.width, r.height],
        attrs: [img.getAttribute('width'), img.getAttribute('height')],
        current,
        orig,
        src: img.currentSrc,
      }));
    });
    assert.deepEqual(shown.attrs, ['600', '1000']);
    // Its box has the photo's upright shape, kept within 80% of the screen's height (the photo
    // shown whole inside it).
    const capped = Math.min((shown.box[0] * 1000) / 600, height * 0.8);
    assert.ok(Math.abs(shown.box[1] - capped) < 1, `box ${shown.box}`);
    for (const [name, file] of [
      ['the file shown', shown.current],
      ['the original', shown.orig],
    ]) {
      assert.ok(file.height > file.width, `${name} is not upright: ${file.width}×${file.height}`);
      const [r, g, b] = file.top;
      assert.ok(b > 180 && r < 110, `${name}: the top is ${file.top}, not the blue sky`);
    }
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/images-section-${width}.png` });
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(watch.problems(), []);
    await context.close();
  });
}

// The page with pictures is valid HTML to the Nu checker, as every page of the real site is
// (scripts/test.sh validates those; the real site has no images yet).
test('a page with pictures passes the Nu HTML checker', () => {
  const vnu = path.join(REPO, 'node_modules/vnu-jar/build/dist/vnu.jar');
  assert.ok(existsSync(vnu), `no Nu checker at ${vnu}: run npm ci`);
  const page = path.join(work, 'public/guides/gallery/index.html');
  assert.ok(existsSync(page), 'the gallery page was built');
  try {
    execFileSync('java', ['-jar', vnu, '--errors-only', page], { stdio: 'pipe' });
  } catch (e) {
    assert.fail(`Nu checker errors on the gallery page:\n${e.stderr?.toString() ?? e}`);
  }
});
