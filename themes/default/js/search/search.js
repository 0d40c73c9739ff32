// Brightspot search: the glue to the WebAssembly runtime (search-runtime/, built by
// scripts/build-wasm.sh), the /search/ page's UI and the header box's results as you type
// (started by boot.js on a page's first interaction with it). No framework, no inline code
// (the Content-Security-Policy allows only 'self' scripts and 'wasm-unsafe-eval').
//
// The runtime holds the manifest and the index files fetched so far. A query asks it which
// files it still needs (term shards; for a word the index lacks, the vocabulary of nearby
// lengths and then the corrections' shards; for a quoted phrase, positions files), fetches
// them (in parallel, each once), and runs; results are document numbers whose fragments
// (title, URL, excerpt text) are fetched only when shown. A small site also has one titles
// file (every page's title, URL and type), fetched with the first shards, so that the header
// box lists a keystroke's results at once and fills in their excerpts as fragments arrive.

const encoder = new TextEncoder();
// How many results' fragments stay in memory (least recently shown ones go first).
const FRAGMENTS_KEPT = 400;
const decoder = new TextDecoder();

/**
 * The head of a manifest, read without the runtime: the runtime's file name, the index folder,
 * whether it has a titles file and the first term of each term shard (after the magic and the
 * kind byte: two strings, the document count, the titles flag, then the shard starts; strings
 * are a LEB128 length and UTF-8; see search-runtime/src/format.rs). Enough to fetch a query's
 * likely shards and the titles while the runtime itself is still downloading.
 */
function manifestHead(manifest) {
  let at = 5;
  const varint = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = manifest[at++];
      if (b === undefined) throw new Error('the search manifest is truncated');
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  };
  const str = () => {
    const len = varint();
    const s = decoder.decode(manifest.subarray(at, at + len));
    at += len;
    return s;
  };
  const runtime = str();
  const folder = str();
  varint();
  const titles = varint() === 1;
  const starts = [];
  for (let n = varint(); n > 0; n -= 1) starts.push(str());
  return { runtime, folder, titles, starts };
}

