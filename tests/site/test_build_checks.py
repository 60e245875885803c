"""What stops the build, and how: a broken runtime cache, broken data files, typos in markers.

These tests run MkDocs (the build itself or a hook's events), so they live in the site layer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import vendor
from scripts.hooks import interview as interview_hook

ROOT = Path(__file__).resolve().parents[2]


def test_mkdocs_build_stops_with_the_missing_file_and_the_fix(cache_copy, tmp_path):
    (cache_copy / f"pyodide-{vendor.PYODIDE_VERSION}" / "pyodide.asm.wasm").unlink()
    env = dict(os.environ, MLOPS_KIT_CACHE=str(cache_copy), NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert run.returncode != 0
    assert "missing:" in run.stderr and "pyodide.asm.wasm" in run.stderr
    assert "Fix: run `scripts/fetch-runtime`" in run.stderr
    assert "Traceback" not in run.stderr


class _FakeFile:
    def __init__(self, src_uri: str):
        self.src_uri = src_uri


class _FakePage:
    def __init__(self, src_uri: str):
        self.file = _FakeFile(src_uri)
        self.url = src_uri.removesuffix(".md") + "/"


@pytest.fixture(scope="module")
def mkdocs_config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def test_interview_markers_and_figures_are_replaced_and_typos_stop_the_build(mkdocs_config):
    from mkdocs.exceptions import PluginError

    from evaluator.interview import stages
    from evaluator.interview.stage2_causes import load_menu

    interview_hook.on_config(mkdocs_config)
    page = _FakePage("interview/x.md")
    out = interview_hook.on_page_markdown("Seed %stage2.seed%, %stage.stage-1.live%.\n\n<!-- interview:scale stage-3 -->\n",
                                          page, mkdocs_config, None)
    assert f"Seed {load_menu().example_seed}, {stages.stage_figures()['stage.stage-1.live']}." in out
    assert 'class="kit-scale"' in out
    with pytest.raises(PluginError, match="unknown figure"):
        interview_hook.on_page_markdown("%stage2.nope%", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="unknown figure"):
        interview_hook.on_page_markdown("%stage.stage-9.live%", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="unknown marker"):
        interview_hook.on_page_markdown("<!-- interview:scorecards stage-1 -->", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="no stage 'stage-9'"):
        interview_hook.on_page_markdown("<!-- interview:scorecard stage-9 -->", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="no longer does"):
        interview_hook.on_page_markdown("<!-- interview:requires-example stage-3 leakage -->", page, mkdocs_config, None)
    # Text that only looks like a figure is left alone.
    assert interview_hook.on_page_markdown("from 84% to 76%.", page, mkdocs_config, None) == "from 84% to 76%."


def test_scorecard_html_labels_every_control_and_escapes_the_data(mkdocs_config):
    import re

    from evaluator.interview import scorecards, stages
    from evaluator.levels import load_levels
    from scripts.hooks.partials import render

    cards = scorecards.load_scorecards()
    levels = load_levels()
    loop = stages.load_loop()
    for stage in cards.stages:
        html = render(mkdocs_config, "interview/scorecard.html", cards=cards, stage=stage,
                      loop_stage=loop.stage(stage.id), time_box="x", levels=levels, rule="r")
        ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html)
        labels = set(re.findall(r'<label for="([^"]+)"', html))
        assert ids and set(ids) == labels and len(ids) == len(set(ids))
        level_line = len(levels) + 1 if stage.sets_level else 0
        assert html.count('type="checkbox"') == len(stage.dimensions) * 4 + level_line + len(stage.recommendations) + 1
    # maintainers' text is data, not markup
    text = (ROOT / "docs" / scorecards.FILE).read_text().replace("Scoping", "Scoping <b>&", 1)
    tricky = scorecards.load_scorecards(text)
    html = render(mkdocs_config, "interview/scale.html", cards=tricky, stage=tricky.stage("stage-1"))
    assert "Scoping &lt;b&gt;&amp;" in html and "<b>" not in html
