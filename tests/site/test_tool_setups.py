"""Tool pages as built: every tool's setup is a file beside its page that the placeholder names, equal
to the tool's Python option source, and no page's content holds a data <script> (Material's instant
navigation would run it as code: the drift lab lost its setup that way)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from evaluator import api
from scripts.hooks import tools as hook

PLACEHOLDER = re.compile(r'<div data-tool="([a-z-]+)"([^>]*)>')
SETUP = re.compile(r'data-setup="([a-z-]+\.setup\.json)\?v=([0-9a-f]{12})"')
CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def tool_pages(site: Path) -> dict[str, list[tuple[Path, str]]]:
    found: dict[str, list[tuple[Path, str]]] = {}
    for page in site.rglob("index.html"):
        for name, rest in PLACEHOLDER.findall(page.read_text(encoding="utf-8")):
            found.setdefault(name, []).append((page, rest))
    return found


def test_every_tool_with_an_option_source_names_its_setup_file_and_it_is_that_source(site_dir):
    found = tool_pages(site_dir)
    assert set(hook.SETUPS) <= set(found), "a tool with a setup has no page"
    for name in hook.SETUPS:
        for page, rest in found[name]:
            match = SETUP.search(rest)
            assert match, f"{page}: <div data-tool={name!r}> names no setup file"
            path = page.parent / match[1]
            data = path.read_bytes()
            assert hook.hashlib.sha256(data).hexdigest()[:12] == match[2], f"{path}: the address's version is not its content's"
            setup = json.loads(data)
            if name in ("jd-builder", "jd-templates"):
                assert setup["form"] == api.jd_options()["form"]
            elif name == "team-helper":
                assert setup == json.loads(json.dumps(api.team_options()))
            elif name == "drift-lab":
                assert {k: setup[k] for k in api.drift_lab_setup()} == json.loads(json.dumps(api.drift_lab_setup()))
    first = json.loads((site_dir / "tools/jd-templates/jd-templates.setup.json").read_text(encoding="utf-8"))["first"]
    assert first["result"] == json.loads(json.dumps(api.jd_template(**first["for"])))


def test_no_page_content_holds_a_data_script(site_dir):
    for page in site_dir.rglob("index.html"):
        for content in CONTENT.findall(page.read_text(encoding="utf-8")):
            assert "<script" not in content, f"{page}: a <script> in the page's content does not survive instant navigation"


class _Page:
    class file:  # noqa: N801 - stands in for mkdocs' File
        src_uri = "tools/example.md"

    url = "tools/example/"


@pytest.mark.parametrize("script", ['<script type="application/json" id="x">{}</script>',
                                    '<script type="text/template">x</script>'])
def test_the_build_refuses_a_data_script_in_a_page(script):
    with pytest.raises(PluginError, match="instant navigation"):
        hook.check_content(f"<p>text</p>{script}", _Page())
    hook.check_content('<p>text</p><script type="module" src="x.js"></script>', _Page())
