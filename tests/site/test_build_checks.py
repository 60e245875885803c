"""What stops the build, and how: a broken runtime cache, broken data files, typos in markers.

These tests run MkDocs (the build itself or a hook's events), so they live in the site layer.
"""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture(scope="module")
def mkdocs_config():
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


def test_interview_markers_and_figures_are_replaced_and_typos_stop_the_build(mkdocs_config):
    from mkdocs.exceptions import PluginError

    from evaluator.interview import stage2

    interview_hook.on_config(mkdocs_config)
    page = _FakePage("interview/x.md")
    out = interview_hook.on_page_markdown("Seed %stage2.seed%.\n\n<!-- interview:scale stage-3 -->\n", page, mkdocs_config, None)
    assert f"Seed {stage2.DEFAULT_SEED}." in out and 'class="kit-scale"' in out
    with pytest.raises(PluginError, match="unknown figure"):
        interview_hook.on_page_markdown("%stage2.nope%", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="unknown marker"):
        interview_hook.on_page_markdown("<!-- interview:scorecards stage-1 -->", page, mkdocs_config, None)
    with pytest.raises(PluginError, match="no stage 'stage-9'"):
        interview_hook.on_page_markdown("<!-- interview:scorecard stage-9 -->", page, mkdocs_config, None)
    # Pages outside the interview section are left alone.
    assert interview_hook.on_page_markdown("%stage2.seed%", _FakePage("guide/x.md"), mkdocs_config, None) == "%stage2.seed%"


def test_scorecard_html_labels_every_control_and_escapes_the_data(mkdocs_config):
    import re

    from evaluator.interview import scorecards
    from scripts.hooks.partials import render

    cards = scorecards.load_scorecards()
    html = render(mkdocs_config, "interview/scorecard.html", cards=cards, stage=cards.stage("stage-2"))
    ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html)
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and set(ids) == labels and len(ids) == len(set(ids))
    dims = len(cards.stage("stage-2").dimensions)
    assert html.count('type="checkbox"') == dims * 4 + len(cards.recommendations) + 1
    # maintainers' text is data, not markup
    text = (ROOT / "docs" / scorecards.FILE).read_text().replace("Scoping", "Scoping <b>&", 1)
    tricky = scorecards.load_scorecards(text)
    html = render(mkdocs_config, "interview/scale.html", cards=tricky, stage=tricky.stage("stage-1"))
    assert "Scoping &lt;b&gt;&amp;" in html and "<b>" not in html


def test_brief_body_drops_front_matter_and_title_and_nests_headings():
    body = interview_hook.brief_body(ROOT / "docs" / "interview", "stage-2-brief.md")
    assert not body.startswith("---") and "# Stage 2 brief" not in body
    assert "\n### The data" in body and "\n## " not in body


def test_pipeline_zip_holds_only_the_exercise(tmp_path):
    pipeline = ROOT / "docs" / interview_hook.PIPELINE_DIR
    names = sorted(interview_hook.pipeline_files(pipeline))
    assert "train.py" in names and "data/customers.csv" in names
    copy = tmp_path / "p"
    shutil.copytree(pipeline, copy, ignore=shutil.ignore_patterns("__pycache__", "registry"))
    (copy / "registry" / "production").mkdir(parents=True)
    (copy / "registry" / "production" / "model.json").write_text("{}")
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "train.cpython-311.pyc").write_bytes(b"x")
    assert sorted(interview_hook.pipeline_files(copy)) == names
