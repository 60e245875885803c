"""Answering strategies are tests: no surface strategy buys a level, honest profiles land on theirs.

The respondents (tests/unit/assessment/respondents.py) answer the shipped bank as the page shows
it (prompts, option texts in the seeded order, identifiers) or, for honest profiles, from the
kit's level definitions. Seeds are fixed; nothing else is random.
"""

from __future__ import annotations

import pytest

from evaluator import api

from . import respondents as R

LEVELS = ["below", "mid", "senior", "staff"]
SEEDS = (3, 1234)


@pytest.fixture(scope="module", params=SEEDS)
def seeded_page(request):
    return request.param, api.assessment_bank(seed=request.param)


def test_no_surface_strategy_reaches_mid_unless_marked_unverified_and_none_reaches_senior(seeded_page):
    seed, page = seeded_page
    respondents = R.surface_respondents(page)
    assert len(respondents) > 100
    for name, answers in respondents.items():
        result = R.score_page_answers(answers, seed)
        o = R.outcome(result)
        assert LEVELS.index(o["level"]) <= LEVELS.index("mid"), (name, o)
        if o["level"] == "mid":
            assert o["unverified"] and o["reasons"], (name, o)


def test_random_answering_reaches_mid_in_at_most_one_percent_of_1000_seeds():
    reached = 0
    for seed in range(1000):
        page = api.assessment_bank(seed=seed)
        o = R.outcome(R.score_page_answers(R.random_answers(page, seed), seed))
        reached += o["level"] != "below"
        assert o["level"] in ("below", "mid"), (seed, o)
    assert reached <= 10, reached


@pytest.mark.parametrize(("label", "level", "weak"), R.HONEST)
def test_honest_profiles_land_on_their_level_and_the_weak_area_is_the_first_gap(bank, label, level, weak):
    result = R.score_bank_answers(bank, R.honest(bank, level, weak))
    o = R.outcome(result)
    assert o["level"] == level and not o["unverified"], (label, o)
    assert result["gaps"] and result["gaps"][0]["area"] == weak, (label, [g["area"] for g in result["gaps"]])


@pytest.mark.parametrize("level", ["mid", "senior", "staff"])
def test_a_modest_rater_is_not_held_below_their_level(bank, level):
    o = R.outcome(R.score_bank_answers(bank, R.honest(bank, level, "distributed-training", modest=True)))
    assert o["level"] == level and not o["unverified"], o


def test_every_scenario_right_with_modest_ratings_is_not_held_below_mid(bank):
    from .conftest import best_answers

    for rating in ("1", "2"):
        o = R.outcome(R.score_bank_answers(bank, best_answers(bank, scope=rating)))
        assert LEVELS.index(o["level"]) >= LEVELS.index("mid" if rating == "1" else "senior"), (rating, o)


def test_the_longest_option_with_top_ratings_is_flagged_and_named(seeded_page):
    seed, page = seeded_page
    result = R.score_page_answers(R.surface(page, R.by_cue("longest"), 4), seed)
    level = result["level"]
    assert level["unverified"] and level["id"] == "below"
    kinds = {r["kind"] for r in level["reasons"]}
    assert {"foil", "overclaiming"} <= kinds
    assert all(r["items"] and r["text"] for r in level["reasons"])
