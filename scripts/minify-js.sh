#!/usr/bin/env bash
# Minifies the theme's scripts: themes/default/js/ holds them as written (read and edit those),
# themes/default/static/ the minified copies the site serves, with terser (package-lock.json pins
# it), so a phone on a slow link fetches about half the bytes. `scripts/minify-js.sh --check`
# only compares the stamp with the sources (the test command runs it): a script edited but not
# minified again fails the tests. Node is needed only to minify, never to build a site.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=themes/default/js
OUT=themes/default/static
STAMP=themes/default/js.stamp
# Module scripts: their top-level names are private, so terser may shorten them too.
MODULES="search/search.js search/boot.js preview.js filter.js"
# Classic scripts (loaded with a plain <script src>).
CLASSIC="sw-register.js"

stamp() {
  {
    for f in $MODULES $CLASSIC; do echo "== $f"; cat "$SRC/$f"; done
    node -e 'const l = require("./package-lock.json").packages["node_modules/terser"];
      console.log(l.version, l.integrity)'
    echo "== recipe"; sed -n '/^build()/,/^}/p' "$0"
    for f in $MODULES $CLASSIC; do echo "== out $f"; cat "$OUT/$f" 2>/dev/null || true; done
  } | sha256sum | cut -d' ' -f1
}

build() {
  if [ ! -x node_modules/.bin/terser ]; then
    echo "minify-js.sh: node_modules/.bin/terser is missing; run npm ci --ignore-scripts" >&2
    exit 1
  fi
  for f in $MODULES $CLASSIC; do
    local module=()
    case " $MODULES " in *" $f "*) module=(--module) ;; esac
    mkdir -p "$(dirname "$OUT/$f")"
    {
      echo "// Minified from themes/default/js/$f by scripts/minify-js.sh: edit that file."
      node_modules/.bin/terser "$SRC/$f" "${module[@]}" --compress --mangle --comments false
      echo
    } >"$OUT/$f"
  done
}

case "${1:-}" in
  --check)
    want=$(stamp)
    have=$(cat "$STAMP" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
      echo "theme scripts: $OUT is not the minified $SRC (stamp $have, sources $want); run scripts/minify-js.sh" >&2
      exit 1
    fi
    echo "theme scripts: $OUT matches $SRC"
    ;;
  "")
    build
    stamp >"$STAMP"
    echo "minified $(echo $MODULES $CLASSIC | wc -w) scripts into $OUT"
    ;;
  *)
    echo "usage: scripts/minify-js.sh [--check]" >&2
    exit 2
    ;;
esac
