"""The interview kit's data files through their typed loaders, and the decision rule.

Schema checks must name the file and the problem; the loop's figures must be what pages need;
the decision rule must hold its stated properties for every set of ratings."""

from __future__ import annotations

import io
import re
import tomllib
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.datafile import DataError
from evaluator.interview import briefs, levelling, scorecards, stages
from evaluator.interview.packaging import zip_files
from evaluator.levels import load_levels

ROOT = Path(__file__).resolve().parents[3]
SCORECARDS = ROOT / "docs" / scorecards.FILE
STAGES = ROOT / "docs" / stages.FILE
PAGES = [p.name for p in (ROOT / "docs" / "interview").glob("*.md")]
LEVEL_IDS = [lv.id for lv in load_levels()]
LOOP_IDS = [s.id for s in stages.load_loop().stages]


def cards(text: str | None = None) -> scorecards.Scorecards:
    return scorecards.load_scorecards(text, pages=PAGES, stage_ids=LOOP_IDS, level_ids=LEVEL_IDS)


# ---------------------------------------------------------------- scorecards

def test_scorecards_cover_the_loop_with_four_anchored_ratings_and_levels_where_they_count():
    data = cards()
    assert [s.id for s in data.stages] == LOOP_IDS == ["screen", "stage-1", "stage-2", "stage-3"]
    assert [s.id for s in data.levelling_stages] == ["stage-1", "stage-2", "stage-3"]
    for stage in data.stages:
        assert any(r.startswith("No decision") for r in stage.recommendations)
        for dim in stage.dimensions:
            assert len(set(dim.anchors)) == 4, (stage.id, dim.name)
            assert list(dim.levels) == (LEVEL_IDS if stage.sets_level else [])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('    "Starts drawing at once; never asks about team, models, release cadence or data.",\n', "", 1),
         "four descriptions"),
        (lambda t: t.replace('  "No decision: evidence missing (name it below)",\n]', "]", 1), "No decision"),
        (lambda t: t.replace('page = "stage-2-production-debugging.md"', 'page = "stage-2.md"'), "is not in docs/interview"),
        (lambda t: t.replace('Starts drawing at once;', "Starts drawing at once; " + "x" * 150), "over 160 characters"),
        (lambda t: t.replace('id = "stage-3"', 'id = "stage-1"'), "stage ids repeat: 'stage-1'"),
        (lambda t: t.replace('ratings = [', 'ratings = ["0 None", ', 1), "four rating names"),
        (lambda t: t.replace('  levels.staff = "Also frames the platform', '  levels.principal = "Also frames the platform', 1),
         "must say what mid, senior, staff look like"),
        (lambda t: t.replace('  levels.mid = "Asks about the team', '  levels.nope = "Asks about the team', 1), "must say what"),
        (lambda t: t.replace('sets_level = false', 'sets_level = "no"'), "'sets_level' must be true or false"),
        (lambda t: t.replace('id = "screen"', 'id = "phone-screen"'), "must be the loop's stages"),
        (lambda t: t + "\n[[stage\n", "not valid TOML"),
    ],
)
def test_scorecard_schema_check_names_the_file_and_the_problem(edit, message):
    text = SCORECARDS.read_text()
    changed = edit(text)
    assert changed != text, "the edit did not apply; update this test to the data file"
    with pytest.raises(DataError, match=message) as caught:
        cards(changed)
    assert str(caught.value).startswith(scorecards.FILE + ": ")


def test_a_screen_with_level_expectations_is_refused():
    text = SCORECARDS.read_text().replace(
        '  name = "Production ownership"\n', '  name = "Production ownership"\n  levels.mid = "x"\n', 1)
    with pytest.raises(DataError, match="sets_level = false has no 'levels'"):
        cards(text)


# ---------------------------------------------------------------- the loop

def test_the_loop_s_figures_add_up_and_read_well():
    loop = stages.load_loop()
    figures = stages.stage_figures(loop)
    live = sum(s.live_minutes for s in loop.stages)
    most = live + sum(s.prep_minutes for s in loop.stages)
    assert figures["stage.loop.live"] == stages.duration(live)
    assert figures["stage.loop.most"] == stages.duration(most)
    stage1 = loop.stage("stage-1")
    assert figures["stage.stage-1.agenda"] == ", ".join(f"{p.minutes} {p.interviewer}" for p in stage1.parts)
    assert figures["stage.stage-1.live"] == f"{stage1.live_minutes} minutes"
    assert figures["stage.screen.prep"] == "none" and figures["stage.stage-2.prep"].startswith("up to 45 minutes")
    assert stages.duration(90) == "1 hour 30 minutes" and stages.duration(360) == "6 hours"
    assert stages.duration(45) == "45 minutes" and stages.duration(61) == "1 hour 1 minute"


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("  minutes = 40\n", "  minutes = 0\n", 1), "'minutes' must be a whole number of at least 1"),
    (lambda t: t.replace('prep = "with the data"\n', ""), "does not say what on"),
    (lambda t: t.replace('id = "stage-3"', 'id = "stage-2"'), "appears twice"),
    (lambda t: t.replace('span = "2 to 3 weeks"\n', ""), "'span' must be a non-empty string"),
])
def test_loop_schema_errors_name_the_problem(edit, message):
    text = STAGES.read_text()
    changed = edit(text)
    assert changed != text
    with pytest.raises(DataError, match=message) as caught:
        stages.load_loop(changed)
    assert str(caught.value).startswith(stages.FILE + ": ")


