#!/usr/bin/env python3
"""Serve benchmark: time from a saved edit to the reload event that `brightspot serve` sends.

    python3 bench/serve/measure.py [--sizes 1000 10000] [--edits 7] [--bin target/release/brightspot]
                                   [--search] [--settle SECONDS]

For each corpus size N, generates the synthetic corpus (bench/gen_corpus.py, seed 2026) into a
temporary folder, starts `brightspot serve --port 0` on it, opens the server-sent event stream,
then repeatedly
  * edits one page's Markdown (a different page and a different sentence each time), and
  * edits the base template (a comment with a counter, so every page changes),
timing from just before the write to the moment `event: reload` arrives on the stream.
Edits are spaced so that each is its own rebuild. Prints a Markdown table (medians over the
edits, with min and max) and writes bench/out/serve.json (serve-search.json with --search,
which turns the corpus's search on). Standard library only.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class Events:
    """Reads `event:` names from the server-sent event stream on a thread, with arrival times."""

    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.sendall(f"GET /__brightspot/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        self.cond = threading.Condition()
        self.events = []  # (name, perf_counter at arrival)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buf = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buf += chunk
            while b"\n\n" in buf:
                block, buf = buf.split(b"\n\n", 1)
                for line in block.split(b"\n"):
                    if line.startswith(b"event: "):
                        with self.cond:
                            self.events.append((line[7:].decode().strip(), now))
                            self.cond.notify_all()

    def wait(self, after_index, timeout):
        """The first event at index >= after_index, or None after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.events) <= after_index:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)
            return self.events[after_index]


def start_server(binary, root):
    proc = subprocess.Popen(
        [binary, "serve", "--port", "0", "--root", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = []
    addr = None
    for line in proc.stderr:
        log.append(line.rstrip())
        m = re.search(r" at http://([^/]+)/", line)
        if m:
            addr = m.group(1)
            break
    if addr is None:
        proc.kill()
        sys.exit("serve did not start:\n" + "\n".join(log))
    # Keep draining stderr so the server never blocks on a full pipe; keep the rebuild lines.
    def drain():
        for line in proc.stderr:
            log.append(line.rstrip())
    threading.Thread(target=drain, daemon=True).start()
    host, port = addr.rsplit(":", 1)
    return proc, host, int(port), log


def timed_edit(events, path, new_text, timeout):
    index = len(events.events)
    # The clock starts before the write: on a busy machine the server may finish before this
    # process is scheduled again after writing.
    t0 = time.perf_counter()
    path.write_text(new_text)
    # An `ok` is a rebuild that changed nothing: a late second event of an earlier write (a
    # write is a truncate and a write, which a busy machine can deliver as two batches). It is
    # not this edit's answer; the reload is.
    while True:
        ev = events.wait(index, timeout)
        if ev is None:
            raise RuntimeError(f"no event within {timeout} s after editing {path}")
        name, t1 = ev
        if name != "ok":
            break
        index += 1
    if name != "reload":
        raise RuntimeError(f"expected a reload after editing {path}, got {name}")
    return (t1 - t0) * 1000.0


def measure(binary, n, edits, settle, search):
    work = Path(tempfile.mkdtemp(prefix=f"brightspot-serve-bench-{n}-"))
    try:
        subprocess.run(
            [sys.executable, str(REPO / "bench/gen_corpus.py"), str(n), str(work), "--seed", "2026"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        root = work / "brightspot"
        if search:
            config = root / "brightspot.toml"
            text = config.read_text()
            assert "search = false" in text
            config.write_text(text.replace("search = false", "search = true"))
        pages = sorted(p for p in (root / "content").rglob("*.md") if p.name != "_index.md")
        template = root / "themes/default/templates/base.html"
        template_text = template.read_text()
        proc, host, port, log = start_server(binary, root)
        try:
            events = Events(host, port)
            time.sleep(0.5)
            page_ms, template_ms = [], []
            timeout = 600
            for i in range(edits):
                page = pages[(i * 7919) % len(pages)]
                text = page.read_text()
                page_ms.append(timed_edit(events, page, text + f"\nEdited sentence number {i}.\n", timeout))
                time.sleep(settle)
            for i in range(edits):
                template_ms.append(
                    timed_edit(events, template, template_text + f"\n<!-- edit {i} -->\n", timeout)
                )
                time.sleep(settle)
            time.sleep(settle)
            rebuild_lines = [l for l in log if "rebuilt" in l]
        finally:
            proc.kill()
            proc.wait()
        return {"n": n, "page_ms": page_ms, "template_ms": template_ms, "server_log": rebuild_lines}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(xs):
    return f"{statistics.median(xs):,.0f} ms (min {min(xs):,.0f}, max {max(xs):,.0f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--edits", type=int, default=7, help="edits of each kind per size")
    ap.add_argument("--settle", type=float, default=0.3, help="seconds between edits")
    ap.add_argument("--bin", default=str(REPO / "target/release/brightspot"))
    ap.add_argument("--search", action="store_true",
                    help="turn the site's search on (serve rebuilds the index after each reload; "
                         "raise --settle above that rebuild's time)")
    args = ap.parse_args()
    results = []
    for n in args.sizes:
        print(f"measuring n={n}", file=sys.stderr)
        results.append(measure(args.bin, n, args.edits, args.settle, args.search))
    out = REPO / "bench/out"
    out.mkdir(parents=True, exist_ok=True)
    (out / ("serve-search.json" if args.search else "serve.json")).write_text(json.dumps(results, indent=2))
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, cores: {os.cpu_count()}, "
          f"load average: {os.getloadavg()[0]:.1f}")
    print()
    print("| pages | one-page edit → reload | template edit → reload | edits |")
    print("| ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['n']:,} | {summary(r['page_ms'])} | {summary(r['template_ms'])} | {len(r['page_ms'])} + {len(r['template_ms'])} |")


if __name__ == "__main__":
    main()
