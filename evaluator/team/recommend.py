"""Weigh the answers to the team criteria: a recommendation, the rows that drove it, and the first split."""

from __future__ import annotations

from ..errors import InputError
from .criteria import Criterion, TeamCriteria


def _side(criterion: Criterion, answer) -> str | None:
    """Which column of the guide's table an answer sits in; None when the question is not answered."""
    if answer is None or answer == "":
        return None
    if criterion.kind == "number":
        if isinstance(answer, str):
            text = answer.strip().rstrip("%").strip()
            if not text.isdigit():
                raise InputError(f"{criterion.label}: {answer!r} is not a whole number")
            answer = int(text)
        if isinstance(answer, float) and answer.is_integer():
            answer = int(answer)
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise InputError(f"{criterion.label}: {answer!r} is not a whole number")
        maximum = criterion.maximum if criterion.maximum is not None else 1_000_000
        if not 0 <= answer <= maximum:
            raise InputError(f"{criterion.label}: {answer} is outside 0 to {maximum:,}")
        return "team" if answer >= criterion.team_from else "generalist"
    for option in criterion.options:
        if option.id == answer:
            return option.side
    raise InputError(f"{criterion.label}: {answer!r} is not one of {', '.join(o.id for o in criterion.options)}")


def recommend_team(answers: dict, criteria: TeamCriteria) -> dict:
    """A recommendation from the answers (criterion id -> number or option id; missing = not sure).

    No single row decides: a team is recommended when at least `team_at_least` rows sit on the team
    side, the call is close from `close_at`, and otherwise one generalist who leans platform.
    """
    if not isinstance(answers, dict):
        raise InputError("answers must map each question to its answer")
    known = {c.id for c in criteria.criteria}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise InputError(f"unknown question(s) {unknown}; the questions are {sorted(known)}")

    rows = []
    for criterion in criteria.criteria:
        side = _side(criterion, answers.get(criterion.id))
        rows.append({
            "id": criterion.id,
            "label": criterion.label,
            "side": side,
            "reason": None if side is None else (criterion.team if side == "team" else criterion.generalist),
        })
    team_rows = [r for r in rows if r["side"] == "team"]
    generalist_rows = [r for r in rows if r["side"] == "generalist"]
    open_rows = [r for r in rows if r["side"] is None]
    if len(open_rows) == len(rows):
        raise InputError("answer at least one question")

    if len(team_rows) >= criteria.team_at_least:
        verdict, headline = "team", "Plan a team"
        drivers = team_rows
    elif len(team_rows) >= criteria.close_at:
        verdict, headline = "close", "A close call: one generalist now, a team soon"
        drivers = team_rows
    else:
        verdict, headline = "generalist", "One generalist, leaning platform"
        drivers = generalist_rows

    summary = (f"{len(team_rows)} of {len(rows)} answers sit on the team side"
               f" (a team from {criteria.team_at_least}, a close call from {criteria.close_at}).")
    notes = []
    if open_rows and verdict != "team" and len(team_rows) + len(open_rows) >= criteria.close_at:
        notes.append(f"{len(open_rows)} question{'s are' if len(open_rows) != 1 else ' is'} unanswered; "
                     "the answers could change this recommendation.")
    if verdict == "close":
        notes.append("Hire the generalist so that the second hire fits beside them: ask which side of the work they prefer, "
                     "and write the second job description for the other side.")

    split = []
    if verdict in ("team", "close"):
        hires = list(criteria.first_split)
        answered = {r["id"]: r["side"] for r in rows}
        # Quality work hurting on top of an existing shared platform: the platform is not the gap.
        if answered.get("infrastructure") == "team" and answered.get("quality_share") == "team":
            hires.reverse()
            notes.append("Your platform already exists and model quality is what hurts: hire the model ops specialist first.")
        split = [{"order": i + 1, "role": h.role, "level": h.level, "owns": h.owns, "why": h.why, "jd_role": h.jd_role}
                 for i, h in enumerate(hires)]

    return {
        "verdict": verdict,
        "headline": headline,
        "summary": summary,
        "team_count": len(team_rows),
        "answered": len(rows) - len(open_rows),
        "total": len(rows),
        "reasons": [r["reason"] for r in drivers],
        "rows": rows,
        "first_split": split,
        "notes": notes,
    }


def criteria_options(criteria: TeamCriteria) -> dict:
    """The helper's questions, for the page to render (defined once, here and in team.toml)."""
    questions = []
    for c in criteria.criteria:
        q = {"id": c.id, "label": c.label, "question": c.question, "kind": c.kind}
        if c.kind == "number":
            q.update(team_from=c.team_from, unit=c.unit, maximum=c.maximum)
        else:
            q["options"] = [{"id": o.id, "label": o.label, "side": o.side} for o in c.options]
        questions.append(q)
    return {"questions": questions, "team_at_least": criteria.team_at_least, "close_at": criteria.close_at}