# ---------------------------------------------------------------- briefs and policies

@pytest.mark.parametrize("stage", sorted(briefs.TEMPLATES))
def test_every_figure_of_every_brief_template_is_known(stage):
    figures = {"files": "f/", "download": "Get it:", "rows": "600", "accuracy_reference": "1%",
               "accuracy_current": "2%", "accuracy_drop_points": "3", "reference_rows": "4", "current_rows": "5",
               "reference_per_day": "6", "current_per_day": "7"}
    text = briefs.render_brief(stage, figures)
    assert not re.search(r"%[a-z0-9_.\-]+%", text)
    assert text.startswith("# Stage ") and briefs.policy_figures()["policy.ai_assistants"] in text


def test_an_unknown_figure_in_a_brief_is_named():
    with pytest.raises(DataError, match=r"unknown figure %nope%"):
        briefs.fill("a %nope% b", {}, "t.md")


def test_zip_files_are_reproducible_sorted_and_stored():
    files = {"b.txt": b"2", "a/c.py": "1"}
    one = zip_files(files, "x")
    assert one == zip_files(dict(reversed(list(files.items()))), "x")
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert z.namelist() == ["x/a/c.py", "x/b.txt"]
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
        assert z.read("x/a/c.py") == b"1"


# ---------------------------------------------------------------- the decision rule

def test_the_rule_on_hand_worked_cases():
    assert levelling.stage_level("s", [3, 4, 4, 4, 3], LEVEL_IDS).level == "staff"
    assert levelling.stage_level("s", [3, 4, 4, 3, 3], LEVEL_IDS).level == "senior"
    assert levelling.stage_level("s", [3, 3, 3, 3, 3], LEVEL_IDS).level == "senior"
    assert levelling.stage_level("s", [2, 4, 4, 4, 4], LEVEL_IDS).level == "mid"
    assert levelling.stage_level("s", [2, 2, 3, 3, 3], LEVEL_IDS).level == "mid"
    assert levelling.stage_level("s", [2, 2, 2, 4, 4], LEVEL_IDS).level == levelling.BELOW
    assert levelling.stage_level("s", [1, 4, 4, 4, 4], LEVEL_IDS).level == levelling.BELOW
    assert levelling.stage_level("s", [3, None, 3, 3, 3], LEVEL_IDS).level is None
    decision = levelling.decide({"a": [4, 4, 4, 4, 4], "b": [3, 3, 3, 3, 3], "c": [4, 4, 4, 3, 3]}, LEVEL_IDS)
    assert (decision.outcome, decision.level) == ("hire", "senior")
    assert levelling.decide({"a": [4, 4, 4, 4, 1], "b": [3, None, 3, 3, 3]}, LEVEL_IDS).outcome == "no hire"
    assert levelling.decide({"a": [4, 4, 4, 4, 4], "b": [3, None, 3, 3, 3]}, LEVEL_IDS).outcome == "no decision"
    with pytest.raises(ValueError, match="from 1 to 4"):
        levelling.stage_level("s", [3, 5, 3], LEVEL_IDS)
    with pytest.raises(ValueError, match="from 1 to 4"):
        levelling.stage_level("s", [3, True, 3], LEVEL_IDS)


rating = st.integers(min_value=1, max_value=4)
stage_ratings = st.lists(rating, min_size=5, max_size=5)
loop_ratings = st.fixed_dictionaries({"stage-1": stage_ratings, "stage-2": stage_ratings, "stage-3": stage_ratings})
ORDER = {None: -1, **{lv: i for i, lv in enumerate(LEVEL_IDS)}}


def rank(decision: levelling.Decision) -> int:
    return ORDER[decision.level] if decision.outcome == "hire" else -1


@settings(max_examples=300, deadline=None)
@given(loop_ratings, st.sampled_from(["stage-1", "stage-2", "stage-3"]), st.integers(0, 4))
def test_raising_a_rating_never_lowers_the_outcome(ratings, stage, index, ):
    before = levelling.decide(ratings, LEVEL_IDS)
    raised = {k: list(v) for k, v in ratings.items()}
    raised[stage][index] = min(4, raised[stage][index] + 1)
    assert rank(levelling.decide(raised, LEVEL_IDS)) >= rank(before)


@settings(max_examples=300, deadline=None)
@given(loop_ratings)
def test_any_1_is_a_no_hire_and_the_level_is_the_lowest_stage_level(ratings):
    decision = levelling.decide(ratings, LEVEL_IDS)
    if any(1 in v for v in ratings.values()):
        assert decision.outcome == "no hire"
    elif decision.outcome == "hire":
        stage_levels = [levelling.stage_level(k, v, LEVEL_IDS).level for k, v in ratings.items()]
        assert decision.level == min(stage_levels, key=LEVEL_IDS.index)
        assert all(min(v) >= 2 and v.count(2) <= levelling.MID_MAX_PARTIAL for v in ratings.values())


def test_the_worked_examples_are_well_formed():
    data = tomllib.loads((ROOT / "docs" / "interview" / "data" / "levelling.toml").read_text())
    outcomes = set()
    for example in data["example"]:
        assert set(example["ratings"]) == {"stage-1", "stage-2", "stage-3"}
        ratings = {k: [v or None for v in vals] for k, vals in example["ratings"].items()}
        outcomes.add(levelling.decide(ratings, LEVEL_IDS).outcome)
    assert outcomes == {"hire", "no hire", "no decision"}, "the examples should show every outcome"
