#!/usr/bin/env python3
"""Times full builds of brightspot and Hugo on the generated corpora, interleaved.

    python3 bench/measure.py --brightspot BIN --hugo BIN --corpus DIR --out DIR \
        [--size N:WARMUP:RUNS ...] [--profile N] [--json FILE] [--rss-cap-mb MB]

For each size, the two tools run alternately (brightspot, hugo, brightspot, hugo, ...) so that a
change in machine load during the benchmark hits both alike. Every run is a clean build: the
output folder is deleted (and the deletion flushed) before the clock starts. Wall time comes
from a monotonic clock around the child process; CPU time and peak RSS from os.wait4's rusage
of that child alone. Other processes' CPU use during each run is taken from /proc/stat, so the
table says how much the machine was disturbed; --nice -15 (as root) gives the timed builds
priority over other work on a shared machine.

Every brightspot run is made with `-v`, so each timed build also gives its own stage laps; the
closing table lists each stage's median per size and per page, which shows a stage growing
faster than the site. --rss-cap-mb stops a build whose resident memory passes the cap (polled
every 0.2 s) and records how far it got instead of failing, for a peer that cannot build the
largest corpus within the machine's memory.

Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_jiffies():
    """Busy and total jiffies of all CPUs together, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


def loadavg():
    with open("/proc/loadavg") as f:
        return tuple(float(x) for x in f.read().split()[:3])


def rss_mb(pid):
    """Resident memory of a running process in MB, or 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_once(cmd, cwd, out_dir, nice=0, rss_cap_mb=None):
    """One clean build. Returns wall s, CPU s of the child, peak RSS MB, share of the machine's CPU
    used by other processes during the run, the child's stderr, and whether the cap stopped it."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.sync()
    hz = os.sysconf("SC_CLK_TCK")
    ncpu = os.cpu_count() or 1
    busy0, _ = cpu_jiffies()
    t0 = time.perf_counter()
    # stderr goes to a file, not a pipe: a chatty child cannot block, and the cap's polling
    # loop needs no reader thread.
    with tempfile.TemporaryFile() as err_file:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err_file,
                                preexec_fn=(lambda: os.nice(nice)) if nice else None)
        capped = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if rss_cap_mb and rss_mb(proc.pid) > rss_cap_mb:
                capped = True
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t0
        err_file.seek(0)
        err = err_file.read().decode(errors="replace")
    busy1, _ = cpu_jiffies()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and not capped:
        sys.exit(f"{cmd[0]} failed ({proc.returncode}):\n{err}")
    cpu = usage.ru_utime + usage.ru_stime
    foreign = max(0.0, (busy1 - busy0) / hz - cpu) / (wall * ncpu)
    return {"wall": wall, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "foreign": foreign,
            "stderr": err, "capped": capped}


def stage_laps(stderr):
    """The stage laps `brightspot -v` prints (name, ms) in order, and its total."""
    laps = [(m.group(1), float(m.group(2)))
            for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) ms$", stderr, re.M)]
    total = re.search(r"in (\d+) ms$", stderr.strip(), re.M)
    if total:
        laps.append(("total", float(total.group(1))))
    return laps


def count_output(out_dir):
    html = files = size = 0
    for dirpath, _, names in os.walk(out_dir):
        for n in names:
            if n.startswith("."):
                continue  # brightspot's output stamp
            files += 1
            size += os.path.getsize(os.path.join(dirpath, n))
            html += n.endswith(".html")
    return {"html": html, "files": files, "mb": size / 1e6}


def commands(tool, args, n):
    corpus = Path(args.corpus) / f"n{n}" / tool
    out = (Path(args.out) / f"{tool}-{n}").resolve()
    if tool == "brightspot":
        cmd = [args.brightspot, "-v", "build", "--root", str(corpus), "--output", str(out)]
    else:
        # --quiet: the summary table is the only thing hugo would print; brightspot prints one line.
        cmd = [args.hugo, "--quiet", "--source", str(corpus), "--destination", str(out)]
    return cmd, out


def bench_size(args, n, warmup, runs):
    tools = ["brightspot", "hugo"]
    results = {t: [] for t in tools}
    load_before = loadavg()
    for i in range(warmup + runs):
        for tool in tools:
            cmd, out = commands(tool, args, n)
            r = run_once(cmd, None, out, args.nice, args.rss_cap_mb)
            label = "warm-up" if i < warmup else f"run {i - warmup + 1}"
            note = f"  STOPPED at the {args.rss_cap_mb} MB cap" if r["capped"] else ""
            print(f"  n={n:<6} {tool:<10} {label:<8} {r['wall'] * 1000:8.0f} ms  "
                  f"cpu {r['cpu'] * 1000:7.0f} ms  rss {r['rss_mb']:6.1f} MB  "
                  f"others {r['foreign'] * 100:4.0f}%{note}", file=sys.stderr, flush=True)
            if i >= warmup:
                results[tool].append(r)
    load_after = loadavg()
    rows = []
    for tool in tools:
        _, out = commands(tool, args, n)
        rs = results[tool]
        done = [r for r in rs if not r["capped"]] or rs
        stages = {}
        for r in done:
            for name, ms in stage_laps(r["stderr"]):
                stages.setdefault(name, []).append(ms)
        rows.append({
            "tool": tool,
            "n": n,
            "runs": len(rs),
            "capped": sum(r["capped"] for r in rs),
            "median_ms": statistics.median(r["wall"] for r in done) * 1000,
            "min_ms": min(r["wall"] for r in done) * 1000,
            "cpu_ms": statistics.median(r["cpu"] for r in done) * 1000,
            "rss_mb": max(r["rss_mb"] for r in rs),
            "others_pct": max(r["foreign"] for r in rs) * 100,
            "output": count_output(out),
            "walls_ms": [round(r["wall"] * 1000, 1) for r in rs],
            "stages": {k: statistics.median(v) for k, v in stages.items()},
        })
    return rows, load_before, load_after


