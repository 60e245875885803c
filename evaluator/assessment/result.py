"""One result from one set of answers: every figure, flag, gap and probe the page and the exports show."""

from __future__ import annotations

from typing import Any

from .answers import SCHEMA, check_answers, check_seed
from .bank import Bank
from .estimate import explain_level, lean, level_estimate
from .flags import consistency, foil_claims, overclaiming, pairs, red_flags, verification
from .guidance import evidence, gaps, probes, review, scope_claims
from .links import link_dict
from .rules_text import rules_in_words
from .tokens import Codec
from .scoring import area_scores, credit, floor_and_mean, numbers_score, overall_accuracy, required_scope_mean

RESULT_SCHEMA = "mlops-kit/self-assessment-result/v1"


def score(bank: Bank, answers: Any, seed: Any, names: Codec | None = None) -> dict[str, Any]:
    """Score checked answers against the bank; deterministic, JSON-able. ``names``: the answers came
    from the page (decoded already), so error messages name questions by their tokens."""
    seed = check_seed(seed)
    answers = check_answers(bank, answers, names)
    areas = area_scores(bank, answers)
    weakest, mean = floor_and_mean(areas)
    accuracy = overall_accuracy(bank, answers)
    scope_mean = required_scope_mean(bank, answers, areas)
    claimed_mean = required_scope_mean(bank, answers)
    flags_red = red_flags(bank, answers)
    flags_consistency = consistency(bank, areas)
    flags_pairs = pairs(bank, answers)
    over = overclaiming(bank, answers)
    foils_rated = foil_claims(bank, answers)
    reasons = verification(bank, foils=foils_rated, over=over, consistency_flags=flags_consistency, pair_flags=flags_pairs)
    level = level_estimate(bank, scope_mean=scope_mean, accuracy=accuracy, floor=weakest.score, red_flags=len(flags_red), reasons=reasons)
    missed_in_floor = [i.topic for i in bank.area_items(weakest.id) if i.scored and credit(bank, i, answers.get(i.id)) < 1]
    reduced = [item_id for a in areas for item_id in a.reduced]
    level["explanation"] = explain_level(bank, level, floor_area=weakest, areas=areas, missed_in_floor=missed_in_floor, reduced=reduced)
    choice_items = [i for i in bank.items if i.kind != "evidence"]
    evidence_items = [i for i in bank.items if i.kind == "evidence"]
    return {
        "schema": RESULT_SCHEMA,
        "bank": {"version": bank.version, "hash": bank.hash, "title": bank.title},
        "seed": seed,
        "answered": {
            "questions": sum(i.id in answers for i in choice_items), "of": len(choice_items),
            "evidence": sum(i.id in answers for i in evidence_items), "evidence_of": len(evidence_items),
        },
        "areas": [{
            "id": a.id, "title": a.title, "short": a.short, "required": a.required, "score": a.score,
            "accuracy": a.accuracy, "scope": a.scope, "scope_mean": float(a.scope_mean),
            "claimed": a.claimed, "claimed_mean": float(a.claimed_mean), "reduced": list(a.reduced),
            "answered": a.scored_answered + a.scope_answered, "questions": a.scored_total + a.scope_total,
            "read": [link_dict(r) for r in bank.area(a.id).read],
        } for a in areas],
        "floor": {"score": weakest.score, "area": weakest.id, "title": weakest.title,
                  "over": [a.id for a in areas if a.required]},
        "mean": mean,
        "accuracy": accuracy,
        "scope_mean": float(scope_mean),
        "claimed_mean": float(claimed_mean),
        "numbers": numbers_score(bank, answers),
        "level": level,
        "lean": lean(bank, areas),
        "red_flags": flags_red,
        "consistency": flags_consistency,
        "pairs": flags_pairs,
        "overclaiming": over,
        "gaps": gaps(bank, areas, answers),
        "probes": probes(bank, answers, flags_consistency, over["claimed"]),
        "scope_claims": scope_claims(bank, answers),
        "evidence": evidence(bank, answers),
        "review": review(bank, answers),
        "foils": [{"item": i.id, "area": i.area, "prompt": i.prompt, "reveal": i.reveal} for i in bank.items if i.kind == "foil"],
        "rules": rules_in_words(bank),
        "rule_figures": {"gap_below": bank.rules.gap_below, "consistency_gap": bank.rules.consistency_gap,
                         "overclaiming_flag_at": bank.rules.overclaiming_flag_at, "foil_flag_at": bank.rules.foil_flag_at,
                         "pair_below": bank.rules.pair_below},
    }


def state(bank: Bank, answers: dict[str, str], seed: int) -> dict[str, Any]:
    """The saved-state envelope (also the head of a JSON export), which `restore.restore` reads back."""
    return {"schema": SCHEMA, "bank": {"version": bank.version, "hash": bank.hash}, "seed": seed, "answers": answers}
