"""The level estimate (from docs/data/levels.toml's levels, capped by red flags) and the platform/model lean."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .bank import BELOW, Bank, Link
from .links import link_dict
from .scoring import AreaScore, percent


def level_estimate(bank: Bank, *, scope_mean: Fraction, accuracy: int, floor: int, red_flags: int) -> dict[str, Any]:
    """The highest level whose scope, accuracy and floor bars are all met, then capped by red flags.

    Bars never fall from one level to the next (the bank's check), so meeting a level's bars
    means meeting every lower level's too: the levels cannot overlap.
    """
    rules = bank.rules
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
    bar = next((b for b in rules.bars if b.level == level), None)
    return {
        "id": level,
        "label": bank.level_label(level),
        "summary": bar.summary if bar else "",
        "is_estimate": True,
        "from_bars": reached,
        "from_bars_label": bank.level_label(reached),
        "capped": level != reached,
        "cap": ({"red_flags": red_flags, "at_most": cap.at_most, "at_most_label": bank.level_label(cap.at_most)} if cap else None),
        "inputs": {"scope_mean": float(scope_mean), "accuracy": accuracy, "floor": floor, "red_flags": red_flags},
        "checks": checks,
    }


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
