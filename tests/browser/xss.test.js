// The XSS corpus: 80 filter-evasion payloads (OWASP's cheat sheet styles: script elements and
// event handlers, javascript:/data:/vbscript: URLs entity-encoded and in mixed case, SVG and
// MathML tricks, iframe/srcdoc, meta refresh, base href, form action, template syntax) are
// written into every field a contributor controls — page titles, summaries and bodies
// (headings, paragraphs, links, images, footnotes, tables, code), every free-text case-study
// field, vocabulary names, BibTeX fields, annotation bodies, glossary terms, the site title and
// page-bundle assets. The generator builds that site; every page is opened in headless Chromium
// twice: under the production Content-Security-Policy from netlify.toml (no CSP violation may
// occur: nothing even tries to run) and with no CSP at all (the escaping alone must hold). The
// search page is queried for the payloads too. No dialog may open and no payload global appear.
//
// The generator binary comes from BRIGHTSPOT_BIN (scripts/test.sh sets it), by default
// target/release/brightspot.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { instrument, launch } from './support/browser.js';
import { headerRules } from './support/netlify.js';
import { startServer } from './support/server.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.BRIGHTSPOT_BIN ?? path.join(REPO, 'target/release/brightspot');

// Each payload, if it ever ran, would open a dialog (alert/confirm/prompt/print) or set a
// global named xss<N>.
export const PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=/search/xss.js></SCRIPT>',
  '<img src=x onerror=alert(3)>',
  '<IMG SRC="javascript:alert(4);">',
  '<IMG SRC=JaVaScRiPt:alert(5)>',
  '<IMG SRC=`javascript:alert(6)`>',
  '<a href="javascript:alert(7)">x7</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(8)">x8</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(9)">x9</a>',
  '<a href="jav&#x09;ascript:alert(10)">x10</a>',
  '<a href=" &#14;  javascript:alert(11)">x11</a>',
  '<svg onload=alert(12)>',
  '<svg><script>alert(13)</script></svg>',
  '<svg><animate onbegin=alert(14) attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:alert(15)"><text x="20" y="20">x15</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(16)>',
  '<math href="javascript:alert(17)">x17</math>',
  '<iframe src="javascript:alert(18)"></iframe>',
  '<iframe srcdoc="<script>alert(19)</script>"></iframe>',
  '<iframe srcdoc="&lt;img src=x onerror=alert(20)&gt;"></iframe>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(21)">',
  '<meta http-equiv="refresh" content="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgyMik8L3NjcmlwdD4=">',
  '<base href="javascript:alert(23)//">',
  '<base href="https://evil.example/">',
  '<form action="javascript:alert(25)"><button>x25</button></form>',
  '<form><button formaction="javascript:alert(26)">x26</button></form>',
  '<object data="javascript:alert(27)"></object>',
  '<embed src="javascript:alert(28)">',
  '<body onload=alert(29)>',
  '<details open ontoggle=alert(30)>',
  '<input autofocus onfocus=alert(31)>',
  '<video><source onerror=alert(32)></video>',
  '<audio src=x onerror=alert(33)>',
  '<marquee onstart=alert(34)>x34</marquee>',
  '<div style="background:url(javascript:alert(35))">x35</div>',
  '<style>body{background:url("javascript:alert(36)")}</style>',
  '<link rel=stylesheet href="javascript:alert(37)">',
  '<table background="javascript:alert(38)"><tr><td>x38</td></tr></table>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzOSk8L3NjcmlwdD4=">x39</a>',
  '<a href="vbscript:msgbox(40)">x40</a>',
  '<a href="VbScRiPt:alert(41)">x41</a>',
  '"><script>alert(42)</script>',
  "'><img src=x onerror=alert(43)>",
  '</title><script>alert(44)</script>',
  '</textarea><script>alert(45)</script>',
  '</script><script>alert(46)</script>',
  '{{ 7*7 }} {{ config.title }} {{ page }}',
  '{% raw %}{{ alert(48) }}{% endraw %}',
  '{% include "/etc/passwd" %}',
  '{{ __tera_context }}',
  '${alert(51)} #{alert(51)}',
  '<scr<script>ipt>alert(52)</scr</script>ipt>',
  '<<SCRIPT>alert(53);//<</SCRIPT>',
  '<IMG """><SCRIPT>alert(54)</SCRIPT>">',
  '<IMG SRC=# onmouseover="alert(55)">',
  '<img src=x:alert(56) onerror=eval(src)>',
  '<BGSOUND SRC="javascript:alert(57);">',
  '<!--<img src="--><img src=x onerror=alert(58)//">',
  '<noscript><p title="</noscript><img src=x onerror=alert(59)>">',
  '<xmp><img src=x onerror=alert(60)></xmp>',
  '[click61](javascript:alert(61))',
  '[click62](JaVaScRiPt:alert(62))',
  '[click63](&#106;avascript:alert(63))',
  '![x64](javascript:alert(64))',
  '[x65](data:text/html,alert(65))',
  '<https://x.org/"onmouseover="alert(66)>',
  '<javascript:alert(67)>',
  '[x68][r68]\n\n[r68]: javascript:alert(68)',
  '<svg><use href="data:image/svg+xml,&lt;svg id=x xmlns=http://www.w3.org/2000/svg&gt;&lt;image href=1 onerror=alert(69) /&gt;&lt;/svg&gt;#x"></use></svg>',
  '<isindex type=image src=1 onerror=alert(70)>',
  '<script>window.xss71=1</script>',
  '<img src=x onerror="window.xss72=1">',
  'javascript:alert(73)',
  '<a href="  javascript:alert(74)">x74</a>',
  '<a href="java&#0000115;cript:alert(75)">x75</a>',
  '<img src="x" onerror="alert(76)">',
  '" onfocus="alert(77)" autofocus x="',
  '<template><img src=x onerror=alert(78)></template>',
  '<svg><foreignObject><iframe srcdoc="<script>alert(79)</script>"></iframe></foreignObject></svg>',
  '<keygen autofocus onfocus=alert(80)>',
  '<object data="data:text/html;base64,PHNjcmlwdD53aW5kb3cueHNzODE9MTwvc2NyaXB0Pg=="></object>',
].map(buildable);

