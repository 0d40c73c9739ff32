#!/usr/bin/env bash
# Regenerates vendor/decap-cms/ (the web editor at /admin/) from the decap-cms npm package that
# package-lock.json pins, so a build never needs npm:
#
#   npm ci --ignore-scripts --no-audit --no-fund && bash scripts/vendor-decap.sh
#
# Copied: the bundle (decap-cms.js), the chunks it loads on demand (<n>.decap-cms.js: code
# editor modes, the image encoders' glue), the WebAssembly those encoders use, and the licences
# (the bundle's third-party notices; Decap's own MIT licence, which the package carries only in
# its sub-packages). Source maps and the duplicate cms.js build are left out. The browser test
# tests/browser/admin.test.js checks that every vendored file equals the package's.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PKG=node_modules/decap-cms
DIST=$PKG/dist
OUT=vendor/decap-cms
[ -f "$DIST/decap-cms.js" ] || {
  echo "vendor-decap.sh: $DIST/decap-cms.js is missing: run npm ci --ignore-scripts first" >&2
  exit 2
}
version=$(node -p "require('./$PKG/package.json').version")
pinned=$(node -p "require('./package.json').devDependencies['decap-cms']")
[ "$version" = "$pinned" ] || {
  echo "vendor-decap.sh: node_modules has decap-cms $version but package.json pins $pinned: run npm ci" >&2
  exit 2
}

rm -rf "$OUT"
mkdir -p "$OUT"
cp "$DIST/decap-cms.js" "$DIST/decap-cms.js.LICENSE.txt" "$OUT/"
cp "$DIST"/[0-9]*.decap-cms.js "$OUT/"
cp "$DIST"/*.wasm "$OUT/"
cp node_modules/decap-cms-lib-auth/LICENSE "$OUT/LICENSE"
echo "$version" >"$OUT/VERSION"
echo "vendored decap-cms $version: $(find "$OUT" -type f | wc -l) files, $(du -sh "$OUT" | cut -f1)"
