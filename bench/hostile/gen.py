#!/usr/bin/env python3
"""Generates hostile inputs for bench/hostile/run.sh: each case is a copy of the `evidence`
test fixture (a complete small site with case studies, taxonomies and a bibliography) plus one
adversarial file. Deterministic: the same arguments always write the same bytes.

    python3 bench/hostile/gen.py OUT_DIR [--scale 1.0] [CASE ...]

`--scale` multiplies every count (0.1 for a quick look); without CASE names every case is
written. Each case becomes OUT_DIR/<case>/, a site to build with `brightspot check --root`.
"""

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "evidence"
KEYS = ["kania2011", "turner2012", "varda2018", "chang2012"]

NOTE = '+++\ntitle = "Hostile"\nsummary = "A hostile page."\n+++\n'


def case_study(front_extra: str, body: str) -> str:
    """The fixture's Harbor Link case study with extra front-matter lines and body text."""
    text = (FIXTURE / "content" / "case-studies" / "harbor-link.md").read_text()
    head, rest = text.split("aliases = []\n", 1)
    return head + "aliases = []\n" + front_extra + rest + body


def big_page(n: int) -> str:
    """About 20 MB at n = 1: every Markdown construct the site uses, over and over."""
    blocks = []
    for i in range(int(59000 * n)):
        k = KEYS[i % len(KEYS)]
        blocks.append(
            f"## Section {i}\n\n"
            f"Partners in network {i} *met* **monthly** [@{k}, p. {i}] and "
            f"[read the paper](@/paper/01-why-integrators.md); see https://example.org/{i}.\n\n"
            f"- item one of {i}\n- item two with `code {i}`\n  - nested [^n{i}]\n\n"
            f"| a | b |\n|:--|--:|\n| {i} | {k} |\n\n"
            f"> quoted {i} @{k} says\n\n[^n{i}]: Footnote {i}.\n\n"
        )
    return NOTE + "".join(blocks)


def slow_fence() -> str:
    """The fuzz target's slow input as one closed `markdown` fence, control characters dropped
    (the page is otherwise valid, so the build highlights it rather than stopping at them)."""
    raw = (ROOT / "fuzz/corpus/markdown/slow-markdown-fence-of-backslashes-and-brackets").read_text(
        errors="replace"
    )
    fence = raw[raw.index("```markdown") + len("```markdown") :].replace("```", "")
    fence = "".join(c for c in fence if c in "\n\t" or ord(c) >= 0x20 and c != "\x7f")
    return "```markdown" + fence + "\n```\n\n"


def cases(s: float):
    """name -> {relative path: text}."""
    n = lambda count: max(1, int(count * s))  # noqa: E731
    note = "content/notes/hostile.md"
    cs = "content/case-studies/hostile.md"
    return {
        # The cases.
        "bad-ids-one-line": {
            cs: case_study(
                "",
                "",
            ).replace(
                'functions = ["engage-partners", "shared-goals", "data-and-learning"]',
                "functions = [" + ", ".join(f'"bad-{i}"' for i in range(n(20000))) + "]",
            )
        },
        "bad-citations": {note: NOTE + " ".join(f"[@nokey{i}]" for i in range(n(100000))) + "\n"},
        "bad-links": {
            note: NOTE + " ".join(f"[x](@/nowhere{i}.md)" for i in range(n(100000))) + "\n"
        },
        "footnotes": {
            note: NOTE
            + "".join(f"Text[^{i}].\n\n" for i in range(n(100000)))
            + "".join(f"[^{i}]: Note {i}.\n" for i in range(n(100000)))
        },
        "open-citations": {note: NOTE + "[@" * n(300000) + "\n"},
        "valid-citations": {
            note: NOTE + " ".join(f"[@{KEYS[i % 4]}]" for i in range(n(100000))) + "\n"
        },
        # Others found while profiling.
        "open-brackets": {note: NOTE + "[x " * n(300000) + "]\n"},
        "cite-lists": {note: NOTE + "[@kania2011;" * n(300000) + "x]\n"},
        "narrative-citations": {note: NOTE + " ".join(f"@{KEYS[i % 4]}" for i in range(n(200000))) + "\n"},
        "headings": {note: NOTE + "".join(f"## Results\n\ntext\n\n" for _ in range(n(100000)))},
        "links": {
            note: NOTE
            + " ".join(f"[p{i}](@/paper/01-why-integrators.md)" for i in range(n(100000)))
            + "\n"
        },
        "list-items": {note: NOTE + "".join(f"- item {i}\n" for i in range(n(500000)))},
        "nested-lists": {note: NOTE + "".join("  " * i + "- x\n" for i in range(n(2000)))},
        "nested-emphasis": {note: NOTE + "*a " * n(100000) + "b" + " c*" * n(100000) + "\n"},
        "nested-quotes": {note: NOTE + ">" * n(100000) + " deep\n"},
        "huge-table": {
            note: NOTE
            + "| " + " | ".join(f"h{i}" for i in range(50)) + " |\n"
            + "|" + "---|" * 50 + "\n"
            + "".join("| " + " | ".join(f"c{r}" for _ in range(50)) + " |\n" for r in range(n(40000)))
        },
        "long-line": {note: NOTE + "word " * n(4000000) + "\n"},
        # The fuzz target's slow input (a `markdown` fence of backslashes and brackets that made
        # the highlighter backtrack), repeated: bounded by Oniguruma's retry limits.
        "highlight-backtracking": {note: NOTE + slow_fence() * n(200)},
        "huge-front-matter": {
            note: '+++\ntitle = "Hostile"\n'
            + "".join(f'unknown{i} = "{"x" * 100}"\n' for i in range(n(150000)))
            + "+++\nBody.\n"
        },
        "big-page": {note: big_page(s)},
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("out")
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("case", nargs="*")
    a = p.parse_intermixed_args()
    all_cases = cases(a.scale)
    names = a.case or list(all_cases)
    for name in names:
        files = all_cases[name]
        site = Path(a.out) / name
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(FIXTURE, site)
        shutil.copytree(ROOT / "themes" / "default", site / "themes" / "default")
        for rel, text in files.items():
            (site / rel).write_text(text)
        size = sum(len(t.encode()) for t in files.values())
        print(f"{name}\t{size}")


if __name__ == "__main__":
    main()
