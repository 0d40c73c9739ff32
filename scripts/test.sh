#!/usr/bin/env bash
# The project's whole test suite, and what it needs, in one command:
#
#   bash scripts/test.sh
#
# On a fresh Debian machine (as root) it first installs what is missing: Chromium and a Java
# runtime from Debian, the npm dev dependencies from package-lock.json. Then it runs, in order:
#   rustfmt, clippy (warnings are errors), every Rust test, cargo deny (licenses, bans, sources;
#   advisories with BRIGHTSPOT_DENY_ADVISORIES=1), a release build of the generator,
#   a build of this repository's site into a temporary folder, the browser tests
#   (tests/browser/, against that folder; the XSS corpus builds its own hostile site with the
#   release binary) and the W3C Nu HTML Checker over every HTML, CSS and SVG file of it, then a
#   few seconds of each fuzz target (fuzz/, cargo-fuzz on stable under RUSTC_BOOTSTRAP=1,
#   installed when missing).
# A failing step does not stop the later ones that do not depend on it; the script exits
# non-zero if anything failed and closes with one line of counts.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
STARTED=$SECONDS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/brightspot-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }
die() {
  printf 'test.sh: %s\n' "$*" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# What the tests need on the machine.

APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    die "missing $*; install it (as root: apt-get install -y --no-install-recommends $*) and run again"
  fi
  # Wait for another apt/dpkg run to finish rather than failing on its lock.
  local apt=(apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Retries=3)
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    "${apt[@]}" update
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  "${apt[@]}" install -y --no-install-recommends "$@"
}

[ -x /usr/bin/chromium ] || apt_install chromium
command -v java >/dev/null 2>&1 || apt_install default-jre-headless

if ! command -v cargo >/dev/null 2>&1 && [ -f "$HOME/.cargo/env" ]; then
  # shellcheck source=/dev/null
  . "$HOME/.cargo/env"
fi
command -v cargo >/dev/null 2>&1 || die "cargo is not installed (Rust comes from rustup)"
command -v node >/dev/null 2>&1 || die "node is not installed (node 20 or newer is needed)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: playwright-core needs node 20 or newer"

# npm ci only when node_modules is missing or was installed from another package-lock.json.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.brightspot-package-lock.sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "npm ci"
  npm ci --ignore-scripts --no-audit --no-fund
  echo "$lock_sum" >"$stamp"
fi

# ---------------------------------------------------------------------------------------------
# The steps. Each one's output is shown and kept in $WORK/<name>.log for the summary.

declare -a STEP_NAMES=() STEP_RESULTS=() STEP_TIMES=()
FAILED=0

# step NAME COMMAND...: run a step, record ok/FAILED and its duration.
step() {
  local name=$1
  shift
  say "$name: $*"
  local t0=$SECONDS rc=0
  "$@" 2>&1 | tee "$WORK/$name.log" || rc=$?
  # With pipefail, rc is the command's status unless tee itself failed.
  STEP_NAMES+=("$name")
  STEP_TIMES+=("$((SECONDS - t0))")
  if [ "$rc" -eq 0 ]; then
    STEP_RESULTS+=(ok)
  else
    STEP_RESULTS+=(FAILED)
    FAILED=1
  fi
  return "$rc"
}

skip() {
  STEP_NAMES+=("$1")
  STEP_TIMES+=(0)
  STEP_RESULTS+=("skipped ($2)")
  FAILED=1
}

# rustfmt colours its diff even into a pipe; colour only for a terminal.
fmt_color=never
[ -t 1 ] && fmt_color=always
step fmt cargo fmt --all -- --check --color "$fmt_color" || true
# The committed search runtime (runtime.wasm) must be built from the sources as they are.
step wasm-stamp scripts/build-wasm.sh --check || true
# So must the theme's minified scripts (static/) be minified from its sources (js/).
step js-stamp scripts/minify-js.sh --check || true
step clippy cargo clippy --locked --workspace --all-targets -- -D warnings || true
step cargo-test cargo test --locked --workspace --no-fail-fast || true

# Supply chain (deny.toml): licenses, banned duplicates, crates.io as the only source. cargo-deny
# comes from crates.io, built once and kept in cargo's bin folder. Its advisory check needs the
# RustSec database from GitHub, which this project's machines cannot reach: it runs only with
# BRIGHTSPOT_DENY_ADVISORIES=1, where the database can be fetched.
supply_chain() {
  if ! cargo deny --version >/dev/null 2>&1; then
    echo "cargo-deny is missing: cargo install --locked cargo-deny"
    cargo install --locked cargo-deny || return 1
  fi
  local checks=(licenses bans sources)
  if [ "${BRIGHTSPOT_DENY_ADVISORIES:-0}" = 1 ]; then
    checks+=(advisories)
  else
    echo "advisories: skipped (set BRIGHTSPOT_DENY_ADVISORIES=1 where the RustSec database can be fetched)"
  fi
  cargo deny --locked check "${checks[@]}"
}
step supply-chain supply_chain || true

