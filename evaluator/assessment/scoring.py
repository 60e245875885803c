"""Per-area scores, the floor, the mean, overall accuracy and the numbers sub-score, in exact fractions rounded once for display.

A scope rating of 3 or more counts only as far as the area's accuracy supports it: a rating equal
to a level's scope needs that level's accuracy bar in the area (`supported_claim`). Ratings up to
2 count as given.

Every figure a reader sees is a whole number (scope means: two decimals), and every rule compares
the figures as shown, so a reader can check each step by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .bank import SCALE_STEPS, Bank, Item

MAX_CLAIM = SCALE_STEPS - 1
HALF = Fraction(1, 2)


def percent(x: Fraction) -> int:
    """A share (0 to 1) as a whole percentage, halves rounded up."""
    return math.floor(x * 100 + HALF)


def two_decimals(x: Fraction) -> Fraction:
    return Fraction(math.floor(x * 100 + HALF), 100)


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values) if values else Fraction(0)


def credit(bank: Bank, item: Item, answer: str | None) -> Fraction:
    """The credit an answer earns: the option's credit, or 1 for a computed item's key; 0 if unanswered."""
    if answer is None:
        return Fraction(0)
    if item.kind == "computed":
        return Fraction(1) if bank.keys[item.id] == answer else Fraction(0)
    option = item.option(answer)
    return option.credit if option is not None and option.credit is not None else Fraction(0)


def claim(answer: str | None) -> int:
    """A scope rating (0 to 4); an unanswered scope question counts as 0, 'not done'."""
    return int(answer) if answer is not None else 0


SUPPORT_FROM = 3  # ratings from here up need the area's accuracy behind them


def support(bank: Bank, accuracy: int) -> int:
    """The highest rating an area's accuracy (0-100, as shown) supports: a level's scope needs that level's accuracy bar."""
    reached = [b.scope for b in bank.rules.bars if accuracy >= b.min_accuracy]
    return max([SUPPORT_FROM - 1, *reached])


def supported_claim(bank: Bank, rating: int, accuracy: int) -> int:
    return rating if rating < SUPPORT_FROM else min(rating, support(bank, accuracy))


@dataclass(frozen=True)
class AreaScore:
    id: str
    title: str
    short: str
    required: bool
    score: int  # 0-100
    accuracy: int  # 0-100: mean credit of the scenario and computed questions
    scope: int  # 0-100: mean supported scope claim over 4
    scope_mean: Fraction  # 0-4, two decimals: supported claims
    claimed: int  # 0-100: mean scope claim as given, over 4
    claimed_mean: Fraction  # 0-4, two decimals: claims as given
    reduced: tuple[str, ...]  # scope items whose rating counted for less than given
    scored_answered: int
    scored_total: int
    scope_answered: int
    scope_total: int


def area_scores(bank: Bank, answers: dict[str, str]) -> list[AreaScore]:
    rules = bank.rules
    out = []
    for area in bank.areas:
        items = bank.area_items(area.id)
        scored = [i for i in items if i.scored]
        scope_items = [i for i in items if i.kind == "scope"]
        accuracy = mean([credit(bank, i, answers.get(i.id)) for i in scored])
        ratings = [claim(answers.get(i.id)) for i in scope_items]
        counted = [supported_claim(bank, r, percent(accuracy)) for r in ratings]
        claimed = mean([Fraction(r, MAX_CLAIM) for r in ratings])
        scope = mean([Fraction(r, MAX_CLAIM) for r in counted])
        exact = rules.accuracy_weight * accuracy + rules.scope_weight * scope
        out.append(AreaScore(
            id=area.id, title=area.title, short=area.short, required=area.required,
            score=percent(exact), accuracy=percent(accuracy), scope=percent(scope),
            scope_mean=two_decimals(scope * MAX_CLAIM),
            claimed=percent(claimed), claimed_mean=two_decimals(claimed * MAX_CLAIM),
            reduced=tuple(i.id for i, r, c in zip(scope_items, ratings, counted) if c < r),
            scored_answered=sum(i.id in answers for i in scored), scored_total=len(scored),
            scope_answered=sum(i.id in answers for i in scope_items), scope_total=len(scope_items),
        ))
    return out


def overall_accuracy(bank: Bank, answers: dict[str, str]) -> int:
    """Mean credit over every scenario and computed question of all areas, as a whole percentage."""
    return percent(mean([credit(bank, i, answers.get(i.id)) for i in bank.items if i.scored]))


def numbers_score(bank: Bank, answers: dict[str, str]) -> dict:
    """'Reading the numbers': mean credit over the computed items of every area, as 0-100, and which were missed."""
    items = [i for i in bank.items if i.kind == "computed"]
    return {"score": percent(mean([credit(bank, i, answers.get(i.id)) for i in items])), "questions": len(items),
            "right": sum(credit(bank, i, answers.get(i.id)) == 1 for i in items),
            "missed": [i.id for i in items if credit(bank, i, answers.get(i.id)) < 1]}


def required_scope_mean(bank: Bank, answers: dict[str, str], areas: list[AreaScore] | None = None) -> Fraction:
    """Mean scope claim (0-4, two decimals) over the scope questions of the required areas, each
    claim counted as far as its area's accuracy supports it (as given when `areas` is None)."""
    accuracy = {a.id: a.accuracy for a in areas} if areas is not None else None
    required = {a.id for a in bank.areas if a.required}
    claims = [Fraction(claim(answers.get(i.id)) if accuracy is None else supported_claim(bank, claim(answers.get(i.id)), accuracy[i.area]))
              for i in bank.items if i.kind == "scope" and i.area in required]
    return two_decimals(mean(claims))


def floor_and_mean(areas: list[AreaScore]) -> tuple[AreaScore, int]:
    """The weakest required area (first in bank order on ties) and the mean of all area scores as shown."""
    weakest = min((a for a in areas if a.required), key=lambda a: a.score)
    return weakest, percent(Fraction(sum(a.score for a in areas), 100 * len(areas)))
