"""The interview kit's data files through their typed loaders: schema checks that catch mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evaluator.datafile import DataError
from evaluator.interview import scorecards, stage2, stage2_key, stage3_key
from evaluator.interview.packaging import zip_files

ROOT = Path(__file__).resolve().parents[2]
SCORECARDS = ROOT / "docs" / scorecards.FILE
PIPELINE = ROOT / "docs" / "interview" / "files" / "stage3-pipeline"
PAGES = [p.name for p in (ROOT / "docs" / "interview").glob("*.md")]


def test_scorecards_cover_three_stages_with_four_anchored_levels():
    cards = scorecards.load_scorecards(pages=PAGES)
    assert [s.id for s in cards.stages] == ["stage-1", "stage-2", "stage-3"]
    assert any(r.startswith("No decision") for r in cards.recommendations)
    for stage in cards.stages:
        for dim in stage.dimensions:
            assert len(dim.anchors) == 4
            assert len(set(dim.anchors)) == 4, (stage.id, dim.name)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('    "Starts drawing at once; never asks about team, models, release cadence or data.",\n', "", 1),
         "four descriptions"),
        (lambda t: t.replace('  "No decision: evidence missing (name it below)",\n', ""), "No decision"),
        (lambda t: t.replace('page = "stage-2-production-debugging.md"', 'page = "stage-2.md"'), "is not in docs/interview"),
        (lambda t: t.replace('Starts drawing at once;', "Starts drawing at once; " + "x" * 150), "over 160 characters"),
        (lambda t: t.replace('id = "stage-3"', 'id = "stage-1"'), "stage ids repeat: 'stage-1'"),
        (lambda t: t.replace('time_box = "60 minutes"', 'time_box = 60'), "'time_box' must be text"),
        (lambda t: t.replace('levels = [', 'levels = ["0 None", ', 1), "four level names"),
        (lambda t: t + "\n[[stage\n", "not valid TOML"),
    ],
)
def test_schema_check_names_the_file_and_the_problem(edit, message):
    text = SCORECARDS.read_text()
    changed = edit(text)
    assert changed != text, "the edit did not apply; update this test to the data file"
    with pytest.raises(DataError, match=message) as caught:
        scorecards.load_scorecards(changed, pages=PAGES)
    assert str(caught.value).startswith(scorecards.FILE + ": ")


def test_the_key_names_its_faults_and_every_citation_holds():
    faults = stage3_key.load_stage3_key()
    assert {f.id for f in faults} == {"skew", "gate", "seed", "data-version", "monitoring"}
    stage3_key.check_citations(faults, PIPELINE)


def test_a_moved_line_is_named(tmp_path):
    copy = tmp_path / "p"
    shutil.copytree(PIPELINE, copy, ignore=shutil.ignore_patterns("__pycache__", "registry"))
    serve = copy / "serve.py"
    serve.write_text("# a new first line\n" + serve.read_text())
    with pytest.raises(DataError, match=r"serve.py line 28 no longer holds"):
        stage3_key.check_citations(stage3_key.load_stage3_key(), copy)


def test_a_citation_outside_the_pipeline_is_refused():
    text = (ROOT / "docs" / stage3_key.FILE).read_text().replace('file = "serve.py"', 'file = "../../../mkdocs.yml"', 1)
    with pytest.raises(DataError, match="not a file of the stage-3 pipeline"):
        stage3_key.check_citations(stage3_key.load_stage3_key(text), PIPELINE)


def test_zip_files_are_reproducible_and_sorted():
    files = {"b.txt": b"2", "a/c.py": b"1"}
    one = zip_files(files, "x")
    assert one == zip_files(dict(reversed(list(files.items()))), "x")
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert z.namelist() == ["x/a/c.py", "x/b.txt"]
        assert z.read("x/b.txt") == b"2"


def test_stage2_key_figures_agree_with_the_data():
    data = stage2.make_dataset(stage2.DEFAULT_SEED)
    figures = stage2_key.key_figures(data)
    ref = data.reference_csv.splitlines()[1:]
    header = data.reference_csv.splitlines()[0].split(",")
    p, c = header.index("predicted_churn"), header.index("churned")
    accuracy = sum(line.split(",")[p] == line.split(",")[c] for line in ref) / len(ref)
    assert figures["accuracy_reference"] == f"{100 * accuracy:.1f}%"
    assert figures["reference_rows"] == f"{len(ref):,}"
    assert 7.0 <= float(figures["accuracy_drop_points"]) <= 9.0
