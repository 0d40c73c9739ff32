#!/usr/bin/env bash
# Search benchmark: brightspot's index (tantivy, exported to static shards, wasm runtime) side by
# side with Pagefind (from npm) indexing the same built HTML, on the synthetic corpus at 1,000
# and 10,000 pages. Figures and how to read them: bench/README.md (Search).
#
#   bash bench/search/run.sh [SIZES...]     default: 1000 10000
#
# Needs: a release build of brightspot (built here), node with playwright-core (npm ci),
# /usr/bin/chromium, and npm access for Pagefind (installed into bench/out/tools, not the repo).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/bench/out/search
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
mkdir -p "$OUT"

cargo build --release --quiet
TOOLS=$ROOT/bench/out/tools
[ -x "$TOOLS/node_modules/.bin/pagefind" ] ||
  npm install --prefix "$TOOLS" --no-audit --no-fund --no-save "pagefind@$PAGEFIND_VERSION" >/dev/null
PAGEFIND=$TOOLS/node_modules/.bin/pagefind

# Bytes of a folder on disk, and as served compressed (gzip -9 per file; Pagefind's files are
# already gzip and count as they are).
sizes() {
  python3 - "$1" <<'PY'
import os, sys, zlib
raw = comp = n = 0
for dp, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        b = open(os.path.join(dp, f), 'rb').read()
        raw += len(b); n += 1
        comp += len(b) if b[:2] == b'\x1f\x8b' else len(zlib.compress(b, 9))
print(f'{n} files, {raw} bytes raw, {comp} bytes compressed')
PY
}

for n in "${@:-1000 10000}"; do
  for size in $n; do
    corpus=$OUT/n$size
    rm -rf "$corpus"
    python3 bench/gen_corpus.py "$size" "$corpus.gen" >/dev/null
    mv "$corpus.gen/brightspot" "$corpus"
    rm -rf "$corpus.gen" "$corpus/themes/default"
    cp -r themes/default "$corpus/themes/default"
    sed -i 's/^search = false/search = true/' "$corpus/brightspot.toml"

    echo "== $size pages"
    (cd "$corpus" && "$ROOT/target/release/brightspot" build -v 2>&1 | grep -E '^  (render|search) |built')
    echo "brightspot index: $(sizes "$corpus/public/search")"

    # Pagefind indexes the same HTML (without brightspot's index).
    rm -rf "$corpus/pf" && cp -r "$corpus/public" "$corpus/pf" && rm -rf "$corpus/pf/search"
    start=$(date +%s.%N)
    "$PAGEFIND" --site "$corpus/pf" >/dev/null
    echo "pagefind build: $(echo "$(date +%s.%N) - $start" | bc) s"
    echo "pagefind index: $(sizes "$corpus/pf/pagefind")"
    mv "$corpus/pf/pagefind" "$corpus/public/pagefind" && rm -rf "$corpus/pf"

    node bench/search/measure.mjs "$corpus/public" | tee "$OUT/browser-$size.json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for k, v in d.items():
    c, f, p, t = (v[x] for x in ("cold", "follow", "phrase", "typo"))
    print("%-10s cold %7d B %7s ms | follow-up %7d B %7s ms | phrase %7d B | typo %7d B | cached query p50 %s ms p95 %s ms"
          % (k, c["bytes"], c["ms"], f["bytes"], f["ms"], p["bytes"], t["bytes"], v["warm_p50_ms"], v["warm_p95_ms"]))
'
    # The header box over an emulated slow-3G link, key by key (bench/search/slow3g.mjs).
    node bench/search/slow3g.mjs "$corpus/public" health 3 >"$OUT/slow3g-$size.json"
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("slow 3G    first key %s ms | later keys median %s ms, max %s ms | %s requests per later key | retyped %s ms, %s requests"
      % (d["firstKeyMs"], d["laterKeysMs"]["median"], d["laterKeysMs"]["max"], d["requestsPerLaterKey"], d["retypedKeysMs"], d["retypedRequests"]))
' "$OUT/slow3g-$size.json"
  done
done
