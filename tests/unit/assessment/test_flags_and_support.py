"""Flags change the result, scope counts only as far as accuracy supports it, and the result explains itself."""

from __future__ import annotations

import math

from evaluator.assessment.result import score

from .conftest import best_answers

LEVELS = ["below", "mid", "senior", "staff"]


def test_one_foil_rated_two_caps_a_perfect_candidate_at_mid_and_names_it(bank):
    answers = best_answers(bank, scope="4")
    answers["mon-foil-2"] = "2"
    r = score(bank, answers, 1)
    level = r["level"]
    assert level["from_bars"] == "staff" and level["id"] == "mid" and level["unverified"] and level["capped_by_flags"]
    assert [(x["kind"], x["items"]) for x in level["reasons"]] == [("foil", ["mon-foil-2"])]
    assert "the Ostrander divergence does not exist" in level["reasons"][0]["text"]
    answers["mon-foil-2"] = "1"  # "done by hand, with guidance": one step is not a flag by itself
    assert not score(bank, answers, 1)["level"]["unverified"]


def test_overclaiming_alone_marks_the_estimate(bank):
    answers = best_answers(bank, scope="4")
    for item in bank.items:
        if item.kind == "foil":
            answers[item.id] = "1"  # every foil at 1: index 25, over the line of 15; no single foil at 2
    r = score(bank, answers, 1)
    assert r["overclaiming"]["index"] == 25 and r["level"]["id"] == "mid"
    assert [x["kind"] for x in r["level"]["reasons"]] == ["overclaiming"]


def test_a_high_claim_whose_own_questions_went_wrong_is_a_consistency_pair(bank):
    answers = best_answers(bank, scope="3")
    answers["cicd-nightly-better"] = "promote-higher"  # credit 0
    answers["cicd-gate-fails"] = "promote-and-watch"  # credit 0.1: the pair earns 5 of 100
    r = score(bank, answers, 1)
    assert [(p["item"], p["earned"]) for p in r["pairs"]] == [("cicd-scope-gate", 5)]
    assert r["level"]["unverified"] and r["level"]["id"] == "mid"
    [reason] = r["level"]["reasons"]
    assert reason["kind"] == "pair" and reason["items"] == ["cicd-scope-gate", "cicd-nightly-better", "cicd-gate-fails"]
    answers["cicd-scope-gate"] = "2"  # a claim of 2 is not tested against the pair
    assert score(bank, answers, 1)["pairs"] == []


def test_claims_count_only_as_far_as_accuracy_supports_them(bank):
    # Top claims with a middling CI/CD: accuracy 44 supports a rating of 2 at most.
    answers = best_answers(bank, scope="4")
    for item_id, option in (("cicd-nightly-better", "promote-higher"), ("cicd-gate-fails", "promote-and-watch"), ("cicd-shadow", "bigger-holdout")):
        answers[item_id] = option
    r = score(bank, answers, 1)
    ci = next(a for a in r["areas"] if a["id"] == "ci-cd")
    assert ci["accuracy"] == 44  # (0 + 0.1 + 1 + 1 + 0.1) / 5 = 0.44
    assert ci["claimed_mean"] == 4.0 and ci["scope_mean"] == 2.0 and set(ci["reduced"]) == {"cicd-scope-gate", "cicd-scope-rollback"}
    assert ci["score"] == 46  # 0.7 x 0.44 + 0.3 x 2/4 = 0.458, not 0.608 with the claims as given
    assert r["claimed_mean"] == 4.0 and r["scope_mean"] == 3.5  # supported: (2 + 2 + 4 x 6) / 8


def test_reading_the_numbers_is_its_own_sub_score_and_never_more_than_two_in_a_floor_area(bank):
    answers = best_answers(bank, scope="3")
    computed = [i for i in bank.items if i.kind == "computed"]
    for item in computed[:3]:
        answers[item.id] = next(o.id for o in item.options if o.id != bank.keys[item.id])
    r = score(bank, answers, 1)
    n = len(computed)
    assert r["numbers"] == {"score": math.floor(100 * (n - 3) / n + 0.5), "questions": n, "right": n - 3, "missed": [i.id for i in computed[:3]]}
    for area in bank.areas:
        if area.required:
            assert sum(i.kind == "computed" for i in bank.area_items(area.id)) <= 2
    # every scenario right, every computed item wrong: still at least senior, the numbers sub-score says the rest
    for item in computed:
        answers[item.id] = next(o.id for o in item.options if o.id != bank.keys[item.id])
    r = score(bank, answers, 1)
    assert r["numbers"]["right"] == 0 and LEVELS.index(r["level"]["id"]) >= LEVELS.index("senior"), r["level"]["explanation"]


def test_the_result_explains_the_level_and_what_would_change_it(bank):
    answers = best_answers(bank, scope="2")
    r = score(bank, answers, 1)
    why = r["level"]["explanation"]
    assert r["level"]["id"] == "senior"
    assert why["decided"][0] == ("The bars give Senior: supported scope 2.00 against Senior's 1.5; accuracy 100 against Senior's 72; "
                                 "floor 85 against Senior's 45, all met.")
    assert why["to_change"][0] == "To reach Staff or principal by the bars: supported scope 2.00 against Staff or principal's 2.5."
    answers["cicd-foil"] = "3"
    why = score(bank, answers, 1)["level"]["explanation"]
    assert any(line.startswith("Unverified: 1 flag(s)") for line in why["decided"])
    assert any("Without the flags the estimate would be Senior" in line for line in why["to_change"])


def test_the_markdown_export_explains_the_level_and_lists_the_flagged_answers(bank):
    from evaluator.assessment.export import export

    answers = best_answers(bank, scope="3")
    answers["cicd-foil"] = "2"
    text = export(bank, answers, 3)["markdown"]
    assert "Mid-level** (unverified: see how the level was decided)" in text
    assert "## How the level was decided" in text and "Without the flags the estimate would be Staff or principal" in text
    flags = text.split("## Flags", 1)[1].split("##", 1)[0]
    assert "the Delacroix stability score does not exist" in flags
