#!/usr/bin/env bash
# RUSTC_WRAPPER for an "own code only" fuzz build: third-party crates (sources under Cargo's
# registry or git checkouts, and the standard library) are compiled without libFuzzer's
# sanitizer-coverage passes, so every counter the binary has is in this project's crates and the
# targets. libFuzzer is then guided by, and its `cov:` counts, only edges of our own code; a
# plateau of these is reachable where the full binary's count keeps creeping inside pulldown-cmark,
# toml, serde_yaml or biblatex. rustc offers no per-crate coverage allow-list
# (rust-lang/rust#124158), hence the wrapper. Usage (fuzz/README.md, "Session 16"):
#
#   cd fuzz && RUSTC_WRAPPER=$PWD/own-coverage-rustc.sh RUSTC_BOOTSTRAP=1 \
#     cargo fuzz build -s none --target-dir target-own markdown
set -euo pipefail
rustc=$1
shift
third_party=0
for arg in "$@"; do
  case $arg in
  */.cargo/registry/* | */.cargo/git/* | */rustlib/*) third_party=1 ;;
  esac
done
if [ "$third_party" -eq 0 ]; then
  exec "$rustc" "$@"
fi
args=()
skip_next=0
for arg in "$@"; do
  if [ "$skip_next" -eq 1 ]; then
    skip_next=0
    case $arg in
    passes=sancov-module | llvm-args=-sanitizer-coverage*) continue ;;
    *) args+=(-C "$arg"); continue ;;
    esac
  fi
  case $arg in
  -Cpasses=sancov-module | -Cllvm-args=-sanitizer-coverage*) ;;
  -C) skip_next=1 ;;
  *) args+=("$arg") ;;
  esac
done
exec "$rustc" "${args[@]}"
