"""The interview kit in the built site: pages complete, candidate pages free of answers and keys,
examples marked as such, downloads identical to what the generator writes, stage facts from one place."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from evaluator.interview import levelling, stage3, stages
from evaluator.interview.scorecards import load_scorecards
from evaluator.interview.stage2_causes import load_menu
from evaluator.interview.stage3_faults import load_fault_menu
from evaluator.interview.variants import candidate_pack
from evaluator.levels import load_levels

ROOT = Path(__file__).resolve().parents[2]

CANDIDATE_PAGES = ["screening-call-brief", "stage-1-brief", "stage-2-brief", "stage-3-brief"]
INTERVIEWER_PAGES = ["screening-call", "stage-1-infrastructure-design", "stage-2-production-debugging",
                     "stage-3-code-review"]
SCORECARDS = ["scorecard-screen", "scorecard-stage-1", "scorecard-stage-2", "scorecard-stage-3"]
EXAMPLE_KEYS = ["stage-2-example-key", "stage-3-example-key"]
OTHER = ["", "levelling", "variants", "candidate-care", "messages", "calibration-screen", "calibration-stage-1",
         "calibration-stage-2", "calibration-stage-3"]
PAGES = [*OTHER, *INTERVIEWER_PAGES, *CANDIDATE_PAGES, *SCORECARDS, *EXAMPLE_KEYS]
# The one page that cites laws: it links to their sources.
EXTERNAL_SOURCES = {"candidate-care": ("www.legislation.gov.uk", "michelmores.com", "www.eeoc.gov", "askjan.org")}

# Words that would give an answer away on a candidate's page (all appear on the interviewer pages).
GIVEAWAYS = ["answer key", "example key", "rating scale", "green flag", "red flag", "reference design", "planted",
             "cents", "stale", "frozen", "concept drift", "competitor", "unlimited", "pipeline fault", "skew",
             "// 12", "validation gate", "unseeded", "seed", "monitoring hook", "data versioning", "leak"]


class Page(HTMLParser):
    """The parts of a built page these tests look at (links and controls inside its <article>)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.description = None
        self.links: list[str] = []
        self.controls: list[tuple[str, str | None]] = []
        self.labels: set[str] = set()
        self.ids: set[str] = set()
        self.tables = 0
        self.tables_with_headers = 0
        self.nav: list[tuple[str, str]] = []  # (section path, href) of the primary nav's links
        self._in_title = False
        self._table_has_th: list[bool] = []
        self.main_text: list[str] = []
        self._in_main = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
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


def html_of(site_dir: Path, page: str) -> str:
    return (site_dir / "interview" / page / "index.html").read_text(encoding="utf-8")


def parse(site_dir: Path, page: str) -> Page:
    parser = Page()
    parser.feed(html_of(site_dir, page))
    return parser


def target(page: str, href: str) -> str:
    """Where a relative link from an interview page points, as a path under interview/ ('' = the overview)."""
    base = Path("/interview") / page
    resolved = (base / href.split("#")[0]).resolve().as_posix()
    return resolved.removeprefix("/interview").strip("/")


@pytest.mark.parametrize("page", PAGES)
def test_page_has_title_description_and_no_leftover_markers(site_dir, page):
    html = html_of(site_dir, page)
    parsed = parse(site_dir, page)
    assert parsed.title.strip() and "MLOps Hiring Kit" in parsed.title
    assert parsed.description and len(parsed.description) > 40
    assert not re.search(r"%(stage|stage2|stage3|policy|levelling)\.", html)
    assert "<!-- interview:" not in html
    assert parsed.tables == parsed.tables_with_headers, "every table needs header cells"


@pytest.mark.parametrize("page", PAGES)
def test_links_stay_on_the_site_except_to_cited_sources(site_dir, page):
    allowed = EXTERNAL_SOURCES.get(page, ())
    for href in parse(site_dir, page).links:
        external = re.match(r"^(?:https?:)?//([^/]+)", href)
        if external:
            assert external.group(1) in allowed and href.startswith("https://"), href


@pytest.mark.parametrize("page", PAGES)
def test_every_form_control_has_a_label(site_dir, page):
    parsed = parse(site_dir, page)
    for tag, control_id in parsed.controls:
        assert control_id and control_id in parsed.labels, (tag, control_id)


