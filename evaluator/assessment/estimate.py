"""The level estimate (from docs/data/levels.toml's levels, capped by red flags) and the platform/model lean."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .bank import BELOW, Bank, Link
from .links import link_dict
from .scoring import AreaScore, percent


def level_estimate(bank: Bank, *, scope_mean: Fraction, accuracy: int, floor: int, red_flags: int,
                   reasons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The highest level whose scope, accuracy and floor bars are all met, then capped by red flags and flags.

    Bars never fall from one level to the next (the bank's check), so meeting a level's bars
    means meeting every lower level's too: the levels cannot overlap. ``scope_mean`` is the mean
    of the supported claims. Any reason in ``reasons`` (a foil rated, overclaiming, claims ahead
    of answers) marks the estimate unverified and caps it at the bank's ``flagged_at_most``.
    """
    rules = bank.rules
    reasons = reasons or []
    checks = []
    reached = BELOW
    for bar in rules.bars:
        met = {"scope": scope_mean >= bar.min_scope, "accuracy": accuracy >= bar.min_accuracy, "floor": floor >= bar.min_floor}
        checks.append({
            "level": bar.level,
            "label": bar.label,
            "min_scope": float(bar.min_scope),
            "min_accuracy": bar.min_accuracy,
            "min_floor": bar.min_floor,
            "met": met,
            "all_met": all(met.values()),
        })
        if all(met.values()):
            reached = bar.level
    order = [BELOW, *(b.level for b in rules.bars)]
    cap = None
    for rule in rules.caps:
        if red_flags >= rule.red_flags:
            cap = rule
    level = reached
    if cap is not None and order.index(cap.at_most) < order.index(reached):
        level = cap.at_most
    capped_by_red_flags = level != reached
    unverified = bool(reasons)
    capped_by_flags = False
    if unverified and order.index(rules.flagged_at_most) < order.index(level):
        level, capped_by_flags = rules.flagged_at_most, True
    bar = next((b for b in rules.bars if b.level == level), None)
    return {
        "id": level,
        "label": bank.level_label(level),
        "summary": bar.summary if bar else "",
        "is_estimate": True,
        "from_bars": reached,
        "from_bars_label": bank.level_label(reached),
        "capped": level != reached,
        "capped_by_red_flags": capped_by_red_flags,
        "capped_by_flags": capped_by_flags,
        "unverified": unverified,
        "reasons": reasons,
        "cap": ({"red_flags": red_flags, "at_most": cap.at_most, "at_most_label": bank.level_label(cap.at_most)} if cap else None),
        "flag_cap": {"at_most": rules.flagged_at_most, "at_most_label": bank.level_label(rules.flagged_at_most)},
        "inputs": {"scope_mean": float(scope_mean), "accuracy": accuracy, "floor": floor, "red_flags": red_flags},
        "checks": checks,
    }


def explain_level(bank: Bank, level: dict[str, Any], *, floor_area: AreaScore, areas: list[AreaScore],
                  missed_in_floor: list[str], reduced: list[str]) -> dict[str, Any]:
    """Why the estimate is what it is, and what would change it, in sentences built from the figures."""
    inputs = level["inputs"]
    names = {"scope": "supported scope", "accuracy": "accuracy", "floor": "floor"}
    figures = {"scope": f"{inputs['scope_mean']:.2f}", "accuracy": str(inputs["accuracy"]), "floor": str(inputs["floor"])}
    wanted = {"scope": "min_scope", "accuracy": "min_accuracy", "floor": "min_floor"}

    def bar_text(check: dict[str, Any], what: str) -> str:
        need = check[wanted[what]]
        return f"{names[what]} {figures[what]} against {check['label']}'s {need:g}" if what == "scope" else f"{names[what]} {figures[what]} against {check['label']}'s {need}"

    decided = []
    reached = next((c for c in reversed(level["checks"]) if c["all_met"]), None)
    if reached:
        decided.append(f"The bars give {reached['label']}: " + "; ".join(bar_text(reached, w) for w in wanted) + ", all met.")
    else:
        first = level["checks"][0]
        missing = [w for w in wanted if not first["met"][w]]
        decided.append(f"The bars give {bank.rules.below_label}: " + "; ".join(bar_text(first, w) for w in missing) + ", not met.")
    decided.append(f"The floor is {floor_area.title} ({floor_area.score}: accuracy {floor_area.accuracy}, supported scope {float(floor_area.scope_mean):.2f})"
                   + (f"; its questions not fully right: {', '.join(missed_in_floor)}." if missed_in_floor else "."))
    if reduced:
        decided.append(f"{len(reduced)} scope rating(s) of 3 or more counted for less, because the accuracy in their area does not support them yet.")
    if level["capped_by_red_flags"]:
        decided.append(f"{level['cap']['red_flags']} red-flag answer(s) cap the estimate at {level['cap']['at_most_label']}.")
    if level["unverified"]:
        decided.append(f"Unverified: {len(level['reasons'])} flag(s) below; a flagged estimate is at most {level['flag_cap']['at_most_label']}.")

    change = []
    order = [c["level"] for c in level["checks"]]
    above = [c for c in level["checks"] if order.index(c["level"]) > (order.index(level["from_bars"]) if level["from_bars"] in order else -1)]
    if above:
        nxt = above[0]
        short = [w for w in wanted if not nxt["met"][w]]
        change.append(f"To reach {nxt['label']} by the bars: " + "; ".join(bar_text(nxt, w) for w in short) + ".")
        if "scope" in short:
            change.append("Scope ratings count only as far as each area's accuracy supports them, so the scope bar moves with the answers.")
    if level["unverified"]:
        change.append(f"Without the flags the estimate would be {level['from_bars_label'] if not level['capped_by_red_flags'] else level['cap']['at_most_label']}; "
                      "an interviewer should ask about each flagged answer.")
    if level["capped_by_red_flags"]:
        change.append("Each red-flag answer is explained in the review; they cap the estimate whatever the other figures say.")
    if not change:
        change.append("This is the highest level the self-assessment estimates; an interview verifies it.")
    return {"decided": decided, "to_change": change}


def lean(bank: Bank, areas: list[AreaScore]) -> dict[str, Any]:
    """Fit to each role type (weighted mean of the area scores as shown) and which way the profile leans."""
    scores = {a.id: a.score for a in areas}
    fits = {}
    for profile in bank.rules.lean:
        total = sum(profile.weights.values())
        fits[profile.id] = percent(sum((w * scores[a] for a, w in profile.weights.items()), Fraction(0)) / (100 * total))
    platform, model = bank.rules.lean
    difference = fits[platform.id] - fits[model.id]
    margin = bank.rules.lean_margin
    fits_words = f"{platform.label} fit {fits[platform.id]}, {model.label.lower()} fit {fits[model.id]}"
    if difference >= margin:
        leaning, words, detail = platform.id, platform.label, f"{fits_words}: {difference} points apart"
    elif -difference >= margin:
        leaning, words, detail = model.id, model.label, f"{fits_words}: {-difference} points apart"
    else:
        leaning, words, detail = "balanced", "Balanced", f"{fits_words}: under {margin} points apart"
    return {
        "leaning": leaning,
        "label": words,
        "detail": detail,
        "difference": difference,
        "profiles": [{"id": p.id, "label": p.label, "fit": fits[p.id]} for p in bank.rules.lean],
        "link": link_dict(Link("Platform-focused or model-focused", bank.rules.lean_link)),
    }
