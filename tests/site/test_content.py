"""The guide's content stays whole: every topic has a page or anchor, links resolve, data matches pages.

Reads the built site (the `site_dir` fixture) and the Markdown and TOML sources. Stdlib + pytest only.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
COMPENSATION = DOCS / "data" / "compensation.toml"

# Every topic the guide must cover (issue 4): the page it lives on and the anchor that reaches it.
# Anchors are set explicitly in the Markdown ({ #id }), so renaming a heading does not break links.
INVENTORY = {
    "what the site is, and a start for each reader": ("", "start-here"),
    "guide overview": ("guide/", "reading-order"),
    "deterministic vs probabilistic failure": ("guide/why-mlops/", "deterministic-vs-probabilistic"),
    "a model served but silently wrong": ("guide/why-mlops/", "silently-wrong"),
    "what it means for hiring": ("guide/why-mlops/", "what-it-means-for-hiring"),
    "the two role types": ("guide/role-types/", "two-types"),
    "role types side by side": ("guide/role-types/", "comparison"),
    "which role to hire first": ("guide/role-types/", "which-first"),
    "required skills": ("guide/core-skills/", "required"),
    "CI/CD for ML": ("guide/core-skills/", "ci-cd-for-ml"),
    "feature stores and training/serving skew": ("guide/core-skills/", "feature-stores"),
    "model monitoring": ("guide/core-skills/", "model-monitoring"),
    "experiment tracking and model registry": ("guide/core-skills/", "experiment-tracking"),
    "role-dependent skills": ("guide/core-skills/", "role-dependent"),
    "distributed training": ("guide/core-skills/", "distributed-training"),
    "data pipeline engineering": ("guide/core-skills/", "data-pipelines"),
    "tools landscape by category": ("guide/tools/", "landscape"),
    "tool comparison questions": ("guide/tools/", "comparison-questions"),
    "what is overrated": ("guide/tools/", "overrated"),
    "overrated: Kubernetes alone": ("guide/tools/", "kubernetes-alone"),
    "overrated: theory alone": ("guide/tools/", "theory-alone"),
    "red flag: drift": ("guide/red-flags/", "cannot-explain-drift"),
    "red flag: never deployed": ("guide/red-flags/", "never-deployed"),
    "red flag: retraining as the default fix": ("guide/red-flags/", "retrain-by-default"),
    "red flag: no training/serving skew experience": ("guide/red-flags/", "no-skew-experience"),
    "interview stage 1": ("guide/interview/", "stage-infrastructure-design"),
    "interview stage 2": ("guide/interview/", "stage-production-debugging"),
    "interview stage 3": ("guide/interview/", "stage-code-review"),
    "compensation table": ("guide/compensation/", "ranges"),
    "generalist vs team criteria": ("guide/team-or-generalist/", "criteria"),
    "the typical first split": ("guide/team-or-generalist/", "first-split"),
    "job description: include": ("guide/job-description/", "include"),
    "job description: omit": ("guide/job-description/", "omit"),
    "job description: the scenario trick": ("guide/job-description/", "scenario-trick"),
    "FAQ": ("guide/faq/", "mlops-vs-devops"),
    "sources and licence": ("guide/sources/", "licence"),
}

# Terms the glossary must define; the other pages link to them.
GLOSSARY_TERMS = [
    "data-drift", "concept-drift", "model-staleness", "training-serving-skew", "psi", "kl-divergence",
    "wasserstein-distance", "validation-gate", "shadow-deployment", "feature-store", "model-registry",
]

# Words that mean a page is unfinished. Matched case-sensitively where the word is an all-caps marker.
PLACEHOLDERS = re.compile(r"\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|lorem ipsum|coming soon|to be written", re.IGNORECASE)
_CAPS_MARKERS = {"todo", "tbd", "fixme", "xxx"}


# --- parsing helpers ---------------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the tests need from one built page: ids, links, resources, text, tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.meta_description: str | None = None
        self.title = ""
        self.h1 = ""
        self.text_parts: list[str] = []
        self.comp_rows: list[dict] = []  # rows of the pay table
        self.comp_header: list[str] = []
        self._in = {"title": False, "h1": False}
        self._comp_depth = 0
        self._row: dict | None = None
        self._cell: dict | None = None
        self._class_stack: list[list[str]] = []
        self.role_cards: list[list[str]] = []  # hrefs per home-page role card
        self._card_depth = 0
        self._in_roles = 0
        self._tag_stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            if a.get(key) is not None:
                # <link rel="canonical"> names the page's public address; it loads nothing.
                kind = "link-canonical" if tag == "link" and a.get("rel") == "canonical" else tag
                self.links.append((kind, a[key]))
        if tag == "meta" and a.get("name") == "description":
            self.meta_description = a.get("content")
        if tag in self._in:
            self._in[tag] = True
        classes = (a.get("class") or "").split()
        if tag == "table" and a.get("data-source") == "compensation":
            self._comp_depth = 1
        elif self._comp_depth and tag == "table":
            self._comp_depth += 1
        if self._comp_depth:
            if tag == "tr":
                self._row = {"level": a.get("data-level"), "cells": {}}
            elif tag in ("td", "th"):
                self._cell = {"tag": tag, "market": a.get("data-market"), "column": a.get("data-column"), "scope": a.get("scope"), "text": ""}
        # Home page: <div class="grid cards kit-roles"><ul><li>...</li></ul></div>
        if tag != "meta" and tag not in ("br", "img", "input", "hr", "link"):
            self._tag_stack.append(tag)
            self._class_stack.append(classes)
        if "kit-roles" in classes:
            self._in_roles = len(self._tag_stack)
        if self._in_roles and tag == "li" and len(self._tag_stack) == self._in_roles + 2:
            self.role_cards.append([])
        if self._in_roles and tag == "a" and self.role_cards and a.get("href"):
            self.role_cards[-1].append(a["href"])

    def handle_endtag(self, tag):
        if tag in self._in:
            self._in[tag] = False
        if self._comp_depth:
            if tag in ("td", "th") and self._cell is not None:
                cell = self._cell
                self._cell = None
                if self._row is not None:
                    if cell["tag"] == "th" and cell["scope"] == "col" and self._row["level"] is None:
                        self.comp_header.append(cell["text"].strip())
                    elif cell["tag"] == "th":
                        self._row["label"] = cell["text"].strip()
                    else:
                        self._row["cells"][cell["market"] or cell["column"]] = cell["text"].strip()
            elif tag == "tr" and self._row is not None:
                if self._row["level"] is not None:
                    self.comp_rows.append(self._row)
                self._row = None
            elif tag == "table":
                self._comp_depth -= 1
        if self._tag_stack and tag in self._tag_stack:
            while self._tag_stack:
                popped = self._tag_stack.pop()
                self._class_stack.pop()
                if self._in_roles and len(self._tag_stack) < self._in_roles:
                    self._in_roles = 0
                if popped == tag:
                    break

    def handle_data(self, data):
        if self._in["title"]:
            self.title += data
        if self._in["h1"]:
            self.h1 += data
        if self._cell is not None:
            self._cell["text"] += data
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text_parts))


_cache: dict[Path, _Page] = {}


def parse(path: Path) -> _Page:
    if path not in _cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        _cache[path] = page
    return _cache[path]


def built(site_dir: Path, url_path: str) -> Path:
    """Site-relative URL path ('guide/faq/') -> the built file."""
    return site_dir / url_path / "index.html" if url_path.endswith("/") or url_path == "" else site_dir / url_path


def content_pages(site_dir: Path) -> list[Path]:
    """Every built page that comes from a Markdown file (not assets, search or the 404 page)."""
    return sorted(
        p for p in site_dir.rglob("index.html") if p.relative_to(site_dir).parts[0] not in ("assets", "search")
    )


def markdown_sources() -> list[Path]:
    """The pages: every Markdown file under docs/ but the brief templates (docs/data/briefs/), which
    the build renders into pages and ZIPs and never publishes as they are."""
    return sorted(p for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).as_posix().startswith("data/briefs/"))


def front_matter(md: Path) -> dict[str, str]:
    """The simple `key: value` lines of a page's front matter (enough to read its description)."""
    text = md.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    block = text[4 : text.index("\n---", 4)]
    values = {}
    for line in block.splitlines():
        m = re.match(r"^(\w+):\s*(.*)$", line)
        if m and m.group(2):
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[m.group(1)] = value
    return values


