#!/usr/bin/env python3
"""Deterministic synthetic corpus for the build benchmark.

    python3 bench/gen_corpus.py N OUT_DIR [--seed S]

Writes the same N pages twice so that brightspot and Hugo do comparable work:

    OUT_DIR/brightspot/  brightspot.toml, content/, themes/default/ (copied from the repo)
    OUT_DIR/hugo/        hugo.toml, content/, layouts/, static/

Pages are prose Markdown (about 600-1300 words) on health and community-partnership topics, spread
over ten sections, each with front matter, h2/h3 headings, lists, a table, a fenced code block
(a known language or an unknown one), links to other pages of the corpus and a line of tags.
The only differences between the two copies are the link syntax (`@/section/slug.md` for
brightspot, `/section/slug/` for Hugo) and the section front matter each tool expects.

Standard library only; the same N and seed always give byte-identical files.
"""

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SECTIONS = [
    ("community-health", "Community health", "Programs that bring care and prevention closer to where people live."),
    ("data-sharing", "Data sharing", "How partners agree on, exchange and protect the data they use together."),
    ("housing", "Housing and health", "Work that treats stable, healthy housing as a health intervention."),
    ("food-security", "Food security", "Efforts to make healthy food reliable and affordable for every household."),
    ("behavioral-health", "Behavioral health", "Mental health and substance use services woven into community partnerships."),
    ("workforce", "Workforce", "Community health workers, navigators and the people who keep networks running."),
    ("financing", "Financing", "How partnerships pay for shared work and sustain it after the first grant."),
    ("governance", "Governance", "Decision making, accountability and trust among partners from many sectors."),
    ("evaluation", "Evaluation", "Measuring what changed, for whom, and what the network learnt from it."),
    ("policy", "Policy and advocacy", "Local and state policy work that shapes the conditions for health."),
]

