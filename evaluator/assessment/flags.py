"""What deserves a second look: red-flag answers, scope claims the answers do not bear out, overclaiming."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .bank import Bank
from .scoring import MAX_CLAIM, AreaScore, claim, mean, percent


def red_flags(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for item in bank.items:
        option = item.option(answers[item.id]) if item.kind == "scenario" and item.id in answers else None
        if option is not None and option.red_flag:
            out.append({"item": item.id, "area": item.area, "prompt": item.prompt, "answer": option.text, "why": option.red_flag})
    return out


def consistency(bank: Bank, areas: list[AreaScore]) -> list[dict[str, Any]]:
    """Areas where self-rated scope and accuracy differ by the bank's gap or more (both must be answered)."""
    gap = bank.rules.consistency_gap
    out = []
    for area in areas:
        if not (area.scope_answered and area.scored_answered):
            continue
        difference = area.scope - area.accuracy
        if difference >= gap:
            direction, words = "claims-more", (
                f"{area.title}: your scope ratings ({area.scope} of 100) are {difference} points above your accuracy "
                f"on its questions ({area.accuracy}). Claims this far ahead of the answers are worth testing in an interview.")
        elif -difference >= gap:
            direction, words = "shows-more", (
                f"{area.title}: your accuracy on its questions ({area.accuracy} of 100) is {-difference} points above "
                f"your scope ratings ({area.scope}). You may know more than you have had the chance to own.")
        else:
            continue
        out.append({"area": area.id, "title": area.title, "direction": direction, "scope": area.scope,
                    "accuracy": area.accuracy, "difference": difference, "message": words})
    return out


def overclaiming(bank: Bank, answers: dict[str, str]) -> dict[str, Any]:
    """Mean rating given to the foils (tools and practices that do not exist), as 0-100."""
    foils = [i for i in bank.items if i.kind == "foil"]
    index = percent(mean([Fraction(claim(answers.get(i.id)), MAX_CLAIM) for i in foils]))
    claimed = [{"item": i.id, "area": i.area, "prompt": i.prompt, "name": i.name, "claim": claim(answers.get(i.id)),
                "claim_label": bank.scale[claim(answers.get(i.id))], "reveal": i.reveal}
               for i in foils if claim(answers.get(i.id)) > 0]
    return {"index": index, "flagged": index >= bank.rules.overclaiming_flag_at,
            "threshold": bank.rules.overclaiming_flag_at, "foils": len(foils), "claimed": claimed}