// Code point order is UTF-8 byte order, the order the exporter sorted the terms in.
const codePoints = (s) => Array.from(s, (c) => c.codePointAt(0));
function before(a, b) {
  const [x, y] = [codePoints(a), codePoints(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i] < y[i];
  return x.length < y.length;
}

/**
 * The term shards a typed word's terms are likely in: the shard of the word and those after
 * it whose first term starts with it (`Manifest::shards_for_prefix` in the runtime). A hint
 * only: the runtime asks for what it needs itself, and a fetch made early is reused.
 */
function prefixShards(starts, word) {
  let first = 0;
  while (first + 1 < starts.length && !before(word, starts[first + 1])) first += 1;
  let last = first;
  while (last + 1 < starts.length && starts[last + 1].startsWith(word)) last += 1;
  return Array.from({ length: last - first + 1 }, (_, i) => `t/${first + i}.bin`);
}

/**
 * The bytes of an index-folder file: stored gzip-compressed (the exporter's `gzip`), so they
 * are small on the wire whatever the host compresses; the browser's own decompressor reads them.
 */
async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// At most this many index files are fetched on a guess before the runtime has loaded.
const EARLY_FILES = 4;

/**
 * The search index in the browser: `get(path)` resolves to the bytes of `search/<path>`;
 * `wasmName` is the runtime's file name there (content-hashed on the site). Without it, the
 * name is read from the manifest, one round trip later.
 */
export class Runtime {
  constructor(exports, get, info, early = new Map()) {
    this.x = exports;
    this.get = get;
    // Index files requested on a guess while the runtime loaded, by path in the folder.
    this.early = early;
    this.folder = info.folder;
    this.docs = info.docs;
    this.facets = info.facets;
    this.files = new Map();
    this.fragments = new Map();
    this.facetTable = null;
    // Resolves to whether the titles file is loaded (false when the site has none).
    this.titles = info.titles ? this.loadTitles() : Promise.resolve(false);
  }

  /**
   * Loads the manifest and the runtime. `typed()` gives what the box holds: when the manifest
   * arrives first (the runtime is most of the bytes), the shards of the words typed so far are
   * requested at once, so they download beside the runtime instead of after it.
   */
  static async load(get, wasmName, typed = () => '') {
    const manifestBytes = get('manifest.bin');
    const head = manifestBytes.then(manifestHead);
    const wasmBytes = wasmName ? get(wasmName) : head.then((h) => get(h.runtime));
    const early = new Map();
    head.then(({ folder, titles, starts }) => {
      if (titles) early.set('titles.bin', get(`${folder}/titles.bin`));
      const words = typed().toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
      for (const path of words.flatMap((w) => prefixShards(starts, w)).slice(0, EARLY_FILES)) {
        if (!early.has(path)) early.set(path, get(`${folder}/${path}`));
      }
    }, () => {});
    const [wasm, manifest] = await Promise.all([wasmBytes, manifestBytes]);
    const { instance } = await WebAssembly.instantiate(wasm, {});
    const x = instance.exports;
    const rt = Object.create(Runtime.prototype);
    rt.x = x;
    if (x.init(...rt.pass(manifest)) !== 0) throw new Error('the search index is damaged');
    const info = { ...JSON.parse(rt.out()), titles: (await head).titles };
    return new Runtime(x, get, info, early);
  }

  // Copies bytes (or a string) into a buffer the runtime takes ownership of.
  pass(data) {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const ptr = this.x.alloc(bytes.length);
    new Uint8Array(this.x.memory.buffer, ptr, bytes.length).set(bytes);
    return [ptr, bytes.length];
  }

  out() {
    return decoder.decode(new Uint8Array(this.x.memory.buffer, this.x.out_ptr(), this.x.out_len()));
  }

  // The decompressed bytes of a folder file (a path in the folder), taking over an early fetch.
  folderFile(path) {
    const bytes = this.early.get(path) ?? this.get(`${this.folder}/${path}`);
    this.early.delete(path);
    return bytes.then(gunzip);
  }

  // Fetches and adds one index file (as the runtime names it), once.
  file(path) {
    if (!this.files.has(path)) {
      const p = this.folderFile(path).then((bytes) => {
        if (this.x.add_file(...this.pass(path), ...this.pass(bytes)) !== 0) throw new Error(`bad index file ${path}`);
      });
      p.catch(() => this.files.delete(path));
      this.files.set(path, p);
    }
    return this.files.get(path);
  }

  async loadTitles() {
    try {
      return this.x.add_titles(...this.pass(await this.folderFile('titles.bin'))) === 0;
    } catch {
      // Without titles, results wait for their fragments as on a large site.
      return false;
    }
  }

  /** `{title, url, kind}` of document `doc`, HTML-escaped, from the titles file; null without one. */
  async title(doc) {
    if (!(await this.titles) || this.x.title(doc) !== 0) return null;
    return JSON.parse(this.out());
  }

  loadFacets() {
    if (!this.facetTable) {
      this.facetTable = this.folderFile('facets.bin').then((bytes) => {
        if (this.x.add_facets(...this.pass(bytes)) !== 0) throw new Error('bad facet table');
      });
    }
    return this.facetTable;
  }

  /**
   * `{total, fixed, hits: [[doc, score, words, exact]…]}` for `query` with `filters`
   * (`type=a,b;state=c`); `fixed` counts the words corrected for typos.
   */
  async search(query, filters = '', limit = 10) {
    // What a query needs unfolds as files arrive: a word's shard tells whether it needs a
    // typo correction, the vocabulary then names the corrections, whose shards come last.
    for (let round = 0; round < 6; round += 1) {
      this.x.missing(...this.pass(query));
      const need = JSON.parse(this.out());
      if (need.length === 0) break;
      await Promise.all(need.map((path) => this.file(path)));
    }
    if (filters) await this.loadFacets();
    this.x.search(...this.pass(query), ...this.pass(filters), limit);
    const result = JSON.parse(this.out());
    // Scores come as f32 bit patterns (see wasm.rs): read them back as numbers.
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    result.hits = result.hits.map(([doc, score, words, exact]) => {
      bits[0] = score;
      return [doc, float[0], words, exact];
    });
    return result;
  }

  /** `{title, url, kind, excerpt}` of a result, HTML-escaped, the excerpt with `<mark>`s. */
  async fragment(doc, words = 30) {
    // Each keystroke shows mostly the same results again: on a slow link, fetch each result's
    // fragment once and keep the most recent ones (a few hundred bytes each) in memory.
    let bytes = this.fragments.get(doc);
    if (bytes) {
      this.fragments.delete(doc);
    } else {
      bytes = this.get(`${this.folder}/d/${doc}.bin`);
      bytes.catch(() => this.fragments.delete(doc));
      if (this.fragments.size >= FRAGMENTS_KEPT) this.fragments.delete(this.fragments.keys().next().value);
    }
    this.fragments.set(doc, bytes);
    bytes = await gunzip(await bytes);
    if (this.x.fragment(...this.pass(bytes), words) !== 0) throw new Error(`bad fragment ${doc}`);
    return JSON.parse(this.out());
  }
}

/** The facets `root` has checkboxes for, in page order: the page names each checkbox by its
 * facet (from the search stage), so the names are written in one place. */
function facetNames(root) {
  return [...new Set([...root.querySelectorAll('input[type="checkbox"]')].map((box) => box.name))];
}

/** The checked filter boxes of `root`, as the runtime's `facet=id,id;…` spec. */
function filterSpec(root, except = null) {
  return facetNames(root).filter((name) => name !== except).map((name) => {
    const values = [...root.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);
    return values.length ? `${name}=${values.join(',')}` : '';
  }).filter(Boolean).join(';');
}

function readUrl(input, filters) {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get('q') || '';
  for (const box of filters.querySelectorAll('input[type="checkbox"]')) {
    box.checked = params.getAll(box.name).some((v) => v.split(',').includes(box.value));
  }
}

function writeUrl(input, filters, push) {
  const params = new URLSearchParams();
  if (input.value) params.set('q', input.value);
  for (const box of filters.querySelectorAll('input[type="checkbox"]:checked')) params.append(box.name, box.value);
  const query = params.toString();
  const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  window.history[push ? 'pushState' : 'replaceState'](null, '', url);
}

/** `get(path)` for `Runtime.load`: the bytes of `path` under the index's URL `base`. */
function fetcher(base) {
  return async (path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
}

const unescape = (html) => new DOMParser().parseFromString(html, 'text/html').documentElement.textContent;

/**
 * One result as a listbox option that is itself a real link, so a new tab, copying the link
 * and a long press work as on any link, while the combobox keeps the arrow keys.
 */
function option(f, id) {
  const a = document.createElement('a');
  a.id = id;
  a.className = 'search-result';
  a.href = unescape(f.url);
  a.setAttribute('role', 'option');
  a.setAttribute('aria-selected', 'false');
  a.tabIndex = -1;
  // Title, type and excerpt arrive HTML-escaped from the runtime; the excerpt's only markup is
  // <mark>.
  a.innerHTML = `<span class="search-result-title">${f.title}</span> <span class="search-result-kind">${f.kind}</span><span class="search-result-excerpt">${f.excerpt}</span>`;
  return a;
}

/**
 * The combobox pattern on `input` and its listbox `list`: the arrow keys move through the
 * options (ArrowDown reopens a closed list), Enter opens the active one, Escape closes the
 * list; a click or tap is the link's own.
 */
function combobox(input, list) {
  let active = -1;
  const options = () => [...list.querySelectorAll('[role="option"]')];
  const expand = (open) => {
    list.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const select = (i) => {
    const opts = options();
    if (opts.length === 0) return;
    active = (i + opts.length) % opts.length;
    opts.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
    input.setAttribute('aria-activedescendant', opts[active].id);
    opts[active].scrollIntoView({ block: 'nearest' });
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden && options().length > 0) expand(true);
      select(active + 1);
    } else if (e.key === 'ArrowUp') { e.preventDefault(); select(active - 1); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); window.location.href = options()[active].href; }
    else if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); expand(false); }
  });
  return {
    show(items, keep = 0) {
      list.removeAttribute('aria-busy');
      if (keep > 0) list.append(...items);
      else list.replaceChildren(...items);
      const n = list.children.length;
      if (active >= n) active = -1;
      list.hidden = n === 0;
      input.setAttribute('aria-expanded', String(n > 0));
      if (keep === 0) { active = -1; input.removeAttribute('aria-activedescendant'); }
    },
    close: () => expand(false),
    count: () => options().length,
    // Listed, with excerpts still to come.
    busy(on) {
      if (on) list.setAttribute('aria-busy', 'true');
      else list.removeAttribute('aria-busy');
    },
  };
}

