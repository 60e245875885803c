"""Whole answer sets scored by hand: every figure below was worked out on paper from the bank's rules.

If a rule or an item's credit changes, these numbers change with it: recompute them by hand, do
not paste the new output.
"""

from __future__ import annotations

from evaluator.assessment.result import score

from .conftest import best_answers

# A mid-career candidate, uneven across areas. Credits are the bank's; the arithmetic is in comments.
MIXED = {
    # CI/CD: accuracy (0.4 + 1 + 0.2 + 0.4 + 0) / 5 = 0.4; scope (2 + 1) / 8 = 0.375
    #        score 0.7 x 0.4 + 0.3 x 0.375 = 0.3925 -> 39
    "cicd-nightly-better": "manual-only",
    "cicd-gate-fails": "keep-and-report",
    "cicd-first-platform": "bucket-and-cron",
    "cicd-noisy-score": "average-three",
    "cicd-scope-gate": "2",
    "cicd-scope-rollback": "1",
    "cicd-foil": "2",
    "cicd-evidence": "Our gate compared AUC with production on a holdout month.",
    # Features: accuracy (0 + 1 + 1 + 0.5 + 1) / 5 = 0.7 -> 70, under senior's 72, so the 3 counts as 2:
    #           scope (2 + 2) / 8 = 0.5 -> 0.49 + 0.15 = 0.64 -> 64
    "fs-late-delivery": "retrain",  # the one red flag
    "fs-point-in-time": "leaks-future",
    "fs-worth-it": "not-yet",
    "fs-missing-default": "patch-serving",
    "fs-skewed-feature": "minutes_since_last_order",
    "fs-scope-definitions": "3",
    "fs-scope-skew": "2",
    # Monitoring (six scored; KS and Wasserstein moved to debugging, mon-label-delay unanswered):
    #             accuracy (1 + 0 + 0.4 + 1 + 0.3 + 0) / 6 = 0.45; the 4 is unsupported at 45 and counts as 2:
    #             scope (2 + 2) / 8 = 0.5; score 0.315 + 0.15 = 0.465 -> 47
    "mon-psi-band": "moderate",
    "mon-empty-bin": "undefined",
    "mon-ks": "three-eighths",
    "mon-wasserstein": "six",
    "mon-recommender": "ctr-only",
    "mon-alert-or-retrain": "note-and-check",
    "mon-big-sample": "subsample",
    "mon-scope-drift": "4",
    "mon-scope-outcomes": "2",
    "mon-foil": "1",
    # Registry: accuracy (1 + 1 + 0.3 + 0.3 + 1) / 5 = 0.72; scope (2 + 2) / 8 = 0.5 -> 0.654 -> 65
    "reg-audit": "registry-lineage",
    "reg-newest-file": "registry-stage",
    "reg-two-results": "hardware",
    "reg-emergency": "ban",
    "reg-hosting": "trade-offs",
    "reg-scope-reproducible": "2",
    "reg-scope-promotion": "2",
    # Distributed training: nothing answered -> 0
    "dt-evidence": "   ",  # blank evidence is dropped, not stored
    # Pipelines: accuracy (1 + 0 + 1 + 0.5 + 0.4) / 5 = 0.58; scope (1 + 0) / 8 = 0.125 -> 0.4435 -> 44
    "dp-retry-halfway": "overwrite-partition",
    "dp-duplicated-rows": "high",
    "dp-renamed-category": "high",
    "dp-unit-change": "drift-monitor",
    "dp-late-data": "gate-will-catch",
    "dp-scope-idempotent": "1",
    # Debugging (with mon-ks 0 and mon-wasserstein 1): accuracy 5.4 / 7 = 0.771 -> 77, which supports 3;
    #            scope (3 + 3) / 8 = 0.75 -> 0.54 + 0.225 = 0.765 -> 77 (halves up)
    "dbg-first-step": "pipeline-health",
    "dbg-one-region": "concept-drift",
    "dbg-skew-or-stale": "different-remedies",
    "dbg-which-input": "support_calls_30d",
    "dbg-fix-first": "drop-broken",
    "dbg-scope-incidents": "3",
    "dbg-scope-deployed": "3",
}


