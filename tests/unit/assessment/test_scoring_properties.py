"""Properties of the scoring over random answer sets: better answers never lower a score; red flags always cap."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator.assessment.load import load_bank
from evaluator.assessment.questionnaire import for_page
from evaluator.assessment.result import score
from evaluator.assessment.scoring import credit

BANK = load_bank()
CHOICE_ITEMS = [i for i in BANK.items if i.kind != "evidence"]
LEVEL_ORDER = ["below", *(b.level for b in BANK.rules.bars)]
MID = LEVEL_ORDER.index("mid")


def _choices(item):
    if item.kind in ("scope", "foil"):
        return ["0", "1", "2", "3", "4"]
    return [o.id for o in item.options]


@st.composite
def answer_sets(draw):
    """Any subset of the choice questions answered with any of their options."""
    answers = {}
    for item in CHOICE_ITEMS:
        choice = draw(st.sampled_from([None, *_choices(item)]))
        if choice is not None:
            answers[item.id] = choice
    return answers


def _value(item, answer):
    """How good an answer is: credit for scored questions, the rating for scope, minus it for foils."""
    if item.kind == "scope":
        return int(answer) if answer is not None else 0
    if item.kind == "foil":
        return -(int(answer) if answer is not None else 0)
    return credit(BANK, item, answer)


def _figures(result):
    return {
        **{a["id"]: a["score"] for a in result["areas"]},
        "floor": result["floor"]["score"],
        "mean": result["mean"],
        "accuracy": result["accuracy"],
        "level": LEVEL_ORDER.index(result["level"]["id"]),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets(), data=st.data())
def test_a_better_answer_never_lowers_any_score_or_the_level(answers, data):
    item = data.draw(st.sampled_from([i for i in CHOICE_ITEMS if i.kind != "foil"]))
    before = answers.get(item.id)
    better = [c for c in _choices(item) if _value(item, c) > _value(item, before)]
    if not better:
        return
    improved = {**answers, item.id: data.draw(st.sampled_from(better))}
    result = score(BANK, improved, 1)
    old, new = _figures(score(BANK, answers, 1)), _figures(result)
    # A higher scope claim never lowers a score, but it may lower the level: a claim the answers do
    # not bear out is a flag (issue 17), and then the estimate says so.
    checked = [k for k in old if k != "level"] if item.kind == "scope" else list(old)
    assert all(new[k] >= old[k] for k in checked), (item.id, before, improved[item.id], old, new)
    if new["level"] < old["level"]:
        assert item.kind == "scope" and result["level"]["unverified"], (item.id, old, new)


def test_a_higher_claim_can_only_lower_the_level_by_flagging_it():
    from .conftest import best_answers

    answers = best_answers(BANK, scope="2")
    answers["cicd-nightly-better"] = "promote-higher"
    answers["cicd-gate-fails"] = "promote-and-watch"
    before = score(BANK, answers, 1)["level"]
    after = score(BANK, {**answers, "cicd-scope-gate": "3"}, 1)["level"]
    assert LEVEL_ORDER.index(after["id"]) < LEVEL_ORDER.index(before["id"]) and after["unverified"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answer_sets())
def test_red_flags_always_cap_the_level(answers):
    result = score(BANK, answers, 1)
    flags = len(result["red_flags"])
    rank = LEVEL_ORDER.index(result["level"]["id"])
    if flags >= 1:
        assert rank <= MID
    if flags >= 2:
        assert rank == 0
    assert rank <= LEVEL_ORDER.index(result["level"]["from_bars"])
    assert flags == sum(
        1 for i in BANK.items if i.kind == "scenario" and i.id in answers and i.option(answers[i.id]).red_flag
    )


@settings(max_examples=60, deadline=None)
@given(answers=answer_sets(), seed=st.integers(0, 2**32 - 1))
def test_scoring_is_deterministic_and_ignores_the_seed(answers, seed):
    first = score(BANK, answers, seed)
    again = score(BANK, dict(reversed(list(answers.items()))), 0)
    first.pop("seed"), again.pop("seed")
    assert first == again


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_option_order_depends_only_on_the_seed_and_keeps_every_option(seed):
    page, same = for_page(BANK, seed), for_page(BANK, seed)
    assert page == same
    for area in page["areas"]:
        for q in area["questions"]:
            item = BANK.item(q["id"])
            if "options" in q and item.kind != "foil" and item.kind != "scope":
                assert sorted(o["id"] for o in q["options"]) == sorted(o.id for o in item.options)
    # every option moves, computed readings and catch-alls included: the key sits in every position
    positions = {}
    for s_ in range(60):
        for area in for_page(BANK, s_)["areas"]:
            for q in area["questions"]:
                item = BANK.item(q["id"])
                if item.kind == "computed":
                    positions.setdefault(item.id, set()).add([o["id"] for o in q["options"]].index(BANK.keys[item.id]))
    assert all(len(p) == len(BANK.item(i).options) for i, p in positions.items()), positions


def test_different_seeds_give_different_orders():
    orders = {tuple(o["id"] for q in for_page(BANK, s)["areas"][0]["questions"] if "options" in q for o in q["options"]) for s in range(20)}
    assert len(orders) > 10
