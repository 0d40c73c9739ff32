// The web editor (/admin/, Decap CMS) in a real browser against decap-server, Decap's local
// backend, on a temporary copy of the site: a case study made through the form lands under
// content/case-studies/ and passes `brightspot check --drafts`; a form missing a required field
// is refused; the preview (the site's own stylesheet) passes axe. Also: the vendored copy of
// Decap is byte for byte the npm package's, and only /admin/ gets Decap's wider policy.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BIN, REPO } from './support/binary.js';
import { AXE_TAGS, launch } from './support/browser.js';
import { headerRules, headersFor } from './support/netlify.js';
import { startServer } from './support/server.js';

const VENDORED = path.join(REPO, 'vendor/decap-cms');
const PACKAGE = path.join(REPO, 'node_modules/decap-cms');
const WAIT = 30_000;

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the vendored Decap CMS', () => {
  test('is the pinned npm package, file for file', () => {
    const pinned = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).devDependencies['decap-cms'];
    assert.match(pinned, /^\d+\.\d+\.\d+$/, 'package.json pins an exact version');
    const installed = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')).version;
    assert.equal(installed, pinned, 'node_modules holds the pinned version (npm ci)');
    assert.equal(readFileSync(path.join(VENDORED, 'VERSION'), 'utf8').trim(), pinned);
    const files = readdirSync(VENDORED).filter((f) => !['VERSION', 'LICENSE'].includes(f));
    assert.ok(files.includes('decap-cms.js'), 'the bundle is vendored');
    assert.ok(files.some((f) => /^\d+\.decap-cms\.js$/.test(f)), 'its chunks are vendored');
    for (const f of files) {
      assert.equal(sha256(path.join(VENDORED, f)), sha256(path.join(PACKAGE, 'dist', f)), `${f} differs from the npm package's`);
    }
    // Every chunk the bundle can load is there.
    const dist = readdirSync(path.join(PACKAGE, 'dist')).filter((f) => /^\d+\.decap-cms\.js$|\.wasm$/.test(f));
    for (const f of dist) assert.ok(files.includes(f), `${f} is not vendored: run bash scripts/vendor-decap.sh`);
    assert.match(readFileSync(path.join(VENDORED, 'LICENSE'), 'utf8'), /MIT License/);
  });

  test('only /admin/ gets the wider policy Decap needs; every other page keeps the strict one', () => {
    const rules = headerRules();
    const csp = (p) => headersFor(rules, p)['content-security-policy'];
    const strict = csp('/');
    for (const p of ['/case-studies/bridgeport-prospers/', '/search/', '/style.0123456789abcdef.css', '/administration/']) {
      assert.equal(csp(p), strict, p);
    }
    assert.doesNotMatch(strict, /'unsafe-eval'|'unsafe-inline'|api\.github\.com/);
    const admin = csp('/admin/');
    assert.notEqual(admin, strict);
    assert.equal(csp('/admin/decap/0123456789abcdef/decap-cms.js'), admin);
    assert.match(admin, /script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval';/, 'scripts still only from the site');
    assert.doesNotMatch(admin, /script-src[^;]*unsafe-inline/);
    assert.match(admin, /frame-ancestors 'none'/);
    assert.equal(headersFor(rules, '/admin/')['cache-control'], 'public, max-age=0, must-revalidate');
    assert.equal(headersFor(rules, '/admin/config.yml')['cache-control'], 'public, max-age=0, must-revalidate');
    assert.equal(headersFor(rules, '/admin/decap/0123456789abcdef/decap-cms.js')['cache-control'], 'public, max-age=31536000, immutable');
  });
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// A copy of the site whose editor talks to decap-server on `port`, built into root/public.
function siteCopy(port) {
  const root = mkdtempSync(path.join(tmpdir(), 'brightspot-admin-'));
  for (const d of ['brightspot.toml', 'netlify.toml', 'content', 'data', 'bibliography', 'themes', 'archetypes', 'vendor']) {
    cpSync(path.join(REPO, d), path.join(root, d), { recursive: true });
  }
  const config = path.join(root, 'brightspot.toml');
  const text = readFileSync(config, 'utf8');
  assert.match(text, /^\[editor\]$/m, 'brightspot.toml has an [editor]');
  writeFileSync(config, text.replace(/^\[editor\]$/m, `[editor]\nlocal_backend = "http://127.0.0.1:${port}/api/v1"`));
  execFileSync(BIN, ['build', '--root', root, '--output', path.join(root, 'public')], { stdio: 'pipe' });
  return root;
}

// decap-server on 127.0.0.1:port, reading and writing the files under root.
function decapServer(root, port) {
  const child = spawn(process.execPath, [path.join(REPO, 'node_modules/decap-server/dist/index.js')], {
    env: { ...process.env, PORT: String(port), BIND_HOST: '127.0.0.1', GIT_REPO_DIRECTORY: root, MODE: 'fs', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  return { child, output };
}

async function waitForServer(port, server) {
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'info' }),
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`decap-server did not start:\n${server.output.join('')}`);
}

describe('the web editor against decap-server', { timeout: 4 * WAIT }, () => {
  let root, port, decap, site, browser;
  const cspViolations = [];
  const foreign = [];

  before(async () => {
    assert.ok(BIN, 'no brightspot binary: cargo build, or set BRIGHTSPOT_BIN');
    port = await freePort();
    root = siteCopy(port);
    decap = decapServer(root, port);
    await waitForServer(port, decap);
    // netlify.toml's headers, with decap-server's port where the policy names decap-server's
    // default one (a developer runs it on 8081; the test on a free port).
    const rules = headerRules().map((r) => ({
      ...r,
      values: Object.fromEntries(
        Object.entries(r.values ?? {}).map(([k, v]) => [k, k.toLowerCase() === 'content-security-policy' ? v.replace('http://127.0.0.1:8081', `http://127.0.0.1:${port}`) : v]),
      ),
    }));
    site = await startServer(path.join(root, 'public'), { rules });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    decap?.child.kill();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  // A page of the editor, with nothing allowed to leave the machine but the site and
  // decap-server, and every CSP violation recorded.
  async function editor(viewport = { width: 1366, height: 900 }) {
    const context = await browser.newContext({ viewport });
    const allowed = [site.origin, `http://127.0.0.1:${port}`];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (allowed.some((o) => url.startsWith(`${o}/`)) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      foreign.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
    return { context, page };
  }

  const field = (page, name) => page.locator(`[id^="${name}-field-"]`).first();

  // Picks `option` in the react-select whose input is field `name` (nth such field).
  async function choose(page, name, option, nth = 0) {
    const input = page.locator(`[id^="${name}-field-"]`).nth(nth);
    await input.click();
    await input.fill(option);
    await page.keyboard.press('Enter');
  }

  // Signs in (the local backend asks only for a click) and opens a new case study's form.
  // Replaces the body (the raw Markdown editor, a Slate text box) with `lines`, typed as a
  // contributor types them.
  async function writeBody(page, lines) {
    const box = page.locator('.cms-editor-raw [role="textbox"]');
    await box.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    for (const [i, line] of lines.entries()) {
      if (i > 0) await page.keyboard.press('Enter');
      if (line) await page.keyboard.insertText(line);
    }
  }

  async function newCaseStudy(page) {
    await page.goto(`${site.origin}/admin/`);
    await page.getByRole('button', { name: 'Login' }).click({ timeout: WAIT });
    await page.getByRole('heading', { name: 'Collections' }).waitFor({ timeout: WAIT });
    await page.goto(`${site.origin}/admin/#/collections/case-studies/new`);
    await field(page, 'title').waitFor({ timeout: WAIT });
  }

  // Clicks Publish → Publish now (decap-server's file-system mode has no editorial workflow: it
  // writes the file; on GitHub the same click opens a pull request).
  async function save(page) {
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Publish now').click();
  }

  test('a case study made in the form lands in content/case-studies/ and passes check --drafts', async (t) => {
    const { context, page } = await editor();
    await newCaseStudy(page);
    await field(page, 'title').fill('Harbor Health Network');
    await field(page, 'summary').fill('A cradle-to-career initiative in Bridgeport, Connecticut [@uwcfc-convening].');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: /Add key point/ }).click();
    const points = [
      'A cradle-to-career initiative in Bridgeport, Connecticut [@uwcfc-convening].',
      'United Way of Coastal Fairfield County is its backbone [@uwcfc-convening].',
      'The sources report no measured results [@uwcfc-convening].',
    ];
    for (const [i, p] of points.entries()) await page.locator('[id^="item-field-"]').nth(i).fill(p);
    await field(page, 'network').fill('Harbor Health Network');
    await choose(page, 'status', 'unknown');
    await field(page, 'city').fill('Bridgeport');
    await choose(page, 'state', 'Connecticut');
    await choose(page, 'start', '2014');
    await choose(page, 'end', 'ongoing');
    await field(page, 'name').fill('United Way of Coastal Fairfield County');
    await choose(page, 'sector', 'Community-based organizations');
    await field(page, 'role').fill('backbone');
    await choose(page, 'sectors', 'Community-based organizations');
    await choose(page, 'sources', 'uwcfc-convening');
    await writeBody(page, [
      '## What the network is',
      '',
      'A network in Bridgeport, Connecticut [@uwcfc-convening].',
      '',
      '## Results',
      '',
      'The sources report no measured results [@uwcfc-convening].',
    ]);
    await save(page);
    const file = path.join(root, 'content/case-studies/harbor-health-network.md');
    const deadline = Date.now() + WAIT;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (!existsSync(file)) {
      const shown = await page.locator('ul[class*="ControlErrorsList"] li, [class*="Toast"]').allInnerTexts();
      await page.screenshot({ path: path.join(tmpdir(), 'brightspot-admin-failure.png'), fullPage: true });
      assert.fail(`the editor saved no ${path.relative(root, file)}; it shows: ${shown.join(' | ')}\n${decap.output.join('')}`);
    }
    const text = readFileSync(file, 'utf8');
    t.diagnostic(`saved ${path.relative(root, file)}:\n${text}`);
    assert.match(text, /^\+\+\+\n/, 'TOML front matter between +++ lines');
    assert.match(text, /^state = "CT"$/m);
    assert.match(text, /^start = 2014$/m);
    assert.match(text, /^draft = true$/m, 'a new case study starts as a draft');
    assert.match(text, /\[@uwcfc-convening\]/, 'citations are kept as written');
    let out = '';
    try {
      out = execFileSync(BIN, ['check', '--drafts', '--root', root], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      assert.fail(`brightspot check --drafts failed on the saved file:\n${text}\n${e.stderr}`);
    }
    assert.doesNotMatch(out, /error/i);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(foreign, []);
    await context.close();
  });

  test('a form missing a required field is refused, and nothing is written', async () => {
    const { context, page } = await editor();
    await newCaseStudy(page);
    await field(page, 'title').fill('Incomplete Network');
    await save(page);
    await page.getByText(/Oops, you've missed a required field/i).waitFor({ timeout: WAIT });
    // The empty required fields are marked where they are.
    await page.getByText(/is required/i).first().waitFor({ timeout: WAIT });
    assert.equal(existsSync(path.join(root, 'content/case-studies/incomplete-network.md')), false);
    await context.close();
  });

  test("the preview is the site's page in its own stylesheet, and passes axe in light and dark", async () => {
    const { context, page } = await editor();
    await newCaseStudy(page);
    await field(page, 'title').fill('Preview Network');
    await field(page, 'summary').fill('A summary [@uwcfc-convening].');
    const frame = page.frameLocator('iframe').first();
    await frame.locator('h1', { hasText: 'Preview Network' }).waitFor({ timeout: WAIT });
    const preview = page.frames().find((f) => f !== page.mainFrame() && f.url() !== '');
    assert.ok(preview, 'the preview frame');
    const sheets = await preview.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.href));
    assert.ok(sheets.some((h) => /\/style\.[0-9a-f]{16}\.css$/.test(h)), `the site's stylesheet in the preview: ${sheets}`);
    const axe = readFileSync(path.join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await preview.evaluate(axe);
      const violations = await preview.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)),
        AXE_TAGS,
      );
      assert.deepEqual(violations, [], `axe in the ${scheme} scheme`);
    }
    await context.close();
  });
});
