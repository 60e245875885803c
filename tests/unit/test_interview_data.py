"""The interview kit's data files and build hook: schema checks that catch mistakes, stable outputs."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import interview as hook  # noqa: E402  (scripts/hooks/interview.py)

SCORECARDS = ROOT / "docs" / "interview" / "data" / "scorecards.toml"


def test_scorecards_cover_three_stages_with_four_anchored_levels():
    data = hook.load_scorecards()
    assert [s["id"] for s in data["stage"]] == ["stage-1", "stage-2", "stage-3"]
    assert any(r.startswith("No decision") for r in data["recommendations"])
    for stage in data["stage"]:
        for dim in stage["dimension"]:
            assert len(dim["anchors"]) == 4
            assert len(set(dim["anchors"])) == 4, (stage["id"], dim["name"])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('    "Starts drawing at once; never asks about team, models, release cadence or data.",\n', "", 1),
         "four descriptions"),
        (lambda t: t.replace('  "No decision: evidence missing (name it below)",\n', ""), "No decision"),
        (lambda t: t.replace('page = "stage-2-production-debugging.md"', 'page = "stage-2.md"'), "is not in docs/interview"),
        (lambda t: t.replace('Starts drawing at once;', "Starts drawing at once; " + "x" * 150), "over 160 characters"),
        (lambda t: t.replace('id = "stage-3"', 'id = "stage-1"'), "appears twice"),
    ],
)
def test_schema_check_names_the_problem(tmp_path, edit, message):
    broken = tmp_path / "scorecards.toml"
    text = SCORECARDS.read_text()
    changed = edit(text)
    assert changed != text, "the edit did not apply; update this test to the data file"
    broken.write_text(changed)
    with pytest.raises(ValueError, match=message):
        hook.load_scorecards(broken)


def test_scorecard_html_labels_every_control():
    data = hook.load_scorecards()
    html = hook.render_scorecard(data, "stage-2")
    import re

    ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', html)
    labels = set(re.findall(r'<label for="([^"]+)"', html))
    assert ids and set(ids) == labels and len(ids) == len(set(ids))
    dims = len(next(s for s in data["stage"] if s["id"] == "stage-2")["dimension"])
    assert html.count('type="checkbox"') == dims * 4 + len(data["recommendations"]) + 1


def test_pipeline_zip_is_reproducible_and_holds_only_the_exercise(tmp_path):
    assert hook.pipeline_zip() == hook.pipeline_zip()
    names = zipfile.ZipFile(io.BytesIO(hook.pipeline_zip())).namelist()
    assert "stage3-pipeline/train.py" in names and "stage3-pipeline/data/customers.csv" in names
    copy = tmp_path / "p"
    import shutil

    shutil.copytree(hook.PIPELINE, copy, ignore=shutil.ignore_patterns("__pycache__", "registry"))
    (copy / "registry" / "production").mkdir(parents=True)
    (copy / "registry" / "production" / "model.json").write_text("{}")
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "train.cpython-311.pyc").write_bytes(b"x")
    assert zipfile.ZipFile(io.BytesIO(hook.pipeline_zip(copy))).namelist() == names


def test_stage2_figures_agree_with_the_data():
    figures = hook.stage2_figures()
    data = hook.stage2()
    ref = data.reference_csv.splitlines()[1:]
    header = data.reference_csv.splitlines()[0].split(",")
    p, c = header.index("predicted_churn"), header.index("churned")
    accuracy = sum(line.split(",")[p] == line.split(",")[c] for line in ref) / len(ref)
    assert figures["accuracy_reference"] == f"{100 * accuracy:.1f}%"
    assert figures["reference_rows"] == f"{len(ref):,}"
    assert 7.0 <= float(figures["accuracy_drop_points"]) <= 9.0


def test_brief_body_drops_front_matter_and_title_and_nests_headings():
    body = hook.brief_body("stage-2-brief.md")
    assert not body.startswith("---") and "# Stage 2 brief" not in body
    assert "\n### The data" in body and "\n## " not in body


class _FakeFile:
    def __init__(self, src_uri: str):
        self.src_uri = src_uri


class _FakePage:
    def __init__(self, src_uri: str):
        self.file = _FakeFile(src_uri)


def test_markers_and_figures_are_replaced_and_typos_stop_the_build():
    from mkdocs.exceptions import PluginError

    hook.on_config(None)
    page = _FakePage("interview/x.md")
    out = hook.on_page_markdown("Seed %stage2.seed%.\n\n<!-- interview:scale stage-3 -->\n", page, None, None)
    assert f"Seed {hook.stage2_dataset.DEFAULT_SEED}." in out and 'class="kit-scale"' in out
    with pytest.raises(PluginError, match="unknown figure"):
        hook.on_page_markdown("%stage2.nope%", page, None, None)
    with pytest.raises(PluginError, match="unknown marker"):
        hook.on_page_markdown("<!-- interview:scorecards stage-1 -->", page, None, None)
    # Pages outside the interview section are left alone.
    assert hook.on_page_markdown("%stage2.seed%", _FakePage("guide/x.md"), None, None) == "%stage2.seed%"