// A raw `<img>` in content must say what it shows and may not name a file beside the page:
// `check` refuses both (tests/images_html.rs), so the site would not build. The payloads keep
// their handlers and script URLs, but each `<img>` gets an empty `alt` and `src=x` a site address
// elsewhere, which is what the corpus tests: what the sanitiser and the escaping let through.
function buildable(p) {
  return p
    .replace(/<img\b(?![^>]*\balt=)/gi, '<img alt=""')
    .replace(/(<img\b[^>]*?\bsrc=)("?)x(?=["\s>])/gi, '$1$2/x');
}

// A TOML basic string (JSON's escapes are TOML's).
const toml = (s) => JSON.stringify(s);
// One line: payloads that span lines would change the Markdown around them.
const inline = (s) => s.replace(/\n+/g, ' ');
// A payload as a link's target. One that starts with `/` would be an address on this site,
// which `check` now verifies (a broken one fails the build); as `./…` it stays a relative
// link, published as written, which is what the corpus tests.
// A payload as a citation's suffix: text, so its punctuation is backslash-escaped (raw HTML or
// emphasis inside a citation is a malformed citation, an error at its line); the characters
// still reach the formatted reference, which must escape them.
const citationSuffix = (s) => s.replace(/[[\]@;]/g, '').replace(/[!-/:-?\\^_`{-~]/g, (c) => `\\${c}`);
const linkTarget = (s) => s.replace(/[<>]/g, '').replace(/^\//, './');
// BibTeX values are brace-delimited: keep payloads whose braces balance, without `@` or `%`.
function bibSafe(s) {
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth += 1;
    if (c === '}') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0 && !/[@%\\#]/.test(s);
}

function notePage(i, p) {
  const one = inline(p);
  return `+++
title = ${toml(one)}
summary = ${toml(one)}
+++
${p}

## Heading ${one}

A paragraph ${one} with a citation [@kania2011, ${citationSuffix(one)}] and a footnote[^n].

[a link](<${linkTarget(one)}>) and ![an image ${one}](picture.png ${toml(one)})

| ${one.replace(/\|/g, '')} |
| --- |
| cell ${one.replace(/\|/g, '')} |

> ${one}

- item ${one}

\`${one.replace(/`/g, '')}\`

\`\`\`html
${p}
\`\`\`

[^n]: Footnote ${one}.
`;
}

