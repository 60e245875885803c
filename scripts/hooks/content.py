"""The content hook: check the guide's data files when the site builds and render them into pages.

Maintainers edit figures in `docs/data/*.toml`, never in the Markdown. At build time each data
file is read by its typed loader in `evaluator/` (a wrong or missing field stops the build with a
message naming the file and the field), and a marker comment in a page is replaced by the
rendered partial:

    <!-- kit:compensation-table -->   ->  overrides/partials/pay-table.html, from docs/data/compensation.toml

The levels file (docs/data/levels.toml) is checked here too; the pages that use it read it
through the same loader. So are the hiring tools' data files (the JD linter's rules, the JD
templates, the pay-transparency rules and the team criteria), which the tools read in the browser
from the evaluator wheel: a bad edit stops the build instead of breaking a tool.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from evaluator.datafile import DataError, load
from evaluator.interview.scorecards import FILE as SCORECARDS_FILE
from evaluator.interview.scorecards import load_scorecards
from evaluator.jd import rules as jd_rules
from evaluator.jd import templates as jd_templates
from evaluator.pay import transparency
from evaluator.team import criteria as team_criteria
from evaluator.levels import FILE as LEVELS_FILE
from evaluator.levels import load_levels
from evaluator.pay import Compensation
from evaluator.pay.compensation import FILE as COMPENSATION_FILE
from evaluator.pay.compensation import load_compensation
from scripts.hooks.partials import render

COMPENSATION_MARKER = "<!-- kit:compensation-table -->"
# Any marker of this form left in a page after rendering is a typo; the build says so.
MARKER_PREFIX = "<!-- kit:"

_compensation: Compensation | None = None


def on_config(config):
    """Check every data file before any page is built, so a bad edit fails fast and clearly."""
    global _compensation
    docs = Path(config["docs_dir"])
    for name in (COMPENSATION_FILE, LEVELS_FILE):
        if not (docs / name).is_file():
            raise PluginError(f"{name}: file not found in {docs}")
    try:
        _compensation = load_compensation((docs / COMPENSATION_FILE).read_text(encoding="utf-8"))
        levels = load_levels((docs / LEVELS_FILE).read_text(encoding="utf-8"))
    except DataError as e:
        raise PluginError(str(e)) from None
    missing = sorted({lv.id for lv in levels} ^ {lv.id for lv in _compensation.levels})
    if missing:
        raise PluginError(f"{LEVELS_FILE} and {COMPENSATION_FILE} must define the same levels; they differ in {missing}")
    _check_hiring_tools(docs, _compensation)
    return config


def _check_hiring_tools(docs: Path, compensation: Compensation) -> None:
    """The hiring tools' data files pass their loaders and agree with each other."""

    def text(name: str) -> str:
        return (docs / name).read_text(encoding="utf-8")

    try:
        load(jd_rules.FILE, jd_rules.parse_rules, text(jd_rules.FILE))
        scorecards = load_scorecards(text(SCORECARDS_FILE))
        templates = load(jd_templates.FILE, jd_templates.parse_templates, text(jd_templates.FILE), scorecards=scorecards)
        rules = load(transparency.FILE, transparency.parse_transparency, text(transparency.FILE))
        load(team_criteria.FILE, team_criteria.parse_criteria, text(team_criteria.FILE))
        jd_templates.check_locations(templates, {r.id for r in rules.rules}, {m.id for m in compensation.markets})
    except FileNotFoundError as e:
        raise PluginError(f"{Path(e.filename).relative_to(docs)}: file not found in {docs}") from None
    except DataError as e:
        raise PluginError(str(e)) from None


def on_page_markdown(markdown: str, page, config, files) -> str:
    if COMPENSATION_MARKER in markdown:
        assert _compensation is not None  # on_config ran
        markdown = markdown.replace(COMPENSATION_MARKER, render(config, "pay-table.html", comp=_compensation))
    if MARKER_PREFIX in markdown:
        line = next(ln for ln in markdown.splitlines() if MARKER_PREFIX in ln)
        raise PluginError(f"{page.file.src_uri}: unknown marker {line.strip()!r}")
    return markdown