SITE="$WORK/site"
html_files() {
  find "$SITE" -type f \( -name '*.html' -o -name '*.css' -o -name '*.svg' \) -print0 | sort -z
}
# Every HTML page, stylesheet and SVG image, checked in one run (the checker picks the
# grammar by extension); --errors-only: warnings are advice, errors fail.
vnu() {
  local files
  mapfile -d '' files < <(html_files)
  [ "${#files[@]}" -gt 0 ] || {
    echo "no HTML files in $SITE"
    return 1
  }
  echo "checking ${#files[@]} files"
  java -jar node_modules/vnu-jar/build/dist/vnu.jar --errors-only --also-check-css --also-check-svg \
    "${files[@]}"
}

# Wherever cargo puts its output (CARGO_TARGET_DIR, .cargo/config.toml or target/).
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')

if step release-build cargo build --locked --release; then
  # --strict, as Netlify builds: a case study over the page-weight budget fails the run.
  if step site-build "$TARGET_DIR/release/brightspot" build --strict --root "$ROOT" --output "$SITE"; then
    step browser-tests env BRIGHTSPOT_SITE="$SITE" BRIGHTSPOT_BIN="$TARGET_DIR/release/brightspot" node --test \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$WORK/browser.tap" \
      tests/browser/*.test.js || true
    step html-validation vnu || true
  else
    skip browser-tests "the site did not build"
    skip html-validation "the site did not build"
  fi
else
  skip site-build "the generator did not build"
  skip browser-tests "the generator did not build"
  skip html-validation "the generator did not build"
fi

# The fuzz targets (fuzz/ and search-runtime/fuzz/, their own workspaces), each run for a few seconds over its committed
# corpus: a smoke run, not a fuzzing campaign (fuzz/README.md says how to run one). cargo-fuzz
# needs nightly features; RUSTC_BOOTSTRAP=1 enables them on the stable toolchain.
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
# fuzz/ builds only the crates its targets call (model, markdown, content, request-path), so its
# instrumented build fits CI's budget (fuzz/README.md has the timings); FUZZ_DIRS picks fewer.
FUZZ_DIRS=${FUZZ_DIRS:-fuzz search-runtime/fuzz}
fuzz_smoke() {
  if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "installing cargo-fuzz (once; cargo keeps it in ~/.cargo/bin)"
    cargo install --locked cargo-fuzz || return 1
  fi
  export RUSTC_BOOTSTRAP=1
  local dir
  for dir in $FUZZ_DIRS; do
    (
      cd "$dir" || exit 1
      cargo fuzz build -s none -a || exit 1
      for target in $(cargo fuzz list); do
        mkdir -p "corpus/$target"
        echo "fuzz smoke: $dir $target for ${FUZZ_SECONDS}s"
        # The committed corpus is read, never grown: new inputs go to a scratch folder.
        scratch=$(mktemp -d "$WORK/fuzz-$target.XXXXXX")
        log="$scratch.log"
        if ! cargo fuzz run -s none -a "$target" "$scratch" "corpus/$target" -- \
          -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 >"$log" 2>&1; then
          tail -n 40 "$log"
          echo "fuzz smoke: $target failed; the input is in $dir/artifacts/$target/"
          exit 1
        fi
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
      done
    ) || return 1
  done
}
step fuzz-smoke fuzz_smoke || true

# ---------------------------------------------------------------------------------------------
# Summary: test counts from cargo and node's runner; each other step counts as one check.

passed=0
failed=0
skipped=0
for i in "${!STEP_NAMES[@]}"; do
  name=${STEP_NAMES[$i]}
  result=${STEP_RESULTS[$i]}
  case $name in
    cargo-test)
      read -r p f s < <(awk '/^test result:/ {
          for (i = 1; i <= NF; i++) {
            if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) s += $i
          } } END { print p+0, f+0, s+0 }' "$WORK/$name.log")
      ;;
    browser-tests)
      if [ -f "$WORK/browser.tap" ]; then
        read -r p f s < <(awk '/^# pass / {p=$3} /^# fail / {f=$3} /^# cancelled / {f+=$3}
          /^# skipped / {s+=$3} /^# todo / {s+=$3} END { print p+0, f+0, s+0 }' "$WORK/browser.tap")
      else
        p=0 f=0 s=0
      fi
      ;;
    *)
      p=0 f=0 s=0
      case $result in ok) p=1 ;; FAILED) f=1 ;; *) s=1 ;; esac
      ;;
  esac
  # A step that failed without a counted failure (e.g. it did not compile) still counts one.
  if [ "$result" = FAILED ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
  printf '%-16s %-32s %4ss  %s passed, %s failed\n' "$name" "$result" "${STEP_TIMES[$i]}" "$p" "$f"
done

total=$((SECONDS - STARTED))
if [ "$FAILED" -eq 0 ]; then
  echo "test.sh: everything passed in ${total}s"
else
  echo "test.sh: FAILED (see the steps above) after ${total}s"
fi
echo "summary: $passed passed, $failed failed, $skipped skipped"
exit "$FAILED"