@pytest.mark.parametrize("page", CANDIDATE_PAGES)
def test_candidate_pages_give_nothing_away_and_link_only_to_candidate_pages_and_files(site_dir, page):
    parsed = parse(site_dir, page)
    text = parsed.text.lower()
    for word in GIVEAWAYS:
        assert not re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text), f"{page} mentions {word!r}"
    for href in parsed.links:
        if href.startswith("#"):
            continue
        where = target(page, href)
        assert where in CANDIDATE_PAGES or where.startswith("files/"), f"{page} links to {href}"


def test_the_nav_keeps_candidate_pages_apart_and_examples_under_training(site_dir):
    html = html_of(site_dir, "")
    nav = html[html.index('md-nav--primary'):]

    def section(label: str) -> list[str]:
        start = nav.index(f">{label}<") if f">{label}<" in nav else nav.index(label)
        block = nav[start:nav.index("</ul>", start)]
        return [target("", h) for h in re.findall(r'href="([^"]+)"', block)]

    assert section("For candidates") == CANDIDATE_PAGES
    training = section("Training interviewers")
    assert set(EXAMPLE_KEYS) <= set(training)
    for key in EXAMPLE_KEYS:
        assert key not in section("For candidates") and key not in section("Running the loop")


@pytest.mark.parametrize("page", EXAMPLE_KEYS)
def test_example_keys_are_marked_and_name_their_seed(site_dir, page):
    text = parse(site_dir, page).text
    assert "Example for practice and training: never send to a real candidate" in text
    assert "private variant" in text
    stage = page.removesuffix("-example-key")
    seed = (load_menu() if stage == "stage-2" else load_fault_menu()).example_seed
    assert re.search(rf"Seed\s*{seed}\s*\.", text)


def test_stage3_example_key_quotes_the_published_files_line_by_line(site_dir):
    pack = candidate_pack("stage-3", load_fault_menu().example_seed, published=True)
    text = parse(site_dir, "stage-3-example-key").text
    variant = stage3.make_variant(pack["seed"])
    assert variant.citations
    for c in variant.citations:
        published = (site_dir / "interview" / "files" / "stage3-pipeline" / c.file).read_text().splitlines()
        assert published[c.line - 1] == c.text
        assert re.search(rf"{re.escape(c.file)}\s*, line {c.line}:", text)
    assert pack["zip_sha256"] in text


@pytest.mark.parametrize(("stage", "folder"), [("stage-2", "stage2"), ("stage-3", "stage3-pipeline")])
def test_downloads_are_the_generated_example(site_dir, stage, folder):
    files = site_dir / "interview" / "files"
    seed = (load_menu() if stage == "stage-2" else load_fault_menu()).example_seed
    pack = candidate_pack(stage, seed, published=True)
    assert (files / pack["zip_name"]).read_bytes() == pack["zip"]
    with zipfile.ZipFile(io.BytesIO(pack["zip"])) as archive:
        names = [n.split("/", 1)[1] for n in archive.namelist()]
        assert "BRIEF.md" in names
        for name in names:
            if name != "BRIEF.md":
                assert (files / folder / name).read_bytes() == archive.read(f"{archive.namelist()[0].split('/')[0]}/{name}")
    assert not (site_dir / "interview" / "data").exists(), "the data files are for the build, not the site"
    assert not (site_dir / "data" / "briefs").exists(), "the brief templates are for the build, not the site"


@pytest.mark.parametrize("brief", ["stage-2-brief", "stage-3-brief"])
def test_brief_download_links_resolve(site_dir, brief):
    base = site_dir / "interview" / brief
    downloads = [h for h in parse(site_dir, brief).links if "files/" in h]
    assert downloads
    for href in downloads:
        assert (base / href).resolve().is_file(), href


@pytest.mark.parametrize(("brief", "stage"), list(zip(CANDIDATE_PAGES, INTERVIEWER_PAGES)))
def test_interviewer_pages_quote_the_exact_brief(site_dir, brief, stage):
    brief_text = parse(site_dir, brief).text
    stage_text = parse(site_dir, stage).text
    body = brief_text.split("¶", 1)[-1]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s", body) if len(s.strip()) > 30 and "¶" not in s]
    assert len(sentences) > 5
    for sentence in sentences:
        assert sentence in stage_text, sentence