/** The query with each corrected word replaced by the word the results show. */
function corrected(query, frags) {
  // The best result's spelling wins: it is the one the reader sees first.
  const fixes = new Map(frags.flatMap((f) => f.fixes ?? []).reverse().map(([typed, found]) => [unescape(typed), unescape(found)]));
  if (fixes.size === 0) return null;
  return query.replace(/[\p{L}\p{N}]+/gu, (w) => fixes.get(w.toLowerCase()) ?? w);
}

/** The live region's words for `n` results of `query`, `shown` of them, `fixed` its correction. */
function statusText(query, n, shown, fixed) {
  const count = n === 0 ? `No results for “${query}”` : `${n} result${n === 1 ? '' : 's'}`;
  const part = n > shown ? `, showing ${shown}` : '';
  return fixed && fixed.toLowerCase() !== query.toLowerCase()
    ? `Showing results for “${fixed}”: no page has “${query}”. ${count}${part}.`
    : `${count}${n > 0 ? ` for “${query}”` : ''}${part}${n > 0 ? '.' : ''}`;
}

/**
 * What the box shows as its input changes: the runtime's results as options (ids
 * `<prefix>-<i>`), `limit()` of them, with `words` words of excerpt, and the count (and any
 * correction) in the live region `status`. With `titlesFirst`, where the site has a titles
 * file, the options and count show as soon as the results are ranked and each excerpt is
 * filled in when its fragment arrives (a query with a typo correction waits for them: the
 * correction's spelling comes from the fragments). `after(query, result)` is told each
 * answer. An answer that arrives after a newer query started is dropped.
 */
