"""What deserves a second look: red-flag answers, scope claims the answers do not bear out, overclaiming."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .bank import Bank
from .scoring import MAX_CLAIM, SUPPORT_FROM, AreaScore, claim, credit, mean, percent


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
        difference = area.claimed - area.accuracy
        if difference >= gap:
            direction, words = "claims-more", (
                f"{area.title}: your scope ratings ({area.claimed} of 100) are {difference} points above your accuracy "
                f"on its questions ({area.accuracy}). Claims this far ahead of the answers are worth testing in an interview.")
        elif -difference >= gap:
            direction, words = "shows-more", (
                f"{area.title}: your accuracy on its questions ({area.accuracy} of 100) is {-difference} points above "
                f"your scope ratings ({area.claimed}). You may know more than you have had the chance to own.")
        else:
            continue
        out.append({"area": area.id, "title": area.title, "direction": direction, "scope": area.claimed,
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


def pairs(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    """Consistency pairs: a scope claim of 3 or more whose own tested questions earn less than the bank's line."""
    out = []
    for item in bank.items:
        if item.kind != "scope" or not item.tests:
            continue
        rating = claim(answers.get(item.id))
        if rating < SUPPORT_FROM:
            continue
        tested = [bank.item(t) for t in item.tests]
        earned = percent(mean([credit(bank, t, answers.get(t.id)) for t in tested]))
        if earned < bank.rules.pair_below:
            topics = "; ".join(t.topic for t in tested)
            out.append({"item": item.id, "area": item.area, "claim": rating, "earned": earned, "tests": list(item.tests),
                        "message": f"You rated \"{item.prompt}\" {rating} ({bank.scale[rating]}), but the questions that test it "
                                   f"({topics}) earned {earned} of 100, under {bank.rules.pair_below}."})
    return out


def foil_claims(bank: Bank, answers: dict[str, str]) -> list[dict[str, Any]]:
    """Foils rated at the bank's flag line or above: each one is a flag on its own."""
    return [{"item": i.id, "area": i.area, "name": i.name, "claim": claim(answers.get(i.id)), "prompt": i.prompt}
            for i in bank.items if i.kind == "foil" and claim(answers.get(i.id)) >= bank.rules.foil_flag_at]


def verification(bank: Bank, *, foils: list[dict[str, Any]], over: dict[str, Any], consistency_flags: list[dict[str, Any]],
                 pair_flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every reason the level cannot be taken at face value, each naming the answers behind it."""
    reasons = []
    if len(foils) == 1:
        f = foils[0]
        reasons.append({"kind": "foil", "items": [f["item"]],
                        "text": f"You rated \"{f['prompt']}\" {f['claim']} ({bank.scale[f['claim']]}); {f['name']} does not exist."})
    elif foils:
        named = ", ".join(f"{f['name']} ({f['claim']})" for f in foils)
        reasons.append({"kind": "foil", "items": [f["item"] for f in foils],
                        "text": f"You rated {len(foils)} things that do not exist {bank.rules.foil_flag_at} or more: {named}."})
    if over["flagged"]:
        reasons.append({"kind": "overclaiming", "items": [c["item"] for c in over["claimed"]],
                        "text": f"Your ratings of the {over['foils']} things that do not exist give an overclaiming index of "
                                f"{over['index']} (the flag line is {over['threshold']})."})
    for c in consistency_flags:
        if c["direction"] == "claims-more":
            reasons.append({"kind": "claims-ahead", "items": [i.id for i in bank.area_items(c["area"]) if i.kind == "scope"],
                            "text": c["message"]})
    if len(pair_flags) == 1:
        p = pair_flags[0]
        reasons.append({"kind": "pair", "items": [p["item"], *p["tests"]], "text": p["message"]})
    elif pair_flags:
        reasons.append({"kind": "pair", "items": [i for p in pair_flags for i in (p["item"], *p["tests"])],
                        "text": f"{len(pair_flags)} scope ratings of 3 or more whose own questions earned less than "
                                f"{bank.rules.pair_below}: " + "; ".join(f"{bank.item(p['item']).prompt.rstrip('.')} ({p['claim']}, earned {p['earned']})"
                                                                        for p in pair_flags) + "."})
    return reasons