def test_mixed_candidate(bank):
    r = score(bank, MIXED, 7)
    by_area = {a["id"]: (a["score"], a["accuracy"], a["scope"], a["scope_mean"]) for a in r["areas"]}
    assert by_area == {
        "ci-cd": (39, 40, 38, 1.5),  # scope 37.5 -> 38
        "feature-stores": (64, 70, 50, 2.0),
        "monitoring": (47, 45, 50, 2.0),
        "tracking-registry": (65, 72, 50, 2.0),
        "distributed-training": (0, 0, 0, 0.0),
        "data-pipelines": (44, 58, 13, 0.5),  # 12.5 -> 13
        "production-debugging": (77, 77, 75, 3.0),
    }
    assert r["floor"]["score"] == 39 and r["floor"]["area"] == "ci-cd"  # min(39, 64, 47, 65)
    assert r["mean"] == 48  # (39 + 64 + 47 + 65 + 0 + 44 + 77) / 7 = 48.0
    assert r["accuracy"] == 53  # credits 2.0 + 3.5 + 2.7 + 3.6 + 0 + 2.9 + 5.4 = 20.1 over 38 questions = 52.9
    assert r["scope_mean"] == 1.88  # supported required-area claims 2, 1, 2, 2, 2, 2, 2, 2 -> 15 / 8 = 1.875
    assert r["claimed_mean"] == 2.25  # as given: 2, 1, 3, 2, 4, 2, 2, 2 -> 18 / 8
    # Mid-level needs accuracy 55: 53 misses it. One red flag would cap at mid, which is above this anyway.
    assert r["level"]["id"] == "below" and r["level"]["label"] == "Not yet mid-level"
    assert r["level"]["capped"] is False and r["level"]["cap"]["at_most"] == "mid"
    mid = r["level"]["checks"][0]
    assert mid["met"] == {"scope": True, "accuracy": False, "floor": True}
    # The Delacroix foil rated 2 (the flag line): unverified, and the reason names the answer.
    assert r["level"]["unverified"] and [x["items"] for x in r["level"]["reasons"]] == [["cicd-foil"]]
    # Platform: (3x39 + 3x64 + 3x44 + 2x0 + 65 + 47 + 77) / 14 = 630 / 14 = 45
    # Model: (3x47 + 3x65 + 3x77 + 39 + 64 + 44 + 0) / 12 = 714 / 12 = 59.5 -> 60
    assert [(p["id"], p["fit"]) for p in r["lean"]["profiles"]] == [("platform", 45), ("model", 60)]
    assert r["lean"]["leaning"] == "model" and r["lean"]["difference"] == -15
    assert [f["item"] for f in r["red_flags"]] == ["fs-late-delivery"]
    # Only data pipelines differ by 40 or more: accuracy 58 against scope 13.
    assert [(c["area"], c["direction"], c["difference"]) for c in r["consistency"]] == [("data-pipelines", "shows-more", -45)]
    # Foil ratings 2 + 1 over 14 foils x 4 = 3 / 56 = 5.4 -> 5, under the flag line of 15 (but the 2 is a flag itself).
    assert r["overclaiming"]["index"] == 5 and r["overclaiming"]["flagged"] is False
    assert [c["item"] for c in r["overclaiming"]["claimed"]] == ["cicd-foil", "mon-foil"]
    # Gaps: below 60, weakest first.
    assert [(g["area"], g["score"]) for g in r["gaps"]] == [("distributed-training", 0), ("ci-cd", 39), ("data-pipelines", 44), ("monitoring", 47)]
    ci_gap = r["gaps"][1]
    assert [m["item"] for m in ci_gap["missed"]] == ["cicd-nightly-better", "cicd-first-platform", "cicd-noisy-score", "cicd-shadow"]
    assert "guide/glossary.md#shadow-deployment" in [x["link"] for x in ci_gap["read"]]
    # Probes: the five highest claims (4, then the 3s in bank order, then the first 2), then the foils in one.
    assert [(p["why"], p.get("item") or p["items"]) for p in r["probes"]] == [
        ("high-claim", "mon-scope-drift"),
        ("high-claim", "fs-scope-definitions"),
        ("high-claim", "dbg-scope-incidents"),
        ("high-claim", "dbg-scope-deployed"),
        ("high-claim", "cicd-scope-gate"),
        ("foil", ["cicd-foil", "mon-foil"]),
    ]
    assert "the Delacroix stability score (2), the Hallberg drift coefficient (1)" in r["probes"][-1]["reason"]
    assert r["answered"] == {"questions": 44, "of": 66, "evidence": 1, "evidence_of": 7}
    assert [e["text"] for e in r["evidence"] if e["text"]] == [MIXED["cicd-evidence"]]


