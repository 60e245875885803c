"""The self-assessment hook: check the question bank when the site builds, and write its rules into the page.

`evaluator.assessment` reads docs/data/assessment.toml with the kit's levels and computes the keys
of its reading questions with the drift engine; any mistake (a bad field, a key no option matches,
a link to a page or anchor that does not exist) stops the build with the item named. The wheel
step (scripts/wheel.py) ships the same computed keys to the browser.

Markers in docs/tools/self-assessment.md, each on a line of its own:
  <!-- assessment:rules -->   every scoring rule in words (overrides/partials/assessment/rules.html)
  <!-- assessment:areas -->   the areas and the guide sections they link to (.../areas.html)
and inline: %assessment.questions%, %assessment.evidence%, %assessment.areas% for the counts.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from evaluator.assessment.bank import Bank
from evaluator.assessment.links import site_path
from evaluator.assessment.load import BANK_FILE, bank_from_text
from evaluator.assessment.rules_text import rules_in_words
from evaluator.datafile import DataError
from evaluator.levels import FILE as LEVELS_FILE
from scripts.hooks.partials import render

_MARKER = re.compile(r"^<!-- assessment:(?P<kind>[a-z-]+) -->$", re.MULTILINE)
_COUNT = re.compile(r"%assessment\.([a-z]+)%")

_bank: Bank | None = None


def bank_links(bank: Bank) -> list[str]:
    """Every page#anchor the bank links to (areas, questions and the lean)."""
    links = [r.link for a in bank.areas for r in a.read] + [i.read.link for i in bank.items if i.read] + [bank.rules.lean_link]
    return list(dict.fromkeys(links))


def broken_links(bank: Bank, docs: Path) -> list[str]:
    """Links whose page is missing under docs/ or has no `{ #anchor }` for the anchor."""
    broken = []
    for link in bank_links(bank):
        page, anchor = link.split("#", 1)
        path = docs / page
        if not path.is_file():
            broken.append(f"{link} (no page docs/{page})")
        elif not re.search(r"\{[^}\n]*#" + re.escape(anchor) + r"\b", path.read_text(encoding="utf-8")):
            broken.append(f"{link} (docs/{page} has no {{ #{anchor} }})")
    return broken


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _bank
    docs = Path(config["docs_dir"])
    try:
        _bank = bank_from_text((docs / BANK_FILE).read_text(encoding="utf-8"), (docs / LEVELS_FILE).read_text(encoding="utf-8"))
    except (DataError, OSError) as exc:
        raise PluginError(f"self-assessment: {exc}") from None
    broken = broken_links(_bank, docs)
    if broken:
        raise PluginError(f"{BANK_FILE}: broken link(s): {'; '.join(broken)}")
    return config


def _areas(bank: Bank, page: Page) -> list[dict]:
    to_root = "../" * page.url.count("/")
    out = []
    for area in bank.areas:
        links = list(area.read) + [i.read for i in bank.area_items(area.id) if i.read]
        unique = list({link.link: link for link in links}.values())
        out.append({
            "id": area.id, "title": area.title, "required": area.required,
            "questions": sum(i.kind != "evidence" for i in bank.area_items(area.id)),
            "links": [{"title": link.title, "href": to_root + site_path(link.link)} for link in unique],
        })
    return out


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    if "assessment:" not in markdown and "%assessment." not in markdown:
        return markdown
    bank = _bank
    assert bank is not None  # on_config ran

    def marker(match: re.Match) -> str:
        kind = match.group("kind")
        if kind == "rules":
            return render(config, "assessment/rules.html", rules=rules_in_words(bank))
        if kind == "areas":
            return render(config, "assessment/areas.html", areas=_areas(bank, page))
        raise PluginError(f"{page.file.src_uri}: unknown marker <!-- assessment:{kind} -->")

    counts = {
        "questions": sum(i.kind != "evidence" for i in bank.items),
        "evidence": sum(i.kind == "evidence" for i in bank.items),
        "areas": len(bank.areas),
    }

    def count(match: re.Match) -> str:
        if match.group(1) not in counts:
            raise PluginError(f"{page.file.src_uri}: unknown figure %assessment.{match.group(1)}%; known: {', '.join(counts)}")
        return str(counts[match.group(1)])

    return _COUNT.sub(count, _MARKER.sub(marker, markdown))