def source_to_url(md: Path) -> str:
    rel = md.relative_to(DOCS).as_posix()
    if rel == "index.md":
        return ""
    if rel.endswith("/index.md"):
        return rel[: -len("index.md")]
    return rel[: -len(".md")] + "/"


# --- inventory ---------------------------------------------------------------------------------


@pytest.mark.parametrize("topic", sorted(INVENTORY))
def test_every_topic_has_a_page_and_a_stable_anchor(site_dir, topic):
    url_path, anchor = INVENTORY[topic]
    path = built(site_dir, url_path)
    assert path.is_file(), f"{topic}: no page at /{url_path}"
    assert anchor in parse(path).ids, f"{topic}: /{url_path} has no element with id '{anchor}'"


def test_glossary_defines_the_core_terms_and_other_pages_link_to_every_term(site_dir):
    glossary = parse(built(site_dir, "guide/glossary/"))
    missing = [t for t in GLOSSARY_TERMS if t not in glossary.ids]
    assert not missing, f"glossary lacks: {missing}"
    # Every term the glossary defines (its h3 anchors) is linked from at least one other page.
    source = (DOCS / "guide" / "glossary.md").read_text(encoding="utf-8")
    defined = re.findall(r"^### .*\{ #([\w-]+) \}$", source, flags=re.MULTILINE)
    assert set(GLOSSARY_TERMS) <= set(defined)
    linked = set()
    for page in content_pages(site_dir):
        if page == built(site_dir, "guide/glossary/"):
            continue
        for tag, url in parse(page).links:
            parts = urlsplit(url)
            if tag == "a" and parts.path.rstrip("/").endswith("glossary") and parts.fragment:
                linked.add(parts.fragment)
    orphans = sorted(set(defined) - linked)
    assert not orphans, f"glossary terms no other page links to: {orphans}"


