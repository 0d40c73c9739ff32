#!/usr/bin/env python3
"""Builds every hostile case (bench/hostile/gen.py) with a brightspot binary and records wall
time, peak RSS, exit code and how much it printed, one Markdown table row per case.

    python3 bench/hostile/run.py BINARY CASES_DIR [--timeout 120] [CASE ...]

Each case is run once as `BINARY build --root CASE --output TMP` under `/usr/bin/time -v`
(CPU time = user + system, the figure to trust on a loaded machine),
at niceness 10 (the machine is shared), with its address space limited (4 GB by default) so a
blow-up fails instead of swapping. A run killed by the timeout is reported as such.
"""

import argparse
import os
import re
import resource
import signal
import subprocess
import tempfile
from pathlib import Path


def run(binary, site, timeout, cpu_limit, memory_mb):
    def limit():
        # Address space, so a blow-up fails in the child instead of swapping the shared machine;
        # CPU time, because wall time on a machine shared by eight engineers means little.
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit))

    with tempfile.TemporaryDirectory() as out:
        cmd = ["nice", "-n", "10", "/usr/bin/time", "-v", binary, "build",
               "--root", str(site), "--output", str(Path(out) / "public")]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=limit, start_new_session=True)
        try:
            _, stderr = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return {"status": f"killed after {timeout:.0f} s wall", "wall": None, "cpu": None,
                    "rss": None, "printed": 0}
    err = stderr.decode(errors="replace")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", err).group(1)
    secs = sum(float(x) * 60**i for i, x in enumerate(reversed(wall.split(":"))))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): (\S+)", err).group(1)) for k in ("User", "System"))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    # What brightspot itself printed: stderr before time's report.
    printed = len(err.split("\tCommand being timed")[0].encode())
    code = re.search(r"Exit status: (\d+)", err)
    signalled = re.search(r"Command terminated by signal (\d+)", err)
    if signalled and int(signalled.group(1)) in (9, 24):
        status = f"killed at {cpu_limit} s CPU"
    elif signalled:
        status = f"signal {signalled.group(1)}" + (" (out of memory)" if "memory allocation" in err else "")
    else:
        status = f"exit {code.group(1) if code else p.returncode}"
    return {"status": status, "wall": secs, "cpu": cpu, "rss": rss / 1024, "printed": printed}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("binary")
    p.add_argument("cases")
    p.add_argument("--timeout", type=float, default=300, help="wall-clock limit of a run")
    p.add_argument("--cpu", type=int, default=60, help="CPU-time limit of a run, in seconds")
    p.add_argument("--memory-mb", type=int, default=4096, help="address-space limit of a run")
    p.add_argument("case", nargs="*")
    a = p.parse_intermixed_args()
    names = a.case or sorted(d.name for d in Path(a.cases).iterdir() if d.is_dir())
    print("| case | input MB | result | CPU s | wall s | peak RSS MB | printed KB |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name in names:
        site = Path(a.cases) / name
        size = sum(f.stat().st_size for f in (site / "content").rglob("hostile.md"))
        r = run(a.binary, site, a.timeout, a.cpu, a.memory_mb)
        wall = "—" if r["wall"] is None else f"{r['wall']:.2f}"
        cpu = "—" if r["cpu"] is None else f"{r['cpu']:.2f}"
        rss = "—" if r["rss"] is None else f"{r['rss']:.0f}"
        print(f"| {name} | {size / 1e6:.1f} | {r['status']} | {cpu} | {wall} | {rss} | {r['printed'] / 1024:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
