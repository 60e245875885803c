"""One result from one set of answers: every figure, flag, gap and probe the page and the exports show."""

from __future__ import annotations

from typing import Any

from .answers import SCHEMA, check_answers, check_seed
from .bank import Bank
from .estimate import lean, level_estimate
from .flags import consistency, overclaiming, red_flags
from .guidance import evidence, gaps, probes, review, scope_claims
from .links import link_dict
from .rules_text import rules_in_words
from .scoring import area_scores, floor_and_mean, overall_accuracy, required_scope_mean

RESULT_SCHEMA = "mlops-kit/self-assessment-result/v1"


def score(bank: Bank, answers: Any, seed: Any) -> dict[str, Any]:
    """Score checked answers against the bank; deterministic, JSON-able."""
    seed = check_seed(seed)
    answers = check_answers(bank, answers)
    areas = area_scores(bank, answers)
    weakest, mean = floor_and_mean(areas)
    accuracy = overall_accuracy(bank, answers)
    scope_mean = required_scope_mean(bank, answers)
    flags_red = red_flags(bank, answers)
    flags_consistency = consistency(bank, areas)
    over = overclaiming(bank, answers)
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
            "answered": a.scored_answered + a.scope_answered, "questions": a.scored_total + a.scope_total,
            "read": [link_dict(r) for r in bank.area(a.id).read],
        } for a in areas],
        "floor": {"score": weakest.score, "area": weakest.id, "title": weakest.title,
                  "over": [a.id for a in areas if a.required]},
        "mean": mean,
        "accuracy": accuracy,
        "scope_mean": float(scope_mean),
        "level": level_estimate(bank, scope_mean=scope_mean, accuracy=accuracy, floor=weakest.score, red_flags=len(flags_red)),
        "lean": lean(bank, areas),
        "red_flags": flags_red,
        "consistency": flags_consistency,
        "overclaiming": over,
        "gaps": gaps(bank, areas, answers),
        "probes": probes(bank, answers, flags_consistency, over["claimed"]),
        "scope_claims": scope_claims(bank, answers),
        "evidence": evidence(bank, answers),
        "review": review(bank, answers),
        "foils": [{"item": i.id, "area": i.area, "prompt": i.prompt, "reveal": i.reveal} for i in bank.items if i.kind == "foil"],
        "rules": rules_in_words(bank),
        "rule_figures": {"gap_below": bank.rules.gap_below, "consistency_gap": bank.rules.consistency_gap,
                         "overclaiming_flag_at": bank.rules.overclaiming_flag_at},
    }


def state(bank: Bank, answers: dict[str, str], seed: int) -> dict[str, Any]:
    """The saved-state envelope (also the head of a JSON export), which `answers.restore` reads back."""
    return {"schema": SCHEMA, "bank": {"version": bank.version, "hash": bank.hash}, "seed": seed, "answers": answers}