# --- every page --------------------------------------------------------------------------------


@pytest.mark.parametrize("md", markdown_sources(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_page_has_a_description_and_a_title(site_dir, md):
    description = front_matter(md).get("description", "")
    assert len(description) >= 40, f"{md.name}: front matter needs a description of a sentence or more"
    page = parse(built(site_dir, source_to_url(md)))
    # If the front matter did not parse (e.g. an unquoted ': '), MkDocs renders it as text and the
    # page falls back to the site's description.
    assert page.meta_description == description, f"{md.name}: the built page does not carry its description"
    assert page.h1.strip() and not page.h1.strip().startswith("description"), f"{md.name}: no proper title"
    assert page.title.strip(), f"{md.name}: empty <title>"


@pytest.mark.parametrize("md", markdown_sources(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_no_placeholder_text(md):
    # A marker quoted as code (`TBD`) is an example of one, as the JD linter's page gives: not a gap.
    text = re.sub(r"`[^`\n]*`", "``", md.read_text(encoding="utf-8"))
    hits = []
    for m in PLACEHOLDERS.finditer(text):
        word = m.group(0)
        if word.lower() in _CAPS_MARKERS and word != word.upper():
            continue  # "todo" in ordinary prose is fine; the marker is the all-caps form
        hits.append(word)
    assert not hits, f"{md.name}: placeholder text {hits}"


def test_no_unrendered_markers_in_the_built_site(site_dir):
    leftovers = [p for p in content_pages(site_dir) if "<!-- kit:" in p.read_text(encoding="utf-8")]
    assert not leftovers, f"marker comments left in: {leftovers}"


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def test_no_broken_internal_links(site_dir):
    """Every relative href/src on every page points at a file that exists, and at an id that exists."""
    broken = []
    for page_path in content_pages(site_dir):
        page_url = "http://site.invalid/" + page_path.parent.relative_to(site_dir).as_posix() + "/"
        for tag, url in parse(page_path).links:
            if _is_external(url) or url.startswith(("mailto:", "data:")):
                continue
            where = f"{page_path.relative_to(site_dir)}: {tag} {url!r}"
            if url.startswith("/"):
                broken.append(f"{where} is absolute; it breaks under a sub-path")
                continue
            target = urlsplit(urljoin(page_url, url))
            rel = unquote(target.path).lstrip("/")
            file = site_dir / rel
            if rel == "" or rel.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{where} -> missing {file.relative_to(site_dir)}")
                continue
            if target.fragment and file.suffix == ".html":
                if unquote(target.fragment) not in parse(file).ids:
                    broken.append(f"{where} -> no id '{target.fragment}'")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_guide_pages_load_nothing_from_elsewhere(site_dir):
    loaded_from_elsewhere = []
    for page_path in content_pages(site_dir):
        for tag, url in parse(page_path).links:
            if tag not in ("a", "link-canonical") and _is_external(url):
                loaded_from_elsewhere.append(f"{page_path.relative_to(site_dir)}: <{tag}> {url}")
    assert not loaded_from_elsewhere, "\n".join(loaded_from_elsewhere)


def test_footer_names_the_source_and_the_licence(site_dir):
    for page_path in content_pages(site_dir):
        page = parse(page_path)
        assert "CC BY 4.0" in page.text, f"{page_path}: no licence in the footer"
        assert "2026 guide to hiring MLOps engineers by the recruiting firm VAMI" in " ".join(page.text.split()), f"{page_path}: the footer does not name the source"
        base = "http://site.invalid/" + page_path.parent.relative_to(site_dir).as_posix() + "/"
        resolved = {urljoin(base, url) for tag, url in page.links if tag == "a"}
        assert "http://site.invalid/guide/sources/" in resolved, f"{page_path}: no link to the sources page"


def test_home_page_sends_each_reader_somewhere_in_one_click(site_dir):
    home = parse(built(site_dir, ""))
    assert "The MLOps Hiring Kit is" in home.text, "the home page says in one sentence what the site is"
    assert len(home.role_cards) == 5, f"expected 5 reader cards, found {len(home.role_cards)}"
    for card in home.role_cards:
        assert len(card) == 1, f"each reader card has exactly one link, got {card}"
        target = site_dir / card[0] / "index.html" if card[0].endswith("/") else site_dir / card[0]
        assert target.is_file(), f"home card links to a missing page: {card[0]}"
    text = home.text
    for reader in ("Hiring manager", "Interviewer", "Candidate", "ML engineer", "Maintainer"):
        assert reader in text


# --- compensation ------------------------------------------------------------------------------

_RANGE = re.compile(r"^(?P<sym>[^\d]+)(?P<low>\d+)K–(?P=sym)(?P<high>\d+)K(?P<plus>\+?)$")
_YEARS = re.compile(r"^(?P<min>\d+)(?:–(?P<max>\d+)|(?P<plus>\+)) years$")


def test_compensation_table_on_the_page_equals_the_data_file(site_dir):
    data = tomllib.loads(COMPENSATION.read_text(encoding="utf-8"))
    page = parse(built(site_dir, "guide/compensation/"))
    assert page.comp_header == ["Level", "Experience"] + [m["label"] for m in data["markets"]]
    assert [row["level"] for row in page.comp_rows] == [lv["id"] for lv in data["levels"]]
    symbols = {m["id"]: m["symbol"] for m in data["markets"]}
    for row, level in zip(page.comp_rows, data["levels"]):
        assert row["label"] == level["label"]
        years = _YEARS.match(row["cells"]["years"])
        assert years, f"unreadable years cell {row['cells']['years']!r}"
        assert int(years["min"]) == level["years_min"]
        assert (int(years["max"]) if years["max"] else None) == level.get("years_max")
        for market_id in symbols:
            cell = row["cells"][market_id]
            if market_id not in level["pay"]:
                assert cell == "no figure", f"{level['id']}/{market_id}: a figure no source gives"
                continue
            pay = level["pay"][market_id]
            m = _RANGE.match(cell)
            assert m, f"{level['id']}/{market_id}: unreadable range {cell!r}"
            assert m["sym"] == symbols[market_id]
            assert (int(m["low"]), int(m["high"])) == (pay["low"], pay["high"]), f"{level['id']}/{market_id}"
            assert bool(m["plus"]) == pay.get("open_ended", False), f"{level['id']}/{market_id}: '+' mark"
        assert set(row["cells"]) == {"years"} | set(symbols)


def test_compensation_page_shows_source_date_and_caveat(site_dir):
    data = tomllib.loads(COMPENSATION.read_text(encoding="utf-8"))
    text = parse(built(site_dir, "guide/compensation/")).text
    assert data["sources"], "the figures need a named source"
    for source in data["sources"]:
        assert source["name"] in text and source["description"] in text
        assert str(source["as_of"]) in text
        assert source["reviewed"].isoformat() in text
        assert source["caveat"] in text
    assert "recruiting firm" in data["sources"][0]["description"], "say what kind of source the figures come from"


def test_a_broken_data_file_stops_the_build(tmp_path):
    """The hook turns a schema error into a failed build that names the file and the field."""
    shadow_docs = tmp_path / "docs"
    shadow_docs.mkdir()
    (shadow_docs / "data").mkdir()
    (shadow_docs / "data" / "compensation.toml").write_text(
        COMPENSATION.read_text(encoding="utf-8").replace("reviewed = ", "reviewed_on = "), encoding="utf-8"
    )
    (shadow_docs / "data" / "levels.toml").write_text((DOCS / "data" / "levels.toml").read_text(encoding="utf-8"), encoding="utf-8")
    from mkdocs.exceptions import PluginError

    from scripts.hooks import content as hook

    with pytest.raises(PluginError, match=r"^data/compensation\.toml: \[\[sources\]\] 'vami-2026': missing 'reviewed'$"):
        hook.on_config({"docs_dir": str(shadow_docs)})


# --- edit links --------------------------------------------------------------------------------


def test_edit_links_appear_only_when_configured(site_dir, tmp_path):
    faq = built(site_dir, "guide/faq/").read_text(encoding="utf-8")
    if not os.environ.get("MLOPS_KIT_EDIT_URI"):
        assert 'rel="edit"' not in faq, "no edit link unless MLOPS_KIT_EDIT_URI is set"
    edit_base = "https://forge.example/kit/edit/main/docs/"
    out = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MLOPS_KIT_EDIT_URI=edit_base)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT, check=True, env=env,
    )
    page = parse(out / "guide" / "faq" / "index.html")
    edit_links = [url for tag, url in page.links if url == edit_base + "guide/faq.md"]
    assert edit_links, "MLOPS_KIT_EDIT_URI set: the page should link to its source for editing"