// The fixture's Harbor Link case study with every free-text field replaced.
function caseStudy(template, n, pick) {
  let text = template
    .replace(/^title = .*$/m, `title = ${toml(pick(0))}`)
    .replace(/^summary = .*$/m, `summary = ${toml(pick(1))}`)
    .replace(/^network = .*$/m, `network = ${toml(pick(2))}`)
    .replace(/^city = .*$/m, `city = ${toml(pick(3))}`)
    .replace(/^name = "Harbor Hospital"$/m, `name = ${toml(pick(4))}`)
    .replace(/^role = "Convenes the partners"$/m, `role = ${toml(pick(5))}`)
    .replace(/^name = "Hartford Housing Trust"$/m, `name = ${toml(pick(6))}`)
    .replace(/^role = "Finds homes for patients"$/m, `role = ${toml(pick(7))}`)
    .replaceAll('@/case-studies/harbor-link.md', `@/case-studies/xss-${n}.md`);
  text = text.replace(
    'It housed two hundred families [@hall-podcast]',
    `It housed two hundred families [@hall-podcast] ${pick(8)}`,
  );
  return text;
}

// Writes the hostile site into `root`: the evidence fixture, the default theme, and payloads
// everywhere.
export function writeHostileSite(root) {
  const fixture = path.join(REPO, 'tests/fixtures/evidence');
  cpSync(fixture, root, { recursive: true });
  cpSync(path.join(REPO, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
  let k = 0;
  const next = () => inline(PAYLOADS[k++ % PAYLOADS.length]);

  // The site's title and description.
  const config = path.join(root, 'brightspot.toml');
  writeFileSync(
    config,
    readFileSync(config, 'utf8')
      .replace(/^title = .*$/m, `title = ${toml(`Site ${PAYLOADS[0]}`)}`)
      .replace(/^description = .*$/m, `description = ${toml(PAYLOADS[2])}`),
  );

  // A page per payload, as a bundle with assets.
  const png = readFileSync(path.join(REPO, 'tests/fixtures/site/content/notes/terms-in-use/picture.png'));
  PAYLOADS.forEach((p, i) => {
    const dir = path.join(root, 'content/notes', `xss-${i + 1}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.md'), notePage(i + 1, p));
    writeFileSync(path.join(dir, 'picture.png'), png);
    if (i % 10 === 0) {
      // Data files a page links to: served as data, never as a page that runs script.
      writeFileSync(path.join(dir, 'data.csv'), `name,value\n"${p.replace(/"/g, '""')}",1\n`);
      writeFileSync(path.join(dir, 'notes.txt'), `${p}\n`);
      writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ payload: p }));
      const md = path.join(dir, 'index.md');
      writeFileSync(md, `${readFileSync(md, 'utf8')}\n[data](data.csv) [notes](notes.txt) [json](data.json)\n`);
    }
  });

  // Case studies: every free-text field, nine payloads each.
  const template = readFileSync(path.join(root, 'content/case-studies/harbor-link.md'), 'utf8');
  for (let n = 1; n <= 9; n++) {
    writeFileSync(path.join(root, `content/case-studies/xss-${n}.md`), caseStudy(template, n, () => next()));
  }

  // Vocabulary names (functions, focus areas, sectors, states) and domain names.
  for (const file of readdirSync(path.join(root, 'data')).filter((f) => f.endsWith('.toml'))) {
    const full = path.join(root, 'data', file);
    const text = readFileSync(full, 'utf8').replace(/^name = ".*"$/gm, () => `name = ${toml(next())}`);
    writeFileSync(full, text);
  }

  // Glossary terms.
  for (let n = 1; n <= 3; n++) {
    writeFileSync(
      path.join(root, `content/glossary/xss-${n}.md`),
      `+++\ntitle = ${toml(next())}\nsummary = ${toml(next())}\n+++\n${next()}\n`,
    );
  }

  // Bibliography entries with payloads in every field, and their annotations.
  const bibPayloads = PAYLOADS.filter(bibSafe).map(inline);
  let bib = readFileSync(path.join(root, 'bibliography/references.bib'), 'utf8');
  for (let n = 0; n < 6; n++) {
    const f = (j) => bibPayloads[(n * 7 + j) % bibPayloads.length];
    const key = `xss${n}`;
    bib += `
@article{${key},
  author       = {${f(0).replace(/ and /g, ' ')}, A. and Payload, ${f(1)}},
  title        = {${f(2)}},
  journaltitle = {${f(3)}},
  date         = {2020},
  volume       = {${f(4)}},
  pages        = {1--2},
  note         = {${f(5)}},
  url          = {https://works.example.net/${encodeURIComponent(f(6))}},
}
`;
    writeFileSync(
      path.join(root, `bibliography/annotations/${key}.md`),
      `+++\nevidence_type = "article"\ntopics = ["collective-impact"]\npeer_reviewed = false\n+++\n## Summary\nIt says ${f(0)} ${inline(PAYLOADS[n])}\n\n## Evaluation\nIt shows ${f(1)}\n\n## Relevance to integrators\nIt helps ${f(2)}\n`,
    );
    // Cite it, so its reference and "cited by" lists are rendered.
    const page = path.join(root, `content/notes/xss-${n + 1}/index.md`);
    writeFileSync(page, `${readFileSync(page, 'utf8')}\nSee [@${key}].\n`);
  }
  writeFileSync(path.join(root, 'bibliography/references.bib'), bib);
}

