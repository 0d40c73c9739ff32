#!/usr/bin/env bash
# The integration tests as one binary (tests/main.rs, with serve's watcher tests in a second,
# tests/serve_main.rs) against one binary per test file, as the tests were laid out before
# (issue 16 item 7): the same code and the same tests, compiled and run in both layouts.
#
#   bench/tests/run.sh [ROUNDS]      ROUNDS defaults to 1 (each round: one layout, then the other)
#
# A copy of HEAD is made in a temporary folder; the per-file layout is written there by giving
# each module of tests/main.rs (and tests/serve_main.rs) a crate root of its own. Both layouts
# share one target folder, so dependencies are compiled once (a warm-up); each measurement
# removes the brightspot package's own artifacts (`cargo clean -p brightspot`: the library, the
# binary and every test binary) and times `cargo test --no-run` (compile and link) and then the
# test run. Prints one line per measurement with the load average; each layout's test output is
# kept in bench/tests/last-<layout>.log (ignored by git). BENCH_TARGET_DIR reuses a target
# folder (the dependencies compiled already) instead of a fresh one: only one whose workspace
# crates were last built from this same commit (cargo names them without their path and judges
# freshness by modification times, so another tree's build would be taken as up to date).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROUNDS=${1:-1}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/brightspot-tests-layout.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-$WORK/target}"
LOGS=$PWD/bench/tests

git archive HEAD | (mkdir -p "$WORK/one" && tar -x -C "$WORK/one")
cp -r "$WORK/one" "$WORK/per-file"
# The honesty tests read the source documents beside the project folder (../shared/sources).
[ -d ../shared ] && ln -s "$(cd ../shared && pwd)" "$WORK/shared"

# The per-file layout: tests/<module>_bin.rs holding `mod common; mod <module>;` for each module.
python3 - "$WORK/per-file" <<'PY'
import pathlib, re, sys
root = pathlib.Path(sys.argv[1])
mods = []
for main in ["tests/main.rs", "tests/serve_main.rs"]:
    mods += [m for m in re.findall(r"^mod (\w+);", (root / main).read_text(), re.M) if m != "common"]

def uses(m):
    """The other test modules module `m` (its file and its folder) names as `crate::x`."""
    files = [root / f"tests/{m}.rs"] + sorted((root / f"tests/{m}").rglob("*.rs"))
    text = "".join(f.read_text() for f in files if f.exists())
    return {u for u in re.findall(r"crate::(\w+)", text) if u in mods and u != m}
cargo = (root / "Cargo.toml").read_text()
cargo = re.sub(r'\[\[test\]\]\nname = "[^"]+"\npath = "[^"]+"\n\n', "", cargo)
entries = ""
for m in mods:
    # The modules it uses come along under another name (so their tests, run in their own
    # binary, are skipped here by `--skip _helpers::`), reachable as `crate::<name>`.
    extra = "".join(
        f"#[allow(dead_code, unused_imports)]\n#[path = \"{u}.rs\"]\nmod {u}_helpers;\nuse {u}_helpers as {u};\n"
        for u in sorted(uses(m)))
    (root / f"tests/{m}_bin.rs").write_text(
        f"#[allow(dead_code, unused_imports, unused_macros)]\nmod common;\n{extra}mod {m};\n")
    entries += f'[[test]]\nname = "{m}"\npath = "tests/{m}_bin.rs"\n\n'
cargo = cargo.replace("[dependencies]\n", entries + "[dependencies]\n", 1)
# insta names a snapshot by its module path, which starts with the binary's name: the one
# binary's `integration__citations__x.snap` is `citations__citations__x.snap` here.
snaps = root / "tests/snapshots"
for f in sorted(snaps.glob("integration__*.snap")):
    m = f.name.split("__")[1]
    (snaps / f.name.replace("integration__", f"{m}__", 1)).write_bytes(f.read_bytes())
(root / "Cargo.toml").write_text(cargo)
print(f"per-file layout: {len(mods)} test binaries", file=sys.stderr)
PY

load() { cut -d' ' -f1-3 /proc/loadavg; }
measure() {
  local layout=$1
  cd "$WORK/$layout"
  cargo clean -q -p brightspot
  local t0=$SECONDS
  cargo test --locked --workspace --no-run 2>"$LOGS/last-$layout.build" || {
    echo "$layout: the tests do not compile (bench/tests/last-$layout.build)" >&2
    exit 1
  }
  local compiled=$((SECONDS - t0))
  t0=$SECONDS
  local rc=0
  cargo test -q --locked --workspace --no-fail-fast -- --skip _helpers:: >"$LOGS/last-$layout.log" 2>&1 || rc=$?
  local ran=$((SECONDS - t0))
  local binaries
  binaries=$(grep -c "Executable tests/" "$LOGS/last-$layout.build" || true)
  printf '%-9s compile+link %4d s   run %4d s   (exit %d, %d integration-test binaries, load %s)\n' \
    "$layout" "$compiled" "$ran" "$rc" "$binaries" "$(load)"
  cd - >/dev/null
}

echo "warm-up: compiling the dependencies once" >&2
(cd "$WORK/one" && cargo test -q --locked --workspace --no-run 2>/dev/null)
for _ in $(seq "$ROUNDS"); do
  measure one
  measure per-file
done