ORGS = [
    "the hospital", "the health system", "the county health department", "the backbone organization",
    "the community health center", "the school district", "the housing authority", "the food bank",
    "the United Way chapter", "the local university", "the regional planning council", "the faith coalition",
    "the managed care plan", "the public library system", "the workforce board", "the parks department",
    "the tenant association", "the early learning collaborative", "the community foundation",
    "the federally qualified health center", "the area agency on aging", "the police athletic league",
]
PEOPLE = [
    "community health workers", "care coordinators", "resident leaders", "nurse navigators",
    "program managers", "data analysts", "peer recovery coaches", "youth ambassadors", "parish nurses",
    "social workers", "promotoras", "school nurses", "case managers", "family advocates", "board members",
]
VERBS = [
    "convened", "funded", "co-designed", "piloted", "expanded", "measured", "documented", "supported",
    "coordinated", "evaluated", "sustained", "aligned", "launched", "scaled", "reviewed", "mapped",
    "strengthened", "negotiated", "trained", "recruited", "revised", "shared", "tracked", "prioritized",
]
OBJECTS = [
    "a shared referral platform", "the community health needs assessment", "a data-use agreement",
    "home visits for new parents", "a mobile vaccination clinic", "a produce prescription program",
    "a diabetes prevention cohort", "lead abatement in rental homes", "a resident advisory board",
    "a school-based health center", "a medical-legal partnership", "a closed-loop referral process",
    "transportation to appointments", "a community information exchange", "a shared outcomes dashboard",
    "a blood pressure screening drive", "warm handoffs to behavioral health", "a healthy corner store effort",
    "a tenant legal aid clinic", "a maternal health learning circle", "a shared measurement framework",
    "a braided funding pool", "a walking school bus", "peer support groups", "a community paramedicine pilot",
]
QUALIFIERS = [
    "across three zip codes", "in the neighborhoods with the lowest life expectancy", "over eighteen months",
    "with support from a regional foundation", "before the first year ended", "with residents at the table",
    "in partnership with local clinics", "using existing staff", "despite turnover among partners",
    "after a long planning period", "during the pandemic", "in both English and Spanish",
    "at no cost to families", "with a modest planning grant", "alongside the city's housing plan",
    "under a shared memorandum of understanding", "as part of a regional learning collaborative",
]
OUTCOMES = [
    "emergency department visits fell", "enrollment in coverage rose", "wait times for appointments shortened",
    "more families completed referrals", "partners reported clearer roles", "food insecurity declined",
    "housing code complaints were resolved faster", "screening rates improved", "trust between partners grew",
    "residents took on leadership roles", "hospital readmissions dropped", "school attendance improved",
    "the share of uninsured adults shrank", "more seniors stayed in their homes", "missed appointments fell",
]
CHALLENGES = [
    "staff turnover", "incompatible data systems", "short grant cycles", "unclear decision rights",
    "privacy concerns", "competing priorities among partners", "limited broadband access",
    "mistrust from earlier initiatives", "reimbursement rules", "the time it takes to build relationships",
    "language barriers", "transportation gaps", "uneven participation by smaller organizations",
]
CONNECTORS = [
    "At the same time,", "In practice,", "As a result,", "Over time,", "By contrast,", "For example,",
    "Early on,", "In the second year,", "Looking back,", "Even so,", "Meanwhile,", "In one neighborhood,",
]
ADJECTIVES = [
    "Shared", "Community-led", "Neighborhood", "Regional", "Cross-sector", "Resident-driven", "Integrated",
    "Sustainable", "Place-based", "Family-centered", "Equitable", "Coordinated", "Collaborative", "Local",
    "Trauma-informed", "Data-driven", "Hospital-anchored", "Faith-based", "School-linked", "Countywide",
]
TOPICS = [
    "care coordination", "data governance", "housing navigation", "food access", "school health",
    "maternal health", "chronic disease prevention", "behavioral health integration", "transportation access",
    "health literacy", "violence prevention", "aging in place", "oral health", "asthma control",
    "tobacco cessation", "immunization outreach", "workforce pipelines", "benefits enrollment",
    "lead poisoning prevention", "youth mentoring", "reentry support", "broadband for telehealth",
    "community paramedicine", "wellness hubs", "financial coaching",
]
PLACES = [
    "Ashford County", "the River Wards", "East Millbrook", "Cedar Falls", "the Northside", "Harbor Point",
    "Pine Hollow", "South Linwood", "Fairmount", "the Westgate corridor", "Oak Ridge", "Bell Harbor",
    "Maple Heights", "Greenfield", "Lakeshore", "Brookside", "Union Flats", "Highland Park", "Stone Creek",
    "Willow Bend", "Marion Valley", "Port Addison", "Clearwater Township", "North Haven",
    "Elm Grove", "the Eastside", "Riverbend", "Kingsford", "Summit Heights", "Old Town", "Birch Hill",
    "Canal District", "Midvale", "Hollins Ferry", "Sandy Point", "Glenwood", "the Flats", "Redstone",
    "Copper Ridge", "Lower Valley", "Fox Chase", "Bayview", "Mill Creek", "Dunmore", "West End",
    "Prairie View", "Hampton Roads", "Silver Lake",
]
H2S = [
    "Why the partners came together", "How the work is organized", "What changed for residents",
    "Funding and sustainability", "Data and measurement", "Lessons for other networks",
    "Roles and responsibilities", "Engaging residents", "What did not work", "Next steps",
    "Background", "The first year", "Policy context", "Building trust", "Scaling up",
]
H3S = [
    "Early wins", "Barriers", "Who was involved", "Costs", "Timeline", "What the data showed",
    "Staffing", "Communication", "Training", "Governance", "Referrals", "Feedback from residents",
]
TAGS = [
    "equity", "social-determinants", "data", "housing", "food", "maternal-health", "chronic-disease",
    "behavioral-health", "workforce", "financing", "governance", "evaluation", "policy", "youth",
    "aging", "rural", "urban", "hospitals", "public-health", "schools", "faith-communities",
]
# Fenced code blocks: some in languages both highlighters know, some in languages neither does
# (rendered as plain preformatted text).
CODE = [
    ("python", "import csv\n\nreferrals = {}\nwith open(\"{f}.csv\") as f:\n    for row in csv.DictReader(f):\n        referrals.setdefault(row[\"partner\"], []).append(row)\n\nfor partner, rows in sorted(referrals.items()):\n    closed = sum(1 for r in rows if r[\"status\"] == \"closed\")\n    print(partner, closed, len(rows), round(closed / len(rows), 2))\n"),
    ("sql", "SELECT zip_code,\n       COUNT(*) AS referrals,\n       SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS closed\nFROM {f}\nWHERE referred_on >= DATE '2023-01-01'\nGROUP BY zip_code\nORDER BY referrals DESC;\n"),
    ("json", "{\n  \"measure\": \"{f}\",\n  \"numerator\": \"households screened and referred\",\n  \"denominator\": \"households screened\",\n  \"period\": \"quarter\",\n  \"owner\": \"data committee\",\n  \"targets\": [0.4, 0.55, 0.7]\n}\n"),
    ("r", "library(dplyr)\n\n{f} <- read.csv(\"referrals.csv\")\n{f} %>%\n  group_by(zip_code) %>%\n  summarise(referrals = n(), closed = sum(status == \"closed\")) %>%\n  mutate(rate = closed / referrals) %>%\n  arrange(desc(referrals))\n"),
    ("yaml", "partners:\n  - name: {f}\n    sector: health care\n    role: convener\n    data_sharing: true\n  - name: food bank\n    sector: community organizations\n    role: service provider\n    data_sharing: false\n"),
    ("bash", "#!/bin/sh\n# Nightly export of de-identified referral counts.\nset -eu\nexport_date=$(date +%F)\nsqlite3 referrals.db \".mode csv\" \"SELECT * FROM {f};\" > \"export-$export_date.csv\"\ngzip -9 \"export-$export_date.csv\"\n"),
    ("referral-spec", "REFERRAL {f}\n  FROM clinic TO food_pantry\n  WHEN screen.food_insecure = yes\n  CLOSE WITHIN 14 days\n  NOTIFY navigator ON timeout\n"),
    ("logic-model", "inputs     -> staff, funding, shared data\nactivities -> {f}, outreach, navigation\noutputs    -> referrals made, referrals closed\noutcomes   -> fewer unmet needs, better health\n"),
]


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cap(s):
    return s[0].upper() + s[1:]