// Every HTML page of the built site and the data files, as URL paths.
function sitePaths(site) {
  const out = [];
  for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path
      .relative(site, path.join(entry.parentPath ?? entry.path, entry.name))
      .split(path.sep)
      .join('/');
    if (rel.endsWith('index.html')) out.push(`/${rel.slice(0, -'index.html'.length)}`);
    else if (/\.(html|csv|txt|json|xml|svg|bib|ris)$/.test(rel)) out.push(`/${rel}`);
  }
  return out.sort();
}

const NO_CSP = headerRules().map((rule) => ({
  ...rule,
  values: Object.fromEntries(
    Object.entries(rule.values).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
  ),
}));

let work;
let site;
let browser;
const servers = {};

before(async () => {
  assert.ok(existsSync(BIN), `no brightspot binary at ${BIN}: build it or set BRIGHTSPOT_BIN`);
  work = mkdtempSync(path.join(os.tmpdir(), 'brightspot-xss-'));
  const root = path.join(work, 'project');
  writeHostileSite(root);
  site = path.join(work, 'public');
  execFileSync(BIN, ['build', '--root', root, '--output', site], { stdio: 'pipe' });
  servers.csp = await startServer(site);
  servers.none = await startServer(site, { rules: NO_CSP });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await servers.csp?.close();
  await servers.none?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Opens each path in one context and reports what any payload managed to do.
async function sweep(server, paths, act) {
  const context = await browser.newContext();
  const watch = await instrument(context, server.origin, { expectedStatus: 404 });
  const dialogs = [];
  const globals = [];
  const csp = [];
  let cspSeen = 0;
  context.on('page', (p) => p.on('dialog', (d) => dialogs.push(`${d.type()} ${d.message()} on ${p.url()}`)));
  const page = await context.newPage();
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()} ${d.message()} on ${page.url()}`);
    await d.dismiss();
  });
  try {
    for (const p of paths) {
      try {
        await page.goto(server.origin + p, { waitUntil: 'load' });
      } catch (e) {
        // Exports (.bib, .ris) and data files are downloads: nothing of them runs.
        if (/Download is starting/.test(e.message)) continue;
        throw e;
      }
      if (act) await act(page);
      // Handlers such as onerror and onload have had their chance by now.
      await page.waitForTimeout(20);
      const found = await page.evaluate(() => Object.keys(window).filter((k) => /^xss\d+$/.test(k)));
      if (found.length) globals.push(`${found.join(', ')} on ${p}`);
      // Pages of the site; Chromium's own viewers of XML, JSON and text files style themselves
      // inline, which the CSP reports too.
      const seen = watch.cspViolations();
      if (p.endsWith('/') || p.includes('/?')) csp.push(...seen.slice(cspSeen).map((v) => `${p}: ${v}`));
      cspSeen = seen.length;
      assert.equal(new URL(page.url()).origin, server.origin, `navigated away from ${p}`);
    }
  } finally {
    await context.close();
  }
  return { dialogs, globals, csp, foreign: watch.foreignRequests() };
}

describe('the XSS corpus', () => {
  test(`has at least 60 payloads (${PAYLOADS.length}) and every page shows them as text`, () => {
    assert.ok(PAYLOADS.length >= 60);
    const html = readFileSync(path.join(site, 'notes/xss-1/index.html'), 'utf8');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the payload is shown, escaped');
  });

  test('no payload runs under the production CSP, and no page even tries (no CSP violation)', async () => {
    const paths = sitePaths(site);
    assert.ok(paths.length > PAYLOADS.length, `${paths.length} paths`);
    const r = await sweep(servers.csp, paths);
    assert.deepEqual(r.dialogs, []);
    assert.deepEqual(r.globals, []);
    assert.deepEqual(r.csp, [], 'CSP violations: markup from a payload reached the page');
    assert.deepEqual(r.foreign, []);
  });

  test('no payload runs even without a CSP: the escaping alone holds', async () => {
    const r = await sweep(servers.none, sitePaths(site));
    assert.deepEqual(r.dialogs, []);
    assert.deepEqual(r.globals, []);
    assert.deepEqual(r.foreign, []);
  });

  test('the search page, queried for the payloads, shows them as text', async () => {
    const queries = [
      'script alert',
      'onerror',
      'javascript',
      'svg onload',
      'iframe srcdoc',
      '"img src"',
      ...PAYLOADS.slice(0, 40).map(inline),
    ];
    for (const [name, server] of Object.entries(servers)) {
      const paths = queries.map((q) => `/search/?q=${encodeURIComponent(q)}`);
      const r = await sweep(server, paths, async (page) => {
        await page.waitForFunction(() => document.querySelector('[data-ready="true"]'), null, {
          timeout: 10000,
        });
      });
      assert.deepEqual(r.dialogs, [], name);
      assert.deepEqual(r.globals, [], name);
      if (name === 'csp') assert.deepEqual(r.csp, [], 'CSP violations on the search page');
    }
    // The results do show the hostile pages, so the payloads really went through the index.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${servers.csp.origin}/search/?q=onerror`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelectorAll('#search-results [role="option"]').length > 0, null, {
      timeout: 10000,
    });
    const text = await page.textContent('#search-results');
    assert.match(text, /onerror/);
    await context.close();
  });

  test('typing payloads into the header search box runs nothing', async () => {
    const context = await browser.newContext();
    const dialogs = [];
    const page = await context.newPage();
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(`${servers.none.origin}/`, { waitUntil: 'load' });
    const box = page.locator('#site-search input, input[type=search]').first();
    for (const p of PAYLOADS.slice(0, 20)) {
      await box.fill(inline(p));
      await page.waitForTimeout(60);
    }
    const found = await page.evaluate(() => Object.keys(window).filter((k) => /^xss\d+$/.test(k)));
    await context.close();
    assert.deepEqual(dialogs, []);
    assert.deepEqual(found, []);
  });
});