def stage_table(rows):
    """brightspot's stage laps per size: median ms and ms per 1,000 pages, so that a stage
    growing faster than the site stands out."""
    mine = [r for r in rows if r["tool"] == "brightspot" and r["stages"]]
    if not mine:
        return ""
    names = list(mine[0]["stages"])
    head = "| stage | " + " | ".join(f"{r['n']} pages: ms (ms per 1k pages)" for r in mine) + " |"
    lines = [head, "| --- |" + " ---: |" * len(mine)]
    for name in names:
        cells = []
        for r in mine:
            ms = r["stages"].get(name)
            cells.append("—" if ms is None else f"{ms:.0f} ({ms * 1000 / r['n']:.0f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def profile(args, n, repeats=3):
    """Median of brightspot's own per-stage timings (`-v`) over a few more clean builds."""
    cmd, out = commands("brightspot", args, n)
    stages = {}
    for _ in range(repeats):
        r = run_once(cmd, None, out, args.nice)
        for name, ms in stage_laps(r["stderr"]):
            stages.setdefault(name, []).append(ms)
    return [(name, statistics.median(v)) for name, v in stages.items()]


def table(rows):
    by = {(r["tool"], r["n"]): r for r in rows}
    lines = [
        "| tool | pages | runs | median wall ms | min ms | ms/page | CPU ms | peak RSS MB "
        "| HTML files | output MB | others' CPU (max) | brightspot / hugo |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        hugo = by.get(("hugo", r["n"]))
        ratio = f"{r['median_ms'] / hugo['median_ms']:.2f}×" if r["tool"] == "brightspot" and hugo else ""
        runs = f"{r['runs']} ({r['capped']} stopped at the cap)" if r["capped"] else r["runs"]
        lines.append(
            f"| {r['tool']} | {r['n']} | {runs} | {r['median_ms']:.0f} | {r['min_ms']:.0f} "
            f"| {r['median_ms'] / r['n']:.3f} | {r['cpu_ms']:.0f} | {r['rss_mb']:.0f} "
            f"| {r['output']['html']} | {r['output']['mb']:.1f} | {r['others_pct']:.0f}% | {ratio} |"
        )
    return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--brightspot", required=True)
    ap.add_argument("--hugo", required=True)
    ap.add_argument("--corpus", required=True, help="folder holding n<N>/{brightspot,hugo}")
    ap.add_argument("--out", required=True, help="folder for the built sites")
    ap.add_argument("--size", action="append", default=[], metavar="N:WARMUP:RUNS")
    ap.add_argument("--profile", type=int, metavar="N", help="also report brightspot -v stages at N")
    ap.add_argument("--json", type=Path, help="write all figures here")
    ap.add_argument("--nice", type=int, default=0,
                    help="niceness of the timed builds; negative (needs root) shields them from "
                         "other processes' CPU load")
    ap.add_argument("--rss-cap-mb", type=float,
                    help="stop a build whose resident memory passes this many MB and report it")
    args = ap.parse_args(argv)

    rows, loads = [], []
    for spec in args.size:
        n, warmup, runs = (int(x) for x in spec.split(":"))
        r, before, after = bench_size(args, n, warmup, runs)
        rows.extend(r)
        loads.append({"n": n, "before": before, "after": after})
    print(table(rows))
    print()
    for l in loads:
        print(f"load average (1, 5, 15 min) at n={l['n']}: before {l['before']}, after {l['after']}")
    for r in rows:
        o = r["output"]
        print(f"{r['tool']} n={r['n']}: {o['html']} HTML files, {o['files']} files, {o['mb']:.1f} MB; "
              f"runs {r['walls_ms']} ms")
    by_size = stage_table(rows)
    if by_size:
        print("\nbrightspot -v stages of the timed runs (median):")
        print(by_size)
    stages = None
    if args.profile:
        stages = profile(args, args.profile)
        print(f"\nbrightspot -v stages at n={args.profile} (median of 3 clean builds):")
        print("| stage | ms |\n| --- | ---: |")
        for s, ms in stages:
            print(f"| {s} | {ms:.0f} |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"rows": rows, "loads": loads, "stages": stages}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
