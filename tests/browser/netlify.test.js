// netlify.toml (build settings, security headers, caching) and the test server that applies
// it: the policy says what the brief requires, the caching rules are safe for the files the
// generator writes, and the server behaves like Netlify without serving anything outside
// the site folder.

import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import {
  headerRules,
  headersFor,
  parseToml,
  readNetlifyConfig,
  ruleRegExp,
} from './support/netlify.js';
import { parseRedirects, redirectFor, startServer } from './support/server.js';

const SITE =
  process.env.BRIGHTSPOT_SITE ?? fileURLToPath(new URL('../../public/', import.meta.url));

const SHORT_CACHE = 'public, max-age=0, must-revalidate';
const LONG_CACHE = 'public, max-age=31536000, immutable';
// The generator names fingerprinted files name.<hex content hash>.ext (style.f87a5f7c4aacdbaa.css),
// or puts them in a folder named for the hash (the search index: search/<hash>/t/ab.bin; the
// vendored web editor: admin/decap/<hash>/decap-cms.js).
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$|^\/?(search|admin\/decap)\/[0-9a-f]{16}\//;
// Scripts that must keep their names: the service worker is looked for at the same URL.
const UNHASHED_SCRIPTS = new Set(['sw.js']);

function cspDirectives(policy) {
  const map = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('the small TOML reader', () => {
  test('reads tables, arrays of tables, escapes and comments', () => {
    const doc = parseToml(
      [
        '# comment',
        '[build]',
        'command = "make \\"site\\" \\u00e9" # trailing comment',
        "publish = 'public'",
        '[context.deploy-preview]',
        'command = "b"',
        '[[headers]]',
        'for = "/*"',
        '[headers.values]',
        'X-A = "1"',
        '[[headers]]',
        'for = "/*.css"',
        '[headers.values]',
        '"X-B" = "2"',
        'n = 3',
        'on = true',
      ].join('\n'),
    );
    assert.deepEqual(doc, {
      build: { command: 'make "site" é', publish: 'public' },
      context: { 'deploy-preview': { command: 'b' } },
      headers: [
        { for: '/*', values: { 'X-A': '1' } },
        { for: '/*.css', values: { 'X-B': '2', n: 3, on: true } },
      ],
    });
  });

  test('rejects what it does not understand, naming the line', () => {
    assert.throws(() => parseToml('[a]\nx = [1, 2]'), /netlify\.toml:2: unsupported value/);
    assert.throws(() => parseToml('x = """\nlong\n"""'), /netlify\.toml:1: multi-line strings/);
    assert.throws(() => parseToml('x = "1"\nx = "2"'), /netlify\.toml:2: duplicate key/);
    assert.throws(() => parseToml('x = "open'), /netlify\.toml:1: unterminated string/);
  });
});

describe("Netlify's path matching for header rules", () => {
  const cases = [
    ['/*', '/', true],
    ['/*', '/paper/the-functions/', true],
    ['/*.css', '/style.f87a5f7c4aacdbaa.css', true],
    ['/*.css', '/deep/folder/a.css', true],
    ['/*.css', '/style.css.map', false],
    ['/*.css', '/xcss', false],
    ['/search/*', '/search/', true],
    ['/search/*', '/search', true],
    ['/search/*', '/search/shard.bin', true],
    ['/search/*', '/searching/', false],
    ['/:section/index.html', '/paper/index.html', true],
    ['/:section/index.html', '/a/b/index.html', false],
    ['/feed.xml', '/feed.xml', true],
    ['/feed.xml', '/feed.xml/', true],
    ['/feed.xml', '/feed.xmls', false],
    ['/', '/', true],
    ['/', '/a/', false],
  ];
  for (const [rule, urlPath, expected] of cases) {
    test(`${rule} ${expected ? 'matches' : 'does not match'} ${urlPath}`, () => {
      assert.equal(ruleRegExp(rule).test(urlPath), expected);
    });
  }

  test('a later matching rule replaces an earlier value of the same header', () => {
    const rules = [
      { for: '/*', values: { 'Cache-Control': 'short', 'X-Kept': 'yes' } },
      { for: '/*.css', values: { 'cache-control': 'long' } },
    ];
    assert.deepEqual(headersFor(rules, '/a.css'), { 'cache-control': 'long', 'x-kept': 'yes' });
    assert.deepEqual(headersFor(rules, '/a/'), { 'cache-control': 'short', 'x-kept': 'yes' });
  });
});

describe('netlify.toml', () => {
  const config = readNetlifyConfig();
  const rules = headerRules(config);
  const page = headersFor(rules, '/');

  test('builds the site with the release generator into public/', () => {
    assert.equal(config.build.publish, 'public');
    assert.match(config.build.command, /scripts\/netlify-build\.sh/);
    const script = fileURLToPath(new URL('../../scripts/netlify-build.sh', import.meta.url));
    assert.ok(existsSync(script));
    // A case study over the page-weight budget fails the deploy, as it fails CI.
    assert.match(readFileSync(script, 'utf8'), /build --strict "\$@"/);
  });

  test('deploy previews and branch deploys build for their own address', () => {
    for (const ctx of ['deploy-preview', 'branch-deploy']) {
      assert.match(config.context[ctx].command, /--base-url "\$DEPLOY_PRIME_URL"/, ctx);
    }
  });

  test('the Content-Security-Policy allows nothing inline and no other origin', () => {
    const csp = cspDirectives(page['content-security-policy']);
    assert.deepEqual(Object.fromEntries(csp), {
      'default-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'style-src': ["'self'"],
      'script-src': ["'self'", "'wasm-unsafe-eval'"],
      'worker-src': ["'self'"],
      'manifest-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  test('the search index folder and social images are immutable; what names them revalidates', () => {
    const cache = (p) => headersFor(rules, p)['cache-control'];
    assert.equal(cache('/search/0123456789abcdef/t/ab.bin'), LONG_CACHE);
    assert.equal(cache('/social/case-studies/x.0123456789abcdef.png'), LONG_CACHE);
    for (const p of ['/search/manifest.bin', '/search/', '/search/index.html', '/search/opensearch.xml', '/sw.js', '/manifest.webmanifest', '/favicon.ico']) {
      assert.equal(cache(p), SHORT_CACHE, p);
    }
  });

  test('every response gets the security headers', () => {
    for (const urlPath of ['/', '/paper/the-functions/', '/style.0123456789abcdef.css', '/feed.xml']) {
      const h = headersFor(rules, urlPath);
      assert.ok(h['content-security-policy'], `CSP for ${urlPath}`);
      assert.equal(h['x-content-type-options'], 'nosniff');
      assert.equal(h['referrer-policy'], 'strict-origin-when-cross-origin');
      assert.equal(h['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      assert.match(h['permissions-policy'], /camera=\(\)/);
    }
  });

  test('in the built site, pages revalidate and only content-hashed files are cached for good', async (t) => {
    if (!existsSync(SITE)) {
      t.skip(`no built site at ${SITE}`);
      return;
    }
    const files = (await readdir(SITE, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => path.relative(SITE, path.join(d.parentPath ?? d.path, d.name)).split(path.sep).join('/'));
    assert.ok(files.includes('index.html'), 'the site has a home page');
    let hashed = 0;
    for (const rel of files) {
      const urlPath = rel.endsWith('index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
      const cache = headersFor(rules, urlPath)['cache-control'];
      if (rel.endsWith('.html')) {
        assert.equal(cache, SHORT_CACHE, `Cache-Control for ${urlPath}`);
      }
      if (/\.(css|js|mjs|wasm)$/.test(rel) && !UNHASHED_SCRIPTS.has(rel)) {
        assert.match(rel, HASHED_NAME, `${rel} is cached for a year, so its name must carry a content hash`);
      }
      if (cache?.includes('immutable')) {
        assert.equal(cache, LONG_CACHE);
        assert.match(rel, HASHED_NAME, `${urlPath} is immutable but its name has no content hash`);
        hashed += 1;
      } else {
        assert.equal(cache, SHORT_CACHE, `Cache-Control for ${urlPath}`);
      }
    }
    assert.ok(hashed > 0, 'the stylesheet, at least, is fingerprinted and cached for good');
  });
});

// Sends a raw request (no URL normalisation, unlike fetch) and collects the answer.
function rawRequest(origin, rawPath, method = 'GET') {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the test server', () => {
  let parent;
  let server;
  const SECRET = 'outside the site folder';

  before(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'brightspot-server-'));
    const site = path.join(parent, 'site');
    await mkdir(path.join(site, 'paper'), { recursive: true });
    await writeFile(path.join(parent, 'secret.txt'), SECRET);
    await writeFile(path.join(site, 'index.html'), '<!doctype html><title>home</title>');
    await writeFile(path.join(site, 'paper', 'index.html'), '<!doctype html><title>paper</title>');
    await writeFile(path.join(site, '404.html'), '<!doctype html><title>missing</title>');
    await writeFile(path.join(site, 'style.0123456789abcdef.css'), 'body{}');
    await writeFile(path.join(site, 'feed.xml'), '<feed/>');
    await writeFile(path.join(site, 'a b.txt'), 'spaced');
    await mkdir(path.join(site, 'bp'), { recursive: true });
    await writeFile(path.join(site, 'bp', 'index.html'), '<!doctype html><title>redirect page</title>');
    await writeFile(
      path.join(site, '_redirects'),
      '# comment\n/bp /paper/ 301!\n/old /paper/ 301\n/paper /elsewhere/ 301\n',
    );
    server = await startServer(site);
  });

  after(async () => {
    await server?.close();
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  test('binds to the loopback address', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('serves index.html for folders, with content types and netlify.toml headers', async () => {
    const home = await rawRequest(server.origin, '/');
    assert.equal(home.status, 200);
    assert.match(home.body, /<title>home/);
    assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(home.headers['cache-control'], SHORT_CACHE);
    assert.ok(home.headers['content-security-policy']);
    const paper = await rawRequest(server.origin, '/paper/');
    assert.match(paper.body, /<title>paper/);
    const css = await rawRequest(server.origin, '/style.0123456789abcdef.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.headers['cache-control'], LONG_CACHE);
    const feed = await rawRequest(server.origin, '/feed.xml');
    assert.equal(feed.headers['content-type'], 'application/xml; charset=utf-8');
    const spaced = await rawRequest(server.origin, '/a%20b.txt');
    assert.equal(spaced.body, 'spaced');
  });

  test('redirects a folder without its trailing slash, keeping the query', async () => {
    const r = await rawRequest(server.origin, '/paper?x=1');
    assert.equal(r.status, 301);
    assert.equal(r.headers.location, '/paper/?x=1');
  });

  test('applies _redirects: forced rules over files, others only where nothing is, query kept', async () => {
    for (const p of ['/bp', '/bp/']) {
      const r = await rawRequest(server.origin, `${p}?utm=slide`);
      assert.equal(r.status, 301, p);
      assert.equal(r.headers.location, '/paper/?utm=slide', p);
    }
    const old = await rawRequest(server.origin, '/old/');
    assert.equal(old.status, 301);
    assert.equal(old.headers.location, '/paper/');
    // An unforced rule is shadowed by the page that exists at its address.
    const shadowed = await rawRequest(server.origin, '/paper/');
    assert.equal(shadowed.status, 200);
    assert.match(shadowed.body, /<title>paper/);
    // Netlify consumes _redirects; it is not a page of the site.
    assert.equal((await rawRequest(server.origin, '/_redirects')).status, 404);
  });

  test('the _redirects reader refuses rules it does not implement, naming the line', () => {
    assert.deepEqual(parseRedirects('/a /b/ 302\n'), [{ from: '/a', to: '/b/', status: 302, force: false }]);
    assert.throws(() => parseRedirects('/a/* /b/:splat 301'), /_redirects:1: unsupported rule/);
    assert.throws(() => parseRedirects('/a /b 301 Country=us'), /_redirects:1/);
    assert.equal(redirectFor(parseRedirects('/a /b'), '/a/').to, '/b');
    assert.equal(redirectFor(parseRedirects('/a /b'), '/ab'), null);
  });

  test('answers a miss with 404.html and status 404', async () => {
    const r = await rawRequest(server.origin, '/nothing/here/');
    assert.equal(r.status, 404);
    assert.match(r.body, /<title>missing/);
  });

  test('never serves a file outside the site folder', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/paper/../../secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const r = await rawRequest(server.origin, p);
      assert.notEqual(r.status, 200, p);
      assert.ok(!r.body.includes(SECRET), `${p} leaked a file outside the site`);
    }
  });

  test('accepts only GET and HEAD', async () => {
    const post = await rawRequest(server.origin, '/', 'POST');
    assert.equal(post.status, 405);
    const head = await rawRequest(server.origin, '/', 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });
});
