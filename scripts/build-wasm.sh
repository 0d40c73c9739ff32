#!/usr/bin/env bash
# Builds the browser search runtime (search-runtime/) to WebAssembly and commits-ready copies it
# to search-runtime/runtime.wasm with a stamp: the hash of the runtime's sources
# and of the locked versions of its dependencies. `scripts/build-wasm.sh --check` only compares
# the stamp with the sources (the test command runs it), so a change to the runtime that was not
# rebuilt fails the tests.
#
# Toolchain: the standard library is rebuilt with -Zbuild-std (RUSTC_BOOTSTRAP=1), so that
# panics abort at once (.cargo/config.toml). With rustup: `rustup target add
# wasm32-unknown-unknown` and `rustup component add rust-src`. Where rustup cannot download
# targets (this machine), Debian's toolchain works:
#   apt-get install -y --no-install-recommends rustc-web cargo-web rust-web-src lld-22
# and this script then uses /usr/bin/cargo and wasm-ld-22 (configured in .cargo/config.toml).
set -euo pipefail
cd "$(dirname "$0")/.."

# The generator embeds it and writes it into each site under a content-hashed name.
OUT=search-runtime/runtime.wasm
# Kept outside the theme so it is not copied into the site.
STAMP=search-runtime/wasm.stamp

stamp() {
  {
    # Sources, in a stable order.
    find search-runtime -type f \( -name '*.rs' -o -name 'Cargo.toml' \) -not -path '*/target/*' -not -path 'search-runtime/fuzz/*' \
      | LC_ALL=C sort | while read -r f; do echo "== $f"; cat "$f"; done
    # The locked versions (and checksums) of the runtime's dependencies.
    awk -v RS= '/name = "(frostem|itoa|search-runtime|strsim)"/' Cargo.lock
    # The flags the module is built with.
    sed -n '/^\[target.wasm32-unknown-unknown\]/,/^\[/p' .cargo/config.toml
    # The locked binaryen that runs wasm-opt.
    node -e 'const l = require("./package-lock.json").packages["node_modules/binaryen"];
      console.log(l.version, l.integrity)'
    # The build recipe itself.
    echo "== recipe"; sed -n '/^build()/,/^}/p' "$0"
  } | sha256sum | cut -d' ' -f1
}

build() {
  local target_dir=target/wasm
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
    RUSTC_BOOTSTRAP=1 cargo build -p search-runtime --lib --profile wasm \
      --target wasm32-unknown-unknown --target-dir "$target_dir" -Zbuild-std=std,panic_abort
  else
    PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 cargo build -p search-runtime --lib --profile wasm \
      --target wasm32-unknown-unknown --target-dir "$target_dir" \
      -Zbuild-std=std,panic_abort
  fi
  # wasm-opt from npm's binaryen (package-lock.json pins it; Debian's binaryen is older):
  # -Oz takes about a sixth off the raw module; the stamp covers its version, so a different
  # binaryen means a rebuild.
  if [ ! -x node_modules/.bin/wasm-opt ]; then
    echo "build-wasm.sh: node_modules/.bin/wasm-opt is missing; run npm ci --ignore-scripts" >&2
    exit 1
  fi
  # The features are those rustc enables by default for wasm32-unknown-unknown.
  node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-multivalue --enable-reference-types \
    "$target_dir/wasm32-unknown-unknown/wasm/search_runtime.wasm" -o "$OUT"
}

case "${1:-}" in
  --check)
    want=$(stamp)
    have=$(cat "$STAMP" 2>/dev/null || true)
    if [ "$want" != "$have" ] || [ ! -s "$OUT" ]; then
      echo "search runtime: $OUT is stale (stamp $have, sources $want); run scripts/build-wasm.sh" >&2
      exit 1
    fi
    echo "search runtime: $OUT matches its sources ($(wc -c <"$OUT") bytes)"
    ;;
  "")
    build
    stamp >"$STAMP"
    echo "built $OUT: $(wc -c <"$OUT") bytes, gzip $(gzip -9c "$OUT" | wc -c) bytes"
    ;;
  *)
    echo "usage: scripts/build-wasm.sh [--check]" >&2
    exit 2
    ;;
esac