def test_strong_candidate_with_one_red_flag_is_capped(bank):
    answers = best_answers(bank, scope="4")
    answers["dbg-first-step"] = "retrain"
    r = score(bank, answers, 1)
    # Six areas 0.7 + 0.3 = 100; debugging (7 scored) accuracy 6/7 = 86, which supports 4 (staff's 86):
    # 0.7 x 6/7 + 0.3 = 0.9 -> 90.
    assert [a["score"] for a in r["areas"]] == [100, 100, 100, 100, 100, 100, 90]
    assert r["floor"]["score"] == 100 and r["mean"] == 99  # 690 / 7 = 98.57
    assert r["accuracy"] == 97  # 37 / 38 = 97.4
    assert r["level"]["from_bars"] == "staff" and r["level"]["id"] == "mid" and r["level"]["capped"] is True
    # Platform (1400 - 10) / 14 = 99.3 -> 99; model (1200 - 30) / 12 = 97.5 -> 98: balanced.
    assert [p["fit"] for p in r["lean"]["profiles"]] == [99, 98] and r["lean"]["leaning"] == "balanced"


def test_two_red_flags_cap_below_mid(bank):
    answers = best_answers(bank, scope="4")
    answers["dbg-first-step"] = "retrain"
    answers["mon-alert-or-retrain"] = "retrain-now"
    r = score(bank, answers, 1)
    assert r["level"]["from_bars"] == "staff" and r["level"]["id"] == "below"


def test_full_marks_with_scope_two_is_senior_and_three_is_staff(bank):
    senior = score(bank, best_answers(bank, scope="2"), 1)
    # 0.7 + 0.3 x 2/4 = 0.85 -> 85 in every area; supported scope 2.00 meets senior's 1.5 but not staff's 2.5
    # (a level's scope minus the margin of 1.5: a modest rater one step below is not held back).
    assert {a["score"] for a in senior["areas"]} == {85}
    assert senior["level"]["id"] == "senior" and senior["probes"][0]["item"] == "cicd-scope-gate"
    assert not senior["level"]["unverified"]
    staff = score(bank, best_answers(bank, scope="3"), 1)
    assert staff["level"]["id"] == "staff"
    staff = score(bank, best_answers(bank, scope="4"), 1)
    assert staff["level"]["id"] == "staff" and staff["gaps"] == [] and staff["red_flags"] == []


def test_no_answers(bank):
    r = score(bank, {}, 0)
    assert {a["score"] for a in r["areas"]} == {0} and r["floor"]["area"] == "ci-cd"
    assert r["mean"] == 0 and r["level"]["id"] == "below" and r["probes"] == [] and r["consistency"] == []
    assert [g["area"] for g in r["gaps"]] == [a.id for a in bank.areas]  # all at 0: bank order


def test_overclaiming_flag_and_claims_ahead_of_answers(bank):
    answers = {i.id: "4" for i in bank.items if i.kind in ("scope", "foil")}
    r = score(bank, answers, 0)
    # Every foil at 4: index 100. With accuracy 0 every 4 counts as 2: each area scores 0.3 x 2/4 = 15;
    # no area has an answered scored question, so none is compared for consistency.
    assert r["overclaiming"]["index"] == 100 and r["overclaiming"]["flagged"]
    assert {a["score"] for a in r["areas"]} == {15} and r["consistency"] == []
    assert r["level"]["unverified"] and {x["kind"] for x in r["level"]["reasons"]} == {"foil", "overclaiming", "pair"}
    answers["cicd-gate-fails"] = "promote-and-watch"  # credit 0.1: CI/CD accuracy 2 -> scope 100 vs 2
    r = score(bank, answers, 0)
    assert [(c["area"], c["difference"]) for c in r["consistency"]] == [("ci-cd", 98)]
    # The area's highest claim (its first scope item on ties) is already among the top five probes.
    assert [p["why"] for p in r["probes"]].count("claims-ahead") == 0
    # Level: accuracy 0 (0.1 / 38 -> 0.26 -> 0), floor 15.
    assert r["level"]["id"] == "below" and r["accuracy"] == 0
