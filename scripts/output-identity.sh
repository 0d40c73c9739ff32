#!/usr/bin/env bash
# Output identity: a change that should not change any output (a refactoring, a speed-up) builds
# byte-identical sites. This builds the generator of REV and of the working tree, runs each on
# its own tree's site and on the synthetic corpus (bench/gen_corpus.py, PAGES pages, seed 2026),
# and compares every file of the two outputs:
#
#   scripts/output-identity.sh [REV] [PAGES]       REV defaults to main, PAGES to 1000
#
# Exit 0 when every file is identical, 1 when any differs (diff -r's report is printed), 2 when
# a revision does not build. REV's files come from `git archive` (no worktree is added).
#
# Each side has its own target folder: REV's is `output-identity-rev/` inside this tree's (kept,
# so its dependencies are compiled once). Sharing one folder is wrong: cargo names a workspace
# crate's artifacts without its path and judges freshness by modification times, so the second
# side's build can take the first side's crates as up to date, and the comparison would be of
# one generator with itself. For the same reason REV's files are touched after extraction.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
REV=${1:-main}
PAGES=${2:-1000}

die() {
  printf 'output-identity: %s\n' "$*" >&2
  exit 2
}

git rev-parse --verify -q "$REV^{commit}" >/dev/null || die "'$REV' is not a commit (try main or HEAD~1)"
[[ $PAGES =~ ^[0-9]+$ ]] || die "PAGES must be a number of pages, not '$PAGES'"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/brightspot-identity.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Wherever cargo puts its output (CARGO_TARGET_DIR, .cargo/config.toml or target/).
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')

mkdir -p "$WORK/old-tree"
git archive "$REV" | tar -x -C "$WORK/old-tree"
# git archive gives every file its commit's time, older than an earlier REV's build in the same
# target folder, which cargo would then take as up to date: every file is made new.
find "$WORK/old-tree" -exec touch {} +

# side TREE NAME LABEL TARGET: TREE's generator (a release build), then TREE's site and its synthetic
# corpus built by it into $WORK/NAME/{site,corpus}.
side() {
  local tree=$1 out="$WORK/$2" label=$3 target=$4
  echo "output-identity: building the generator of $label" >&2
  (cd "$tree" && CARGO_TARGET_DIR="$target" cargo build --release --locked --quiet --bin brightspot) ||
    die "the generator of $label does not build"
  mkdir -p "$out"
  cp "$target/release/brightspot" "$WORK/$2-brightspot"
  "$WORK/$2-brightspot" build --root "$tree" --output "$out/site" >/dev/null 2>"$WORK/$2.log" ||
    die "$label fails to build the site: $(cat "$WORK/$2.log")"
  python3 "$tree/bench/gen_corpus.py" "$PAGES" "$WORK/$2-corpus" --seed 2026 >/dev/null
  "$WORK/$2-brightspot" build --root "$WORK/$2-corpus/brightspot" --output "$out/corpus" \
    >/dev/null 2>"$WORK/$2.log" || die "$label fails to build the corpus: $(cat "$WORK/$2.log")"
}
side "$WORK/old-tree" old "$REV" "$TARGET_DIR/output-identity-rev"
side "$ROOT" new "the working tree" "$TARGET_DIR"
cmp -s "$WORK/old-brightspot" "$WORK/new-brightspot" &&
  echo "output-identity: note: the two generators are the same file (the change is outside the Rust code)" >&2

files=$(find "$WORK/new" -type f | wc -l)
if diff -r "$WORK/old" "$WORK/new"; then
  echo "output-identity: all $files files identical to $REV's (the site and $PAGES corpus pages)"
else
  echo "output-identity: the output differs from $REV's (above)" >&2
  exit 1
fi