def test_every_stage_fact_comes_from_the_loop(site_dir):
    figures = stages.stage_figures()
    for stage_id, interviewer, candidate, card in zip(["screen", "stage-1", "stage-2", "stage-3"], INTERVIEWER_PAGES,
                                                     CANDIDATE_PAGES, SCORECARDS):
        assert figures[f"stage.{stage_id}.agenda"] in parse(site_dir, interviewer).text
        assert figures[f"stage.{stage_id}.agenda_candidate"] in parse(site_dir, candidate).text
        assert f"Time box: {figures[f'stage.{stage_id}.time_box']}" in parse(site_dir, card).text
    overview = parse(site_dir, "").text
    assert f"between {figures['stage.loop.live']} (the sessions alone) and {figures['stage.loop.most']}" in overview
    # No page states a stage's length in its own words (the figures are the one source).
    for path in [*(ROOT / "docs" / "interview").glob("*.md"), *(ROOT / "docs" / "guide").glob("*.md"),
                 *(ROOT / "docs" / "data" / "briefs").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        for minutes in ("45 minutes", "55 minutes", "60 minutes", "75 minutes", "90 minutes"):
            assert minutes not in text, f"{path.relative_to(ROOT)} states '{minutes}' itself"
        assert "8% accuracy" not in text, f"{path.relative_to(ROOT)}: say percentage points"


def test_scorecards_carry_the_level_line_where_the_stage_sets_the_level(site_dir):
    cards = load_scorecards()
    labels = [lv.label for lv in load_levels()]
    for page, stage in zip(SCORECARDS, cards.stages):
        text = parse(site_dir, page).text
        has_line = "Level this stage supports" in text
        assert has_line == stage.sets_level, page
        if has_line:
            for label in [*labels, "Below the bar"]:
                assert label in text


def test_levelling_page_links_every_level_to_its_pay_band(site_dir):
    parsed = parse(site_dir, "levelling")
    compensation = (site_dir / "guide" / "compensation" / "index.html").read_text(encoding="utf-8")
    for level in load_levels():
        link = next(h for h in parsed.links if h.endswith(f"#pay-{level.id}"))
        assert link.startswith("../../guide/compensation/")
        assert f'id="pay-{level.id}"' in compensation


def test_levelling_examples_show_what_the_rule_decides(site_dir):
    text = parse(site_dir, "levelling").text
    levels = {lv.id: lv.label for lv in load_levels()}
    import tomllib

    data = tomllib.loads((ROOT / "docs" / "interview" / "data" / "levelling.toml").read_text())
    for example in data["example"]:
        ratings = {k: [v or None for v in vals] for k, vals in example["ratings"].items()}
        decision = levelling.decide(ratings, list(levels))
        shown = f"Decision: {decision.outcome}" + (f" at {levels[decision.level]}" if decision.level else "")
        assert shown in text, (example["title"], shown)


def test_one_ai_policy_quoted_word_for_word_wherever_it_is_stated(site_dir):
    from evaluator.interview.briefs import policy_figures

    policy = policy_figures()
    where = {
        "policy.ai_summary": ["messages"],
        "policy.ai_assistants": ["stage-2-brief", "stage-3-brief", "candidate-care", "messages"],
        "policy.ai_live_hands_on": ["stage-2-brief", "candidate-care", "messages"],
        "policy.ai_live_conversation": ["stage-3-brief", "candidate-care", "messages"],
    }
    texts = {page: " ".join(parse(site_dir, page).text.split()) for page in PAGES}
    for name, pages in where.items():
        for page in pages:
            assert policy[name] in texts[page], (name, page)
    # Stage 2's session is hands-on and stage 3's a conversation: each brief says its own.
    assert policy["policy.ai_live_conversation"] not in texts["stage-2-brief"]
    assert policy["policy.ai_live_hands_on"] not in texts["stage-3-brief"]
    # No page words the rule its own way: "nothing to look up" appears only inside the policy texts.
    for page, text in texts.items():
        own = text
        for value in policy.values():
            own = own.replace(value, "")
        assert "nothing to look up" not in own, page


@pytest.mark.parametrize("page", SCORECARDS)
def test_scorecard_boxes_are_labelled_text_boxes_and_the_hands_on_cards_state_the_probe_rule(site_dir, page):
    html = (site_dir / "interview" / page / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<div class="kit-scorecard__box[^"]*" id="([^"]+)" role="textbox" aria-multiline="true" '
                       r'aria-labelledby="([^"]+)" contenteditable="true"', html)
    cards = load_scorecards()
    stage = cards.stage(page.removeprefix("scorecard-"))
    assert len(boxes) == len(stage.dimensions) + 1
    for _, label in boxes:
        assert f'id="{label}"' in html
    assert "<textarea" not in html
    assert (cards.probe_rule in " ".join(parse(site_dir, page).text.split())) == stage.probes
