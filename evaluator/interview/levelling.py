"""The decision rule: the stages' agreed ratings in, hire or no hire and a level out.

The levelling page states this rule in words, with its numbers quoted from here, and its worked
examples are computed by `decide`, so the page cannot say one thing and the rule do another.

1. A rating is the one the interviewers agree at the debrief; if they still differ, the lower
   one counts (ties go down). A dimension nobody could rate means no decision yet.
2. Any dimension rated 1 is a no hire, whatever the rest.
3. A stage's level: staff when no rating is below 3 and at least STAFF_MIN_STRONG are 4;
   senior when no rating is below 3; mid when at most MID_MAX_PARTIAL ratings are 2 and the
   rest 3 or 4; otherwise the stage is below the bar.
4. The candidate's level is the lowest of the stages' levels; a stage below the bar is a no hire.
"""

from __future__ import annotations

from dataclasses import dataclass

STAFF_MIN_STRONG = 3
MID_MAX_PARTIAL = 2
BELOW = "below"  # a stage whose ratings fall short of the lowest level


@dataclass(frozen=True)
class StageResult:
    stage: str
    ratings: tuple[int | None, ...]
    level: str | None  # a level id, BELOW, or None when a rating is missing
    reason: str


@dataclass(frozen=True)
class Decision:
    outcome: str  # "hire", "no hire" or "no decision"
    level: str | None
    stages: tuple[StageResult, ...]
    reason: str              # why, in words ("the lowest stage level")
    because: tuple[str, ...]  # the stages the reason is about


def stage_level(stage: str, ratings: list[int | None], level_ids: list[str]) -> StageResult:
    """One stage's level from its dimensions' ratings (1 to 4, or None for not rated)."""
    if len(level_ids) != 3:
        raise ValueError(f"the rule needs three levels (mid, senior, staff), got {level_ids}")
    for r in ratings:
        if r is not None and (isinstance(r, bool) or not isinstance(r, int) or not 1 <= r <= 4):
            raise ValueError(f"{stage}: a rating must be a whole number from 1 to 4, got {r!r}")
    mid, senior, staff = level_ids
    shown = tuple(ratings)
    if any(r is None for r in shown):
        return StageResult(stage, shown, None, f"{sum(r is None for r in shown)} not rated")
    ones, twos, fours = shown.count(1), shown.count(2), shown.count(4)
    if ones:
        return StageResult(stage, shown, BELOW, f"{ones} at 1")
    if twos == 0 and fours >= STAFF_MIN_STRONG:
        return StageResult(stage, shown, staff, f"none below 3; {fours} at 4")
    if twos == 0:
        return StageResult(stage, shown, senior, f"none below 3; {fours} at 4, staff needs {STAFF_MIN_STRONG}")
    if twos <= MID_MAX_PARTIAL:
        return StageResult(stage, shown, mid, f"{twos} at 2; mid allows {MID_MAX_PARTIAL}")
    return StageResult(stage, shown, BELOW, f"{twos} at 2; mid allows at most {MID_MAX_PARTIAL}")


def decide(stages: dict[str, list[int | None]], level_ids: list[str]) -> Decision:
    """Hire or no hire, and the level, from every levelling stage's ratings."""
    results = tuple(stage_level(stage, ratings, level_ids) for stage, ratings in stages.items())
    if not results:
        raise ValueError("no stages to decide from")
    ones = tuple(r.stage for r in results if 1 in r.ratings)
    if ones:
        return Decision("no hire", None, results, "a dimension rated 1", ones)
    missing = tuple(r.stage for r in results if r.level is None)
    if missing:
        return Decision("no decision", None, results, "ratings missing: get the evidence first", missing)
    below = tuple(r.stage for r in results if r.level == BELOW)
    if below:
        return Decision("no hire", None, results, "below the bar", below)
    lowest = min(level_ids.index(r.level) for r in results)
    at_lowest = tuple(r.stage for r in results if level_ids.index(r.level) == lowest)
    return Decision("hire", level_ids[lowest], results, "the lowest stage level", at_lowest)
