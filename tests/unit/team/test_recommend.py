"""The team-or-generalist helper: no single row decides, more team-side answers never argue for fewer people."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tomllib

from evaluator.datafile import DataError, read_text
from evaluator.errors import InputError
from evaluator.team.criteria import FILE, default_criteria, parse_criteria
from evaluator.team.recommend import criteria_options, recommend_team

CRITERIA = default_criteria()
RANK = {"generalist": 0, "close": 1, "team": 2}


def side_answer(criterion, side):
    if criterion.kind == "number":
        return criterion.team_from if side == "team" else criterion.team_from - 1
    return next(o.id for o in criterion.options if o.side == side)


def answers_with(team_ids):
    return {c.id: side_answer(c, "team" if c.id in team_ids else "generalist") for c in CRITERIA.criteria}


@pytest.mark.parametrize("criterion", CRITERIA.criteria, ids=lambda c: c.id)
def test_no_single_row_decides(criterion):
    result = recommend_team(answers_with({criterion.id}), CRITERIA)
    assert result["verdict"] == "generalist"
    assert result["team_count"] == 1


def test_the_guides_thresholds_put_each_row_on_its_side():
    by_id = {c.id: c for c in CRITERIA.criteria}
    assert by_id["ml_engineers"].team_from == 5
    assert by_id["models_in_production"].team_from == 10
    assert by_id["quality_share"].team_from == 20
    rows = {r["id"]: r["side"] for r in recommend_team({"models_in_production": 9, "quality_share": "20%"}, CRITERIA)["rows"]}
    assert rows["models_in_production"] == "generalist" and rows["quality_share"] == "team"


def test_counts_decide_generalist_close_call_and_team_with_the_reasons_that_drove_them():
    ids = [c.id for c in CRITERIA.criteria]
    three = recommend_team(answers_with(set(ids[:3])), CRITERIA)
    four = recommend_team(answers_with(set(ids[:4])), CRITERIA)
    five = recommend_team(answers_with(set(ids[:5])), CRITERIA)
    assert [three["verdict"], four["verdict"], five["verdict"]] == ["generalist", "close", "team"]
    assert len(three["reasons"]) == len(ids) - 3  # the generalist-side rows drove it
    assert len(five["reasons"]) == 5
    assert five["first_split"][0]["role"] == "Platform lead" and five["first_split"][0]["level"] == "senior"
    assert five["first_split"][1]["role"] == "Model ops specialist" and five["first_split"][1]["level"] == "mid"
    assert three["first_split"] == []


def test_an_existing_platform_with_quality_pain_puts_the_model_ops_specialist_first():
    result = recommend_team(answers_with({"infrastructure", "quality_share", "models_in_production", "ml_engineers", "blocked_teams"}), CRITERIA)
    assert result["verdict"] == "team"
    assert result["first_split"][0]["role"] == "Model ops specialist"


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from([c.id for c in CRITERIA.criteria])), st.sampled_from([c.id for c in CRITERIA.criteria]))
def test_moving_one_answer_to_the_team_side_never_weakens_the_case_for_a_team(team_ids, extra):
    before = recommend_team(answers_with(team_ids), CRITERIA)
    after = recommend_team(answers_with(team_ids | {extra}), CRITERIA)
    assert RANK[after["verdict"]] >= RANK[before["verdict"]]
    assert after["team_count"] == len(team_ids | {extra})


def test_unanswered_questions_are_neither_side_and_are_mentioned_when_they_could_matter():
    result = recommend_team({"models_in_production": 30, "blocked_teams": "yes", "deployment_frequency": "daily"}, CRITERIA)
    assert result["answered"] == 3 and result["team_count"] == 3
    assert result["verdict"] == "generalist"
    assert any("unanswered" in n for n in result["notes"])


@pytest.mark.parametrize(("answers", "message"), [
    ({}, "answer at least one question"),
    ({"ml_engineers": "many"}, "ML engineers: 'many' is not a whole number"),
    ({"quality_share": 150}, "outside 0 to 100"),
    ({"budget": "huge"}, "'huge' is not one of tight, specialists"),
    ({"headcount": 3}, "unknown question(s) ['headcount']"),
    ({"ml_engineers": True}, "is not a whole number"),
])
def test_bad_answers_are_refused_with_the_question_named(answers, message):
    with pytest.raises(InputError, match=re.escape(message)):
        recommend_team(answers, CRITERIA)


def test_the_options_list_every_question_with_its_choices():
    options = criteria_options(CRITERIA)
    assert len(options["questions"]) == len(CRITERIA.criteria) == 9
    for q in options["questions"]:
        assert q["kind"] == "number" or {o["side"] for o in q["options"]} == {"generalist", "team"}


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d.__setitem__("team_at_least", 20), "<= the number of criteria"),
    (lambda d: d["criterion"][1]["option"].pop(), "at least one for each side"),
    (lambda d: d["criterion"][0].__setitem__("kind", "slider"), "choose one of number, choice"),
    (lambda d: d["first_split"].pop(), "must describe two hires"),
])
def test_a_broken_team_file_is_refused(edit, message):
    data = tomllib.loads(read_text(FILE))
    edit(data)
    with pytest.raises(DataError, match=re.escape(message)):
        parse_criteria(data)
