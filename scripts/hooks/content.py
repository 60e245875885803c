"""The content hook: check the guide's data files when the site builds and render them into pages.

Maintainers edit figures in `docs/data/*.toml`, never in the Markdown. At build time each data
file is read by its typed loader in `evaluator/` (a wrong or missing field stops the build with a
message naming the file and the field), and a marker comment in a page is replaced by the
rendered partial:

    <!-- kit:compensation-table -->   ->  overrides/partials/pay-table.html, from docs/data/compensation.toml

The levels file (docs/data/levels.toml) is checked here too; the pages that use it read it
through the same loader.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from evaluator.datafile import DataError
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
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    if COMPENSATION_MARKER in markdown:
        assert _compensation is not None  # on_config ran
        markdown = markdown.replace(COMPENSATION_MARKER, render(config, "pay-table.html", comp=_compensation))
    if MARKER_PREFIX in markdown:
        line = next(ln for ln in markdown.splitlines() if MARKER_PREFIX in ln)
        raise PluginError(f"{page.file.src_uri}: unknown marker {line.strip()!r}")
    return markdown
