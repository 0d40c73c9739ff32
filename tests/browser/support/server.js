// A small static file server for the built site, behaving like Netlify where the tests can
// see it: the site's `_redirects` rules apply first (a forced `301!` rule even where a file
// exists, an unforced one only where none does; a rule matches with or without a trailing
// slash and keeps the query string), folders serve index.html, a folder without its trailing
// slash redirects, misses serve /404.html with status 404, every response carries the headers
// netlify.toml gives its path, and text is gzipped for a client that accepts it, as Netlify
// compresses it. Bound to 127.0.0.1 on an ephemeral port; a test can cut the network (setOffline).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { headerRules, headersFor } from './netlify.js';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.bib': 'application/x-bibtex; charset=utf-8',
  '.ris': 'application/x-research-info-systems; charset=utf-8',
  '.pdf': 'application/pdf',
};

// Content types Netlify compresses: text, scripts, data, SVG and WebAssembly, not images.
const COMPRESSED = /^(text\/|application\/(javascript|json|xml|wasm|manifest\+json|octet-stream|x-bibtex|x-research-info-systems)|image\/svg)/;

export function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

async function fileAt(p) {
  try {
    const s = await stat(p);
    return s;
  } catch {
    return null;
  }
}

// Maps a URL path to a file inside root, or null if the path tries to leave it.
export function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const full = path.resolve(root, `.${decoded}`);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  return full;
}

// Netlify's `_redirects` format, as far as the generator writes it: `from to [status][!]`
// per line, `#` comments. Anything else (placeholders, splats, conditions) is refused, so a
// test never silently ignores a rule it does not understand.
export function parseRedirects(text) {
  const rules = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    const m = /^(\d{3})(!?)$/.exec(parts[2] ?? '301');
    if (parts.length > 3 || !m || !parts[0].startsWith('/') || /[*:]/.test(parts[0])) {
      throw new Error(`_redirects:${i + 1}: unsupported rule: ${line}`);
    }
    rules.push({ from: parts[0], to: parts[1], status: Number(m[1]), force: m[2] === '!' });
  });
  return rules;
}

// The rule for a URL path: Netlify matches a rule with or without the trailing slash.
export function redirectFor(rules, urlPath) {
  const bare = (p) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return rules.find((r) => bare(r.from) === bare(urlPath)) ?? null;
}

// `redirects: false` serves the site as a host without redirect files would.
export async function startServer(siteDir, { rules = headerRules(), redirects: honour = true } = {}) {
  const root = path.resolve(siteDir);
  const rootStat = await fileAt(root);
  if (!rootStat?.isDirectory()) throw new Error(`site folder ${root} does not exist`);
  const notFoundPage = path.join(root, '404.html');
  const redirectsFile = path.join(root, '_redirects');
  const redirects = honour && (await fileAt(redirectsFile))
    ? parseRedirects(await readFile(redirectsFile, 'utf8'))
    : [];

  let cut = false;
  const server = createServer(async (req, res) => {
    if (cut) {
      req.socket.destroy();
      return;
    }
    const send = async (status, file, extra = {}) => {
      let body = file ? await readFile(file) : Buffer.alloc(0);
      const headers = { ...headersFor(rules, urlPath), ...extra };
      if (file) {
        headers['content-type'] = contentType(file);
        if (COMPRESSED.test(headers['content-type'])) {
          headers.vary = 'Accept-Encoding';
          if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
            body = gzipSync(body);
            headers['content-encoding'] = 'gzip';
          }
        }
      }
      headers['content-length'] = String(body.length);
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const url = new URL(req.url, 'http://127.0.0.1');
    const urlPath = url.pathname;
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        await send(405, null, { allow: 'GET, HEAD' });
        return;
      }
      const full = resolveInside(root, urlPath);
      if (full === null) {
        await send(400, null);
        return;
      }
      // Netlify reads `_redirects` and does not publish it.
      let s = full === redirectsFile ? null : await fileAt(full);
      const redirect = redirectFor(redirects, urlPath);
      const indexed = s?.isDirectory() ? await fileAt(path.join(full, 'index.html')) : s;
      if (redirect && (redirect.force || !indexed?.isFile())) {
        await send(redirect.status, null, { location: `${redirect.to}${url.search}` });
        return;
      }
      if (s?.isDirectory()) {
        if (!urlPath.endsWith('/')) {
          await send(301, null, { location: `${urlPath}/${url.search}` });
          return;
        }
        const index = path.join(full, 'index.html');
        s = await fileAt(index);
        if (s?.isFile()) {
          await send(200, index);
          return;
        }
      } else if (s?.isFile()) {
        await send(200, full);
        return;
      }
      if (await fileAt(notFoundPage)) await send(404, notFoundPage);
      else await send(404, null);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    root,
    // Cuts the network (true) or brings it back (false): while cut, every connection is dropped
    // unanswered, for the page and its service worker alike (Chromium's offline emulation does
    // not reach a service worker's own fetches in every version).
    setOffline: (offline) => {
      cut = offline;
      if (offline) server.closeAllConnections();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