function runner(rt, input, box, status, { limit, prefix, words, filters, titlesFirst = false, after = () => {} }) {
  let seq = 0;
  let shown = 0;
  let lastQuery = '';
  return async function run({ more = false } = {}) {
    const mine = ++seq;
    const query = input.value.trim();
    if (!query) {
      box.show([]);
      status.textContent = '';
      shown = 0;
      after('', null);
      return;
    }
    const spec = filters();
    const from = more && query === lastQuery ? shown : 0;
    const result = await rt.search(input.value, spec, from + limit);
    const hits = result.hits.slice(from);
    const n = result.total;
    const say = (text) => { if (status.textContent !== text) status.textContent = text; };
    const titles = titlesFirst && result.fixed === 0 && hits.length > 0
      ? await Promise.all(hits.map(([doc]) => rt.title(doc)))
      : [];
    let listed = null;
    if (titles.length > 0 && titles.every(Boolean)) {
      if (mine !== seq) return;
      listed = titles.map((t, i) => option({ ...t, excerpt: '' }, `${prefix}-${from + i}`));
      box.show(listed, from);
      box.busy(true);
      shown = from + listed.length;
      lastQuery = query;
      say(statusText(query, n, shown, null));
    }
    const frags = await Promise.all(hits.map(([doc]) => rt.fragment(doc, words)));
    if (mine !== seq) return;
    if (listed) {
      listed.forEach((a, i) => { a.querySelector('.search-result-excerpt').innerHTML = frags[i].excerpt; });
      box.busy(false);
    } else {
      box.show(frags.map((f, i) => option(f, `${prefix}-${from + i}`)), from);
    }
    shown = from + frags.length;
    lastQuery = query;
    say(statusText(query, n, shown, corrected(query, frags)));
    after(query, { total: n, shown, spec });
  };
}

