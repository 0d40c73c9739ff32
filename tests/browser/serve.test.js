// `brightspot serve` in a real browser: a page reloads by itself when its source is saved, a
// broken save shows the error overlay with the diagnostic `check` prints, and the next good save
// clears it. All of it under the site's own Content-Security-Policy (from netlify.toml).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { BIN, REPO } from './support/binary.js';
import { instrument, launch } from './support/browser.js';

const WAIT = 90_000;

function fixture() {
  const root = mkdtempSync(path.join(tmpdir(), 'brightspot-serve-'));
  cpSync(path.join(REPO, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  cpSync(path.join(REPO, 'netlify.toml'), path.join(root, 'netlify.toml'));
  const put = (rel, text) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put(
    'brightspot.toml',
    'title = "Fixture"\ndescription = "A small site for serve tests."\nbase_url = "https://example.org/"\ntheme = "default"\nsearch = false\n',
  );
  put('content/_index.md', '+++\ntitle = "Home"\n+++\nWelcome. See [A](@/notes/a.md).\n');
  put('content/notes/_index.md', '+++\ntitle = "Notes"\npage_type = "page"\nsort_by = "title"\n+++\nAll notes.\n');
  put('content/notes/a.md', '+++\ntitle = "Note A"\n+++\n## First\n\nAlpha text.\n');
  return { root, put };
}

// Starts the server and resolves with its origin once it prints its address.
function serve(root) {
  const child = spawn(BIN, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines = [];
  const origin = new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stderr });
    rl.on('line', (line) => {
      lines.push(line);
      const m = line.match(/ at (http:\/\/[^/]+)\//);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${lines.join('\n')}`)));
  });
  return { child, origin, lines };
}

test('a saved edit reloads the page; a broken one shows the overlay until fixed', { timeout: 5 * WAIT }, async (t) => {
  assert.ok(BIN, 'build brightspot first (cargo build)');
  const { root, put } = fixture();
  const server = serve(root);
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.child.kill();
    rmSync(root, { recursive: true, force: true });
  });
  const origin = await server.origin;
  const context = await browser.newContext();
  const watch = await instrument(context, origin);
  const page = await context.newPage();
  // The event stream must be open before the first edit, so that the edit cannot be missed.
  const streamOpen = page.waitForResponse((r) => r.url().endsWith('/__brightspot/events'), { timeout: WAIT });
  await page.goto(`${origin}/notes/a/`);
  await page.getByText('Alpha text.').waitFor({ timeout: WAIT });
  assert.equal((await streamOpen).headers()['content-type'], 'text/event-stream');

  // An edit: the page reloads by itself and shows it.
  put('content/notes/a.md', '+++\ntitle = "Note A"\n+++\n## First\n\nGamma text.\n');
  await page.getByText('Gamma text.').waitFor({ timeout: WAIT });

  // A broken edit: the overlay shows the file, line, column and message `check` prints.
  put('content/notes/a.md', '+++\ntitle = "Note A"\nstatus = 3\n+++\n## First\n\nBroken.\n');
  const overlay = page.locator('#brightspot-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: WAIT });
  const text = await overlay.innerText();
  assert.match(text, /content\/notes\/a\.md:3:1/);
  assert.match(text, /status/);
  // One entry per problem, on an opaque panel (the page does not show through), headed by a
  // summary that takes focus so a screen reader announces it.
  const entries = overlay.locator('.bs-problem');
  assert.equal(await entries.count(), 1);
  assert.match(await entries.first().locator('.bs-location').innerText(), /^content\/notes\/a\.md:3:1$/);
  const background = await overlay.evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.match(background, /^rgb\(/, `opaque background, got ${background}`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'bs-overlay-title');
  if (process.env.BRIGHTSPOT_SCREENSHOTS) {
    for (const [w, h] of [[390, 844], [1366, 900]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: `${process.env.BRIGHTSPOT_SCREENSHOTS}/overlay-${w}.png` });
    }
  }
  // The last good build is still what the page shows underneath.
  assert.ok(await page.getByText('Gamma text.').isVisible());

  // The next good save clears it.
  put('content/notes/a.md', '+++\ntitle = "Note A"\n+++\n## First\n\nDelta text.\n');
  await page.getByText('Delta text.').waitFor({ timeout: WAIT });
  assert.equal(await overlay.count(), 0);

  // The reload script and its event stream live within the CSP; the aborted event streams of
  // reloaded pages are the only failed requests.
  const problems = watch.problems().filter((p) => !p.includes('/__brightspot/events'));
  assert.deepEqual(problems, []);
  assert.deepEqual(watch.cspViolations(), []);
  // Nothing was written into the project.
  assert.ok(!existsSync(path.join(root, 'public')));
});