class Writer:
    """Builds one page's prose from a seeded random stream."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, xs):
        return self.rng.choice(xs)

    def sentence(self):
        r = self.rng.random()
        p = self.pick
        if r < 0.22:
            s = f"{cap(p(ORGS))} {p(VERBS)} {p(OBJECTS)} {p(QUALIFIERS)}."
        elif r < 0.38:
            s = f"{cap(p(PEOPLE))} {p(VERBS)} {p(OBJECTS)}, and {p(OUTCOMES)}."
        elif r < 0.50:
            s = f"{p(CONNECTORS)} {p(OUTCOMES)} once {p(ORGS)} {p(VERBS)} {p(OBJECTS)}."
        elif r < 0.60:
            s = f"The main obstacle was {p(CHALLENGES)}, which {p(ORGS)} addressed by working with {p(PEOPLE)} {p(QUALIFIERS)}."
        elif r < 0.68:
            s = f"Why did {p(ORGS)} choose {p(OBJECTS)} rather than {p(OBJECTS)}?"
        elif r < 0.78:
            s = f"According to {p(PEOPLE)}, *{p(OUTCOMES)}* because {p(ORGS)} {p(VERBS)} {p(OBJECTS)}."
        elif r < 0.86:
            s = f"{p(CONNECTORS)} partners named **{p(CHALLENGES)}** as the hardest problem to solve."
        elif r < 0.93:
            n = self.rng.randint(3, 48)
            s = f"Within {n} months, {p(OUTCOMES)} {p(QUALIFIERS)}, though {p(CHALLENGES)} slowed the work."
        else:
            s = f"Roughly {self.rng.randint(12, 95)} percent of {p(PEOPLE)} said that {p(OUTCOMES)}."
        return s

    def paragraph(self, links=()):
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        for text, target in links:
            i = self.rng.randrange(len(sentences))
            sentences[i] = sentences[i][:-1] + f"; see also [{text}]({link_marker(target)})."
        return " ".join(sentences)

    def bullets(self, ordered):
        n = self.rng.randint(3, 6)
        items = []
        for i in range(n):
            item = f"{cap(self.pick(VERBS))} {self.pick(OBJECTS)} {self.pick(QUALIFIERS)}"
            items.append(f"{i + 1}. {item}." if ordered else f"- {item}.")
        return "\n".join(items)

    def table(self):
        rows = ["| Measure | Baseline | Year one | Year two |", "| --- | ---: | ---: | ---: |"]
        for _ in range(self.rng.randint(3, 5)):
            base = self.rng.randint(10, 70)
            y1 = base + self.rng.randint(-5, 15)
            y2 = y1 + self.rng.randint(-5, 15)
            rows.append(f"| {cap(self.pick(OUTCOMES))} | {base}% | {y1}% | {y2}% |")
        return "\n".join(rows)

    def code(self, name):
        lang, template = self.pick(CODE)
        return f"```{lang}\n{template.replace('{f}', name.replace('-', '_'))}```"


def make_corpus(n, seed):
    """The corpus as data: sections, and pages with everything but the link syntax decided."""
    rng = random.Random(seed)
    pages = []
    used = set()
    for i in range(n):
        section = SECTIONS[i % len(SECTIONS)][0]
        for attempt in range(20):
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(TOPICS)} in {rng.choice(PLACES)}"
            if attempt == 19:
                title += f" ({i})"
            slug = slugify(title)
            if slug not in used:
                break
        used.add(slug)
        year = rng.randint(2014, 2025)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        pages.append({"section": section, "slug": slug, "title": title, "date": date})
    for page in pages:
        w = Writer(rng)
        summary = w.sentence().replace("*", "")
        k = min(rng.randint(3, 6), n - 1)
        # Sampling indices keeps this linear in N; one extra covers the page itself.
        picks = [j for j in rng.sample(range(n), min(k + 1, n)) if pages[j] is not page][:k]
        targets = [pages[j] for j in picks]
        page["summary"] = summary
        page["tags"] = sorted(rng.sample(TAGS, rng.randint(2, 4)))
        page["body"] = body_plan(w, page, targets, rng.randint(480, 1000))
    return pages


def body_plan(w, page, targets, words):
    """A list of blocks; links are kept as (text, page) pairs so each tool can spell them."""
    rng = w.rng
    blocks = []
    links = [(t["title"], t) for t in targets]
    count = 0

    def para(take_all=False):
        nonlocal count
        take = []
        if take_all:
            take, links[:] = links[:], []
        elif links and rng.random() < 0.5:
            take.append(links.pop())
        blocks.append(("p", w.paragraph(take)))
        count += len(blocks[-1][1].split())

    para()
    para()
    h2s = rng.sample(H2S, 5)
    # The table and the code block go under the first two headings, in either order.
    specials = ["table", "code"]
    rng.shuffle(specials)
    i = 0
    while count < words or specials:
        if i < len(h2s):
            blocks.append(("h2", h2s[i]))
        else:
            blocks.append(("h2", f"{h2s[i % len(h2s)]}, continued"))
        para()
        special = specials.pop() if specials else None
        if special == "table":
            blocks.append(("raw", w.table()))
        elif special == "code":
            blocks.append(("p", "The partners kept the working definition in version control:"))
            blocks.append(("raw", w.code(page["slug"])))
        else:
            blocks.append(("raw", w.bullets(ordered=rng.random() < 0.3)))
            count += len(blocks[-1][1].split())
        if rng.random() < 0.6:
            for h3 in rng.sample(H3S, rng.randint(1, 2)):
                if count >= words:
                    break
                blocks.append(("h3", h3))
                para()
        i += 1
    # Links not placed yet go into a closing paragraph so every page keeps its full set.
    if links:
        para(take_all=True)
    return blocks


def page_markdown(page, link):
    fm = (
        "+++\n"
        f"title = {toml_str(page['title'])}\n"
        f"summary = {toml_str(page['summary'])}\n"
        f"date = {page['date']}\n"
        "+++\n"
    )
    parts = []
    for kind, value in page["body"]:
        if kind == "h2":
            parts.append(f"## {value}")
        elif kind == "h3":
            parts.append(f"### {value}")
        else:
            parts.append(value)
    body = "\n\n".join(parts)
    body = LINK_RE.sub(lambda m: link(m.group(1), m.group(2)), body)
    tags = ", ".join(page["tags"])
    return f"{fm}\n{body}\n\nTags: {tags}\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Prose holds links as markers so that each tool's copy spells them its own way.
LINK_RE = re.compile(r"\x00([a-z0-9-]+)/([a-z0-9-]+)\x00")


def link_marker(page):
    return f"\x00{page['section']}/{page['slug']}\x00"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("out", type=Path, help="output folder (replaced)")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    pages = make_corpus(args.n, args.seed)
    if args.out.exists():
        shutil.rmtree(args.out)
    bs = args.out / "brightspot"
    hg = args.out / "hugo"
    write_brightspot(bs, pages)
    write_hugo(hg, pages)
    words = sum(len(page_markdown(p, lambda s, g: "x").split()) for p in pages)
    print(f"wrote {len(pages)} pages ({words} words) to {bs} and {hg}")


SITE_TITLE = "Benchmark: community health partnerships"
SITE_DESC = "A synthetic corpus of case notes on hospitals, public health and community partners."


def write_brightspot(root, pages):
    write(root / "brightspot.toml", (
        f"title = {toml_str(SITE_TITLE)}\n"
        f"description = {toml_str(SITE_DESC)}\n"
        'base_url = "https://bench.example.org/"\n'
        'language = "en"\n'
        'theme = "default"\n'
        'output_dir = "public"\n'
        "feed = false\n"
        "search = false\n"
    ))
    shutil.copytree(REPO / "themes" / "default", root / "themes" / "default")
    write(root / "content" / "_index.md", (
        "+++\n"
        f"title = {toml_str(SITE_TITLE)}\n"
        f"description = {toml_str(SITE_DESC)}\n"
        'page_type = "page"\n'
        'sort_by = "weight"\n'
        "+++\n\n" + home_intro("@/{}/_index.md") + "\n"
    ))
    for w, (key, title, desc) in enumerate(SECTIONS, 1):
        write(root / "content" / key / "_index.md", (
            "+++\n"
            f"title = {toml_str(title)}\n"
            f"description = {toml_str(desc)}\n"
            'page_type = "page"\n'
            'sort_by = "date"\n'
            f"weight = {w}\n"
            "+++\n\n" + section_intro(title) + "\n"
        ))
    for p in pages:
        md = page_markdown(p, lambda s, g: f"@/{s}/{g}.md")
        write(root / "content" / p["section"] / f"{p['slug']}.md", md)


def write_hugo(root, pages):
    write(root / "hugo.toml", (
        'baseURL = "https://bench.example.org/"\n'
        'locale = "en"\n'
        f"title = {toml_str(SITE_TITLE)}\n"
        # brightspot has no taxonomies or RSS for generic pages; it writes a sitemap and robots.txt.
        'disableKinds = ["taxonomy", "term", "rss"]\n'
        "enableRobotsTXT = true\n"
        "[params]\n"
        f"description = {toml_str(SITE_DESC)}\n"
        "[markup.highlight]\n"
        "noClasses = false\n"
        "[markup.tableOfContents]\n"
        "startLevel = 2\n"
        "endLevel = 3\n"
    ))
    (root / "static").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "themes" / "default" / "static" / "style.css", root / "static" / "style.css")
    for name, text in HUGO_LAYOUTS.items():
        write(root / "layouts" / name, text)
    write(root / "content" / "_index.md", (
        "+++\n"
        f"title = {toml_str(SITE_TITLE)}\n"
        f"description = {toml_str(SITE_DESC)}\n"
        "+++\n\n" + home_intro("/{}/") + "\n"
    ))
    for w, (key, title, desc) in enumerate(SECTIONS, 1):
        write(root / "content" / key / "_index.md", (
            "+++\n"
            f"title = {toml_str(title)}\n"
            f"description = {toml_str(desc)}\n"
            f"weight = {w}\n"
            "+++\n\n" + section_intro(title) + "\n"
        ))
    for p in pages:
        md = page_markdown(p, lambda s, g: f"/{s}/{g}/")
        write(root / "content" / p["section"] / f"{p['slug']}.md", md)


def home_intro(link_pattern):
    links = ", ".join(f"[{t.lower()}]({link_pattern.format(k)})" for k, t, _ in SECTIONS)
    return (
        "Case notes from hospitals, health departments and community partners working together "
        f"on the conditions for health. Browse by theme: {links}.\n\n"
        "## How to read these notes\n\n"
        "Each note describes one partnership, what it tried, what changed, and what the partners "
        "would do differently."
    )


def section_intro(title):
    return (
        f"Notes on {title.lower()} from partnerships of hospitals, public health agencies and "
        "community organizations, newest first."
    )


# Hugo layouts of about the same weight as brightspot's default theme: header with the section
# menu, breadcrumb, title, table of contents, content, prev/next, footer; listings with summary
# and reading time.
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="{{ site.Language.Locale }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ block "description" . }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap header-inner">
    <a class="site-title" href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <nav aria-label="Main">
      {{ partialCached "menu.html" .FirstSection .FirstSection.RelPermalink }}
    </nav>
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Params.description }}</p>
    <nav aria-label="Site index">
      {{ partialCached "footer-links.html" . }}
    </nav>
  </div>
</footer>
</body>
</html>
""",
    "single.html": """{{ define "title" }}{{ .Title }} · {{ site.Title }}{{ end }}
{{ define "description" }}{{ .Summary | plainify }}{{ end }}
{{ define "main" }}
<article class="page">
  <nav class="breadcrumb" aria-label="Breadcrumb"><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></nav>
  <h1>{{ .Title }}</h1>
  <p class="meta">{{ .Date.Format "2006-01-02" }} · {{ .ReadingTime }} min read</p>
  {{- if gt (len .Fragments.HeadingsMap) 1 }}
  <div class="toc">
    <h2 class="toc-title">On this page</h2>
    {{ .TableOfContents }}
  </div>
  {{- end }}
  <div class="content">{{ .Content }}</div>
  {{- if or .PrevInSection .NextInSection }}
  <nav class="prev-next" aria-label="More in {{ .CurrentSection.Title }}">
    {{ with .NextInSection }}<a class="prev" href="{{ .RelPermalink }}" rel="prev"><span class="dir">Previous</span> {{ .Title }}</a>{{ end }}
    {{ with .PrevInSection }}<a class="next" href="{{ .RelPermalink }}" rel="next"><span class="dir">Next</span> {{ .Title }}</a>{{ end }}
  </nav>
  {{- end }}
</article>
{{ end }}
""",
    "list.html": """{{ define "title" }}{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}{{ end }}
{{ define "description" }}{{ with .Params.description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}{{ end }}
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.description }}<p class="lede">{{ . }}</p>{{ end }}
<div class="content">{{ .Content }}</div>
{{- with .RegularPages }}
<h2 id="pages">In this section</h2>
<ul class="cards">
{{- range .ByDate.Reverse }}
  <li class="card">
    <h3 class="card-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    <div class="card-summary">{{ .Summary }}</div>
    <p class="meta">{{ .ReadingTime }} min read</p>
  </li>
{{- end }}
</ul>
{{- end }}
{{- with .Sections }}
<h2 id="subsections">Sections</h2>
<ul>{{ range .ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{- end }}
{{ end }}
""",
    # The menu is the same on every page of a section, so it is rendered once per section, as
    # brightspot builds its menu once per build. Uncached, `site.Sections` walks the whole page
    # tree on every call, which makes the build quadratic in the number of pages.
    "_partials/menu.html": """<ul class="menu">
{{- $cur := .RelPermalink }}
{{- range site.Sections.ByWeight }}
  <li><a href="{{ .RelPermalink }}"{{ if eq $cur .RelPermalink }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{- end }}
</ul>
""",
    "_partials/footer-links.html": """<ul class="footer-links">
{{- range site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>
""",
    "404.html": """{{ define "title" }}Page not found · {{ site.Title }}{{ end }}
{{ define "main" }}
<h1>Page not found</h1>
<p>There is no page at this address. Try the <a href="{{ "/" | relURL }}">home page</a>.</p>
{{ end }}
""",
}


if __name__ == "__main__":
    main(sys.argv[1:])
