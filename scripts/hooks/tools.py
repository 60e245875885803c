"""The tools hook: what a tool's form is built from, computed at build time and published as a JSON file.

A page hosts a tool with ``<div data-tool="name"></div>``. For the tools listed in `SETUPS`, this hook
calls the tool's own option source in `evaluator.api` (the function the tool would otherwise ask the
browser's Python for) when the site builds, writes the answer next to the page as
``<name>.setup.json`` and points the placeholder at it: ``<div data-tool="name" data-setup="...">``.
overrides/assets/javascripts/tools.js fetches that file and hands it to the tool's ``mount``, so the
form appears at once, before Python has loaded.

Why a file and not an inline ``<script type="application/json">``: Material's instant navigation
re-creates every script of the new page's content as an executable script, dropping its type and
id. A JSON block then runs as JavaScript (a CSP violation) and the tool finds no setup. An
attribute and a fetched file survive the page swap; `check_content` refuses the inline kind.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from evaluator import api
from scripts.hooks.drift_lab import setup_for as drift_lab_setup

# tool name -> its setup for a page: the tool's option source in evaluator.api. The drift lab's
# adds page-relative links (to the metrics page and the example files).
SETUPS: dict[str, Callable[[Page], dict[str, Any]]] = {
    "drift-lab": drift_lab_setup,
    "jd-builder": lambda page: api.jd_options(),
    # With the template its pickers start on, so the page shows an advert before Python has loaded.
    "jd-templates": lambda page: jd_templates_setup(),
    "team-helper": lambda page: api.team_options(),
    # Figures and rules as of the build date; the page asks Python again when a filter changes.
    "pay-explorer": lambda page: api.pay_explorer(),
    # The start screen's counts, so it is drawn before Python has loaded (the questions come later).
    "self-assessment": lambda page: self_assessment_setup(),
}


def self_assessment_setup() -> dict[str, Any]:
    """What the self-assessment's start screen says: the questions' version and how many there are
    (per `api.assessment_bank`, the page's own source of its questions), without the questions."""
    bank = api.assessment_bank(seed=0)
    choice = [q for area in bank["areas"] for q in area["questions"] if q["kind"] != "evidence"]
    return {"version": bank["version"], "hash": bank["hash"], "areas": len(bank["areas"]), "questions": len(choice)}

def jd_templates_setup() -> dict[str, Any]:
    """The JD templates' pickers and the advert they start on (overrides/.../jd-templates.js starts
    on role "platform", level "senior" and the form's default location)."""
    options = api.jd_options()
    first = {"role": "platform", "level": "senior", "location": options["form"]["defaults"]["location"]}
    return {**options, "first": {"for": first, "result": api.jd_template(**first)}}


_PLACEHOLDER = re.compile(r'<div data-tool="(?P<name>[a-z][a-z0-9-]*)"(?P<rest>[^>]*)>')
_DATA_SCRIPT = re.compile(r'<script\b[^>]*\btype="(?!module|text/javascript)[^"]+"', re.IGNORECASE)

_written: dict[str, bytes] = {}  # site path -> JSON bytes, written after the build


def setup_file(name: str, page: Page) -> str:
    """The site path of a tool's setup file on ``page`` (beside the page's index.html)."""
    folder = page.url if page.url.endswith("/") or not page.url else page.url.rsplit("/", 1)[0] + "/"
    return f"{folder}{name}.setup.json"


def setup_json(setup: dict[str, Any]) -> bytes:
    return (json.dumps(setup, separators=(",", ":"), allow_nan=False, sort_keys=True) + "\n").encode("utf-8")


JAVASCRIPTS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts"
_STATIC_IMPORT = re.compile(r'^import\s[^;]*?from\s+"(\.{1,2}/[^"]+\.js)";', re.MULTILINE)


def module_graph(name: str) -> list[str]:
    """tools/<name>.js and every module it imports statically, as paths under assets/javascripts/."""
    seen: list[str] = []
    todo = [JAVASCRIPTS / "tools" / f"{name}.js"]
    while todo:
        path = todo.pop()
        rel = path.relative_to(JAVASCRIPTS).as_posix()
        if rel in seen or not path.is_file():
            continue
        seen.append(rel)
        todo += [(path.parent / spec).resolve() for spec in _STATIC_IMPORT.findall(path.read_text(encoding="utf-8"))]
    return seen


def modules_attribute(name: str) -> str:
    """The tool's modules as an attribute of its placeholder: tools.js asks for them all at once
    (instead of one import after another) once the page has painted. Not <link rel="modulepreload">
    in the HTML: those would compete with the page's first paint for the network."""
    return f' data-modules="{" ".join(module_graph(name))}"'


def with_setups(html: str, page: Page) -> str:
    """The page's tool placeholders, each pointing at its setup file (written after the build) and
    naming its modules."""

    def point(match: re.Match[str]) -> str:
        name, rest = match["name"], match["rest"]
        if name not in SETUPS or "data-setup=" in rest:
            return f'<div data-tool="{name}"{modules_attribute(name)}{rest}>'
        data = setup_json(SETUPS[name](page))
        path = setup_file(name, page)
        _written[path] = data
        # The content's hash in the address: a new build's setup is never read from an old cache.
        version = hashlib.sha256(data).hexdigest()[:12]
        setup = f"{name}.setup.json?v={version}"
        return f'<div data-tool="{name}" data-setup="{setup}"{modules_attribute(name)}{rest}>'

    return _PLACEHOLDER.sub(point, html)


def check_content(html: str, page: Page) -> None:
    """Refuse a non-JavaScript <script> in a page's content: instant navigation would run it."""
    found = _DATA_SCRIPT.search(html)
    if found:
        raise PluginError(
            f"{page.file.src_uri}: {found[0]}...> in the page's content does not survive instant navigation "
            "(Material re-creates it as an executable script); publish the data as a file (scripts/hooks/tools.py)"
        )


# ---------------------------------------------------------------- MkDocs events


def on_pre_build(config) -> None:
    _written.clear()


def on_page_content(html: str, page: Page, config, files) -> str:
    check_content(html, page)
    return with_setups(html, page)


def on_post_build(config) -> None:
    site = Path(config.site_dir)
    for path, data in _written.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
