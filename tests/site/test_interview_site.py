"""The interview kit in the built site: pages complete, briefs free of answers, downloads correct."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evaluator.interview import stage2
from evaluator.interview.packaging import zip_files
from scripts.hooks import interview as hook

ROOT = Path(__file__).resolve().parents[2]

INTERVIEWER_PAGES = ["stage-1-infrastructure-design", "stage-2-production-debugging", "stage-3-code-review"]
BRIEFS = ["stage-1-brief", "stage-2-brief", "stage-3-brief"]
SCORECARDS = ["scorecard-stage-1", "scorecard-stage-2", "scorecard-stage-3"]
PAGES = ["", *INTERVIEWER_PAGES, *BRIEFS, *SCORECARDS]

# Words that would give an answer away on a candidate's brief (all appear on the interviewer pages).
GIVEAWAYS = {
    "stage-1-brief": ["reference design", "green flag", "red flag", "rating scale"],
    "stage-2-brief": ["answer key", "cents", "stale", "frozen", "concept drift", "competitor", "unlimited",
                      "pipeline fault", "rating scale"],
    "stage-3-brief": ["answer key", "skew", "// 12", "validation gate", "unseeded", "seed", "monitoring hook",
                      "data versioning", "rating scale"],
}


class Page(HTMLParser):
    """The parts of a built page these tests look at.

    Links and form controls are collected inside the page's <article> (its content), where this
    kit's HTML lives; the theme's own header, search and footer are the theme's business."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.description = None
        self.links: list[str] = []
        self.controls: list[tuple[str, str | None]] = []
        self.labels: set[str] = set()
        self.tables = 0
        self.tables_with_headers = 0
        self._in_title = False
        self._table_has_th: list[bool] = []
        self.main_text: list[str] = []
        self._in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        elif tag == "a" and a.get("href") and self._in_main:
            self.links.append(a["href"])
        elif tag in ("input", "textarea", "select") and self._in_main:
            self.controls.append((tag, a.get("id")))
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag == "table":
            self.tables += 1
            self._table_has_th.append(False)
        elif tag == "th" and self._table_has_th:
            self._table_has_th[-1] = True
        elif tag == "article":
            self._in_main += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "table" and self._table_has_th:
            self.tables_with_headers += self._table_has_th.pop()
        elif tag == "article":
            self._in_main -= 1

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_main:
            self.main_text.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.main_text))


def parse(site_dir: Path, page: str) -> Page:
    parser = Page()
    parser.feed((site_dir / "interview" / page / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_description_and_no_leftover_markers(site_dir, page):
    html = (site_dir / "interview" / page / "index.html").read_text(encoding="utf-8")
    parsed = parse(site_dir, page)
    assert parsed.title.strip() and "MLOps Hiring Kit" in parsed.title
    assert parsed.description and len(parsed.description) > 40
    assert "%stage2." not in html and "<!-- interview:" not in html
    assert parsed.tables == parsed.tables_with_headers, "every table needs header cells"


@pytest.mark.parametrize("page", PAGES)
def test_links_stay_on_the_site(site_dir, page):
    for href in parse(site_dir, page).links:
        assert not re.match(r"^(https?:)?//", href), href


@pytest.mark.parametrize("page", PAGES)
def test_every_form_control_has_a_label(site_dir, page):
    parsed = parse(site_dir, page)
    for tag, control_id in parsed.controls:
        assert control_id and control_id in parsed.labels, (tag, control_id)


@pytest.mark.parametrize("brief", BRIEFS)
def test_candidate_briefs_give_no_answers_away(site_dir, brief):
    text = parse(site_dir, brief).text.lower()
    for word in GIVEAWAYS[brief]:
        assert word not in text, f"{brief} mentions {word!r}"


@pytest.mark.parametrize(("brief", "stage"), list(zip(BRIEFS, INTERVIEWER_PAGES)))
def test_interviewer_pages_quote_the_exact_brief(site_dir, brief, stage):
    brief_text = parse(site_dir, brief).text
    stage_text = parse(site_dir, stage).text
    # Every sentence of the brief's body appears on the interviewer's page.
    body = brief_text.split("¶", 1)[-1]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s", body) if len(s.strip()) > 30 and "¶" not in s]
    assert len(sentences) > 5
    for sentence in sentences:
        assert sentence in stage_text, sentence


def test_answer_keys_live_on_the_interviewer_pages(site_dir):
    assert "Answer key" in parse(site_dir, "stage-2-production-debugging").text
    stage3 = parse(site_dir, "stage-3-code-review").text
    assert "Answer key" in stage3 and "request[\"tenure_months\"] // 12" in stage3


def test_overview_states_the_process(site_dir):
    text = parse(site_dir, "").text
    for phrase in ("4 to 6 hours", "2 to 3 weeks", "no decision", "before any discussion", "in writing"):
        assert phrase in text, phrase


def test_downloads_are_the_generated_files(site_dir):
    files = site_dir / "interview" / "files"
    data = stage2.make_dataset(stage2.DEFAULT_SEED)
    assert (files / "stage2" / "reference.csv").read_text() == data.reference_csv
    assert (files / "stage2" / "current.csv").read_text() == data.current_csv
    pipeline = ROOT / "docs" / hook.PIPELINE_DIR
    assert (files / "stage3-pipeline.zip").read_bytes() == zip_files(hook.pipeline_files(pipeline), "stage3-pipeline")
    with zipfile.ZipFile(files / "stage3-pipeline.zip") as z:
        for name in z.namelist():
            rel = name.removeprefix("stage3-pipeline/")
            assert z.read(name) == (pipeline / rel).read_bytes()
    assert not (site_dir / "interview" / "data").exists(), "the data files are for the build, not the site"


@pytest.mark.parametrize("brief", ["stage-2-brief", "stage-3-brief"])
def test_brief_download_links_resolve(site_dir, brief):
    base = site_dir / "interview" / brief
    downloads = [h for h in parse(site_dir, brief).links if "files/" in h]
    assert downloads
    for href in downloads:
        assert (base / href).resolve().is_file(), href
