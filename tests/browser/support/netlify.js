// Reads the [[headers]] rules from netlify.toml and applies them the way Netlify does, so the
// test server sends exactly the headers (CSP above all) that production sends.
//
// netlify.toml is parsed with a deliberately small TOML reader: tables, arrays of tables,
// and string/integer/boolean values on one line. Anything else is an error naming the line,
// so a richer netlify.toml fails loudly here instead of being half read.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const NETLIFY_TOML = fileURLToPath(new URL('../../../netlify.toml', import.meta.url));

const BARE_KEY = /^[A-Za-z0-9_-]+/;

function parseError(lineNo, message) {
  return new Error(`netlify.toml:${lineNo}: ${message}`);
}

// Reads a basic ("…") or literal ('…') string starting at s[0]; returns [value, rest].
function readString(s, lineNo) {
  const quote = s[0];
  let out = '';
  let i = 1;
  while (i < s.length) {
    const c = s[i];
    if (c === quote) return [out, s.slice(i + 1)];
    if (quote === '"' && c === '\\') {
      const e = s[i + 1];
      const simple = { '"': '"', '\\': '\\', b: '\b', t: '\t', n: '\n', f: '\f', r: '\r' };
      if (e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + len);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== len) {
          throw parseError(lineNo, `bad unicode escape \\${e}${hex}`);
        }
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + len;
      } else {
        throw parseError(lineNo, `unknown escape \\${e}`);
      }
      continue;
    }
    out += c;
    i += 1;
  }
  throw parseError(lineNo, 'unterminated string');
}

function readKey(s, lineNo) {
  if (s[0] === '"' || s[0] === "'") return readString(s, lineNo);
  const m = BARE_KEY.exec(s);
  if (!m) throw parseError(lineNo, `expected a key at "${s}"`);
  return [m[0], s.slice(m[0].length)];
}

// Dotted key like `context.deploy-preview` or `headers.values`.
function readDottedKey(s, lineNo) {
  const parts = [];
  let rest = s.trim();
  for (;;) {
    const [k, after] = readKey(rest, lineNo);
    parts.push(k);
    rest = after.trim();
    if (rest[0] !== '.') return [parts, rest];
    rest = rest.slice(1).trim();
  }
}

function stripComment(rest, lineNo) {
  const r = rest.trim();
  if (r !== '' && !r.startsWith('#')) throw parseError(lineNo, `unexpected "${r}"`);
}

function readValue(s, lineNo) {
  if (s.startsWith('"""') || s.startsWith("'''")) {
    throw parseError(lineNo, 'multi-line strings are not supported by this reader');
  }
  if (s[0] === '"' || s[0] === "'") return readString(s, lineNo);
  const m = /^(true|false|[+-]?\d+)(?=\s|#|$)/.exec(s);
  if (!m) throw parseError(lineNo, `unsupported value "${s}"`);
  const v = m[1] === 'true' ? true : m[1] === 'false' ? false : Number(m[1]);
  return [v, s.slice(m[0].length)];
}

// Walks `path` from `root`, creating tables; an array of tables resolves to its last element.
function descend(root, path, lineNo) {
  let t = root;
  for (const k of path) {
    if (!(k in t)) t[k] = {};
    t = t[k];
    if (Array.isArray(t)) t = t[t.length - 1];
    if (typeof t !== 'object' || t === null) throw parseError(lineNo, `"${k}" is not a table`);
  }
  return t;
}

export function parseToml(text) {
  const root = {};
  let current = root;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, idx) => {
    const lineNo = idx + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('[[')) {
      const [path, rest] = readDottedKey(line.slice(2), lineNo);
      if (!rest.startsWith(']]')) throw parseError(lineNo, 'expected ]]');
      stripComment(rest.slice(2), lineNo);
      const parent = descend(root, path.slice(0, -1), lineNo);
      const last = path[path.length - 1];
      if (!(last in parent)) parent[last] = [];
      if (!Array.isArray(parent[last])) throw parseError(lineNo, `"${last}" is not an array of tables`);
      const table = {};
      parent[last].push(table);
      current = table;
    } else if (line.startsWith('[')) {
      const [path, rest] = readDottedKey(line.slice(1), lineNo);
      if (!rest.startsWith(']')) throw parseError(lineNo, 'expected ]');
      stripComment(rest.slice(1), lineNo);
      current = descend(root, path, lineNo);
    } else {
      const [path, rest] = readDottedKey(line, lineNo);
      if (!rest.startsWith('=')) throw parseError(lineNo, 'expected =');
      const [value, after] = readValue(rest.slice(1).trim(), lineNo);
      stripComment(after, lineNo);
      const table = descend(current, path.slice(0, -1), lineNo);
      const key = path[path.length - 1];
      if (key in table) throw parseError(lineNo, `duplicate key "${key}"`);
      table[key] = value;
    }
  });
  return root;
}

export function readNetlifyConfig(file = NETLIFY_TOML) {
  return parseToml(readFileSync(file, 'utf8'));
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Netlify's path matching for header rules: `*` as a whole segment matches the rest of the
// path (including the folder itself), `*` inside a segment matches any characters (across
// slashes), `:name` matches one segment, and a trailing slash is optional. Case-insensitive.
export function ruleRegExp(forPath) {
  const parts = forPath.split('/').filter(Boolean);
  if (parts.length === 0) return /^\/$/i;
  let pattern = '^';
  for (const part of parts) {
    if (part.startsWith(':')) {
      pattern += '/[^/]+/?';
    } else if (part === '*') {
      pattern = pattern === '^' ? '^/?.*' : `${pattern.replace(/\/\?$/, '')}(?:|/|/.*)`;
    } else if (part.includes('*')) {
      pattern += `/${part.split('*').map(escapeRegExp).join('.*')}`;
    } else {
      pattern += `/${escapeRegExp(part)}/?`;
    }
  }
  return new RegExp(`${pattern}$`, 'i');
}

// The headers Netlify sends for a request path: every matching rule in file order, a later
// rule's value replacing an earlier one's for the same header name.
export function headersFor(rules, urlPath) {
  const out = {};
  for (const rule of rules) {
    if (!ruleRegExp(rule.for).test(urlPath)) continue;
    for (const [name, value] of Object.entries(rule.values ?? {})) {
      out[name.toLowerCase()] = String(value);
    }
  }
  return out;
}

export function headerRules(config = readNetlifyConfig()) {
  const rules = config.headers ?? [];
  for (const rule of rules) {
    if (typeof rule.for !== 'string' || !rule.for.startsWith('/')) {
      throw new Error(`netlify.toml: every [[headers]] needs for = "/…", got ${JSON.stringify(rule.for)}`);
    }
  }
  return rules;
}
