"""The hiring tools' api functions through the dispatcher, as the browser calls them: JSON in and
out, and bad input answered as an input error with a message, never a crash."""

from __future__ import annotations

import json

import pytest

from evaluator import api
from evaluator import dispatch


def call(fn, **args):
    # Through the JSON the worker sends, so a value JSON cannot carry fails here too.
    return json.loads(dispatch.call_json(fn, args))


@pytest.mark.parametrize(("fn", "args"), [
    ("jd_options", {}),
    ("jd_template", {"role": "model", "level": "staff", "location": "uk"}),
    ("jd_build", {"form": {"role": "platform", "pay_low": "150000", "pay_high": "180000", "tools": "MLflow"}}),
    ("jd_lint", {"text": "You will own our ranking model. 5+ years of Kubernetes. Salary $100,000-$120,000."}),
    ("pay_explorer", {"region": "us", "level": "mid"}),
    ("pay_offer", {"low": 100000, "high": 130000, "evidence": "strong"}),
    ("team_options", {}),
    ("team_recommend", {"answers": {"ml_engineers": 12, "blocked_teams": "yes"}}),
])
def test_each_hiring_function_answers_in_json(fn, args):
    assert fn in api.__all__
    answer = call(fn, **args)
    assert answer["ok"], answer


@pytest.mark.parametrize(("fn", "args", "message"), [
    ("jd_lint", {"text": ""}, "the job description is empty"),
    ("jd_lint", {"text": 42}, "must be text"),
    ("jd_lint", {"text": "x" * (api.JD_MAX_CHARS + 1)}, "paste at most 100,000"),
    ("jd_build", {"form": {"level": "intern"}}, "level 'intern' is not one of"),
    ("jd_build", {"form": "senior please"}, "the form must be a set of named fields"),
    ("pay_explorer", {"region": "mars"}, "region 'mars'"),
    ("pay_offer", {"low": "", "high": 100, "evidence": "solid"}, "enter the bottom of the band"),
    ("team_recommend", {"answers": {}}, "answer at least one question"),
])
def test_bad_input_is_an_input_error_with_a_clear_message(fn, args, message):
    answer = call(fn, **args)
    assert not answer["ok"]
    assert answer["error"]["kind"] == "input"
    assert message in answer["error"]["message"]


def test_the_built_advert_quotes_the_market_figure_for_its_location_only_in_the_notes():
    result = api.jd_build({"role": "generalist", "level": "mid", "location": "uk", "pay_low": 80000, "pay_high": 95000})
    assert "£80,000–£95,000 base salary." in result["markdown"]
    assert "85,000" not in result["markdown"]  # the market figure is a note, not part of the advert
    assert any("£85,000–£130,000" in note for note in result["notes"])