/** Counts per filter value for `query`: with the other facets' filters, this value alone. */
async function facetCounts(rt, query, filters) {
  for (const name of facetNames(filters)) {
    const others = filterSpec(filters, name);
    for (const box of filters.querySelectorAll(`input[name="${name}"]`)) {
      const spec = [others, `${name}=${box.value}`].filter(Boolean).join(';');
      const { total } = query ? await rt.search(query, spec, 0) : { total: null };
      const label = box.closest('label');
      label.querySelector('[data-count]').textContent = total === null ? '' : `(${total})`;
      label.classList.toggle('none', total === 0);
    }
  }
}

async function start(root) {
  const input = document.getElementById('search-input');
  const form = input.form;
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const filters = document.getElementById('search-filters');
  const more = document.getElementById('search-more');
  let rt;
  try {
    rt = await Runtime.load(fetcher(new URL(root.dataset.index, window.location.href)), root.dataset.wasm, () => input.value || (new URLSearchParams(window.location.search).get('q') ?? ''));
  } catch (e) {
    status.textContent = `Search could not load (${e.message}). Use the index pages below.`;
    return;
  }
  document.getElementById('search-nojs').hidden = true;
  filters.hidden = false;
  // Beside the results on a wide screen, open; behind the "Filter" control on a phone.
  const wide = window.matchMedia('(min-width: 64rem)');
  filters.open = wide.matches;
  wide.addEventListener('change', () => { filters.open = wide.matches; });

  const box = combobox(input, list);
  const run = runner(rt, input, box, status, {
    limit: 10, prefix: 'search-result', words: 30, filters: () => filterSpec(filters),
    after: async (query, r) => {
      more.hidden = !r || r.shown >= r.total;
      if (r) more.textContent = `Show more results (${Math.min(10, r.total - r.shown)} of ${r.total - r.shown} more)`;
      const active = filterSpec(filters);
      filters.querySelector('summary').textContent = active ? `Filter (${active.split(/[;,]/).length} on)` : 'Filter';
      await facetCounts(rt, query, filters);
    },
  });
  more.addEventListener('click', async () => {
    const first = box.count();
    await run({ more: true });
    // Move on to the first new result, so keyboard and screen-reader users continue there.
    list.querySelector(`#search-result-${first}`)?.focus();
  });
  input.addEventListener('input', () => { writeUrl(input, filters, false); run(); });
  filters.addEventListener('change', () => { writeUrl(input, filters, true); run(); });
  form.addEventListener('submit', (e) => { e.preventDefault(); writeUrl(input, filters, true); run(); });
  window.addEventListener('popstate', () => { readUrl(input, filters); run(); });

  readUrl(input, filters);
  if (input.value) await run();
  root.dataset.ready = 'true';
}

/** Adds the stylesheet at `href` once; resolves when it has loaded. */
function stylesheet(href) {
  if (!href || document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return Promise.resolve();
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.append(link);
  });
}

/**
 * Results as you type in the header's search box (`form`, which carries the index's URL and
 * this stylesheet's in data attributes); boot.js calls it when the box is first used. Enter
 * without a chosen result still submits the form to /search/.
 */
export async function header(form) {
  const input = form.querySelector('input[name="q"]');
  const list = document.getElementById('site-search-results');
  const status = document.getElementById('site-search-status');
  let rt;
  try {
    [rt] = await Promise.all([
      Runtime.load(fetcher(new URL(form.dataset.index, window.location.href)), form.dataset.wasm, () => input.value),
      stylesheet(form.dataset.style),
    ]);
  } catch (e) {
    status.textContent = 'Search could not load here; press Enter to search on the search page.';
    return;
  }
  const box = combobox(input, list);
  const run = runner(rt, input, box, status, {
    limit: 8, prefix: 'site-search-result', words: 16, filters: () => '', titlesFirst: true,
  });
  input.addEventListener('input', run);
  // Clicking an option must not blur the box first (that closes the list).
  list.addEventListener('mousedown', (e) => e.preventDefault());
  form.addEventListener('focusout', (e) => { if (!form.contains(e.relatedTarget)) box.close(); });
  input.addEventListener('focus', () => { if (list.children.length > 0 && input.value.trim()) box.show([...list.children]); });
  if (input.value.trim()) await run();
  form.dataset.ready = 'true';
}

if (typeof document !== 'undefined') {
  const root = document.getElementById('search');
  if (root) start(root);
}
