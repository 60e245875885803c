"""The interview loop's stages (docs/data/interview-stages.toml): a typed loader and the figures pages quote.

Pages, scorecards and briefs never state a stage's name or time box themselves; they name a
figure such as ``stage.stage-1.agenda`` and the build (or, for a variant's brief, the evaluator)
fills it in from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..datafile import DataError, load_once

FILE = "data/interview-stages.toml"
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class Part:
    minutes: int
    interviewer: str  # "for the design"
    candidate: str    # "for your design"


@dataclass(frozen=True)
class Stage:
    id: str
    label: str
    title: str
    does: str
    interviewers: int
    parts: tuple[Part, ...]
    prep_minutes: int
    prep: str
    send: str

    @property
    def live_minutes(self) -> int:
        return sum(p.minutes for p in self.parts)

    @property
    def name(self) -> str:
        """"Stage 1: Infrastructure design"; a stage whose label is its title alone, just the title."""
        return self.title if self.id == "screen" else f"{self.label}: {self.title}"


@dataclass(frozen=True)
class Loop:
    stages: tuple[Stage, ...]
    span: str
    decision_within: str

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise KeyError(stage_id)


def _text(table: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
    value = table.get(key, "" if optional else None)
    if not isinstance(value, str) or (not optional and not value.strip()):
        raise DataError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _count(table: dict[str, Any], key: str, where: str, *, low: int) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise DataError(f"{where}: '{key}' must be a whole number of at least {low}")
    return value


def parse_loop(data: dict[str, Any]) -> Loop:
    raw = data.get("stage")
    if not isinstance(raw, list) or not raw:
        raise DataError("no [[stage]] tables")
    stages: list[Stage] = []
    for entry in raw:
        sid = entry.get("id")
        where = f"stage {sid!r}"
        if not isinstance(sid, str) or not sid:
            raise DataError("every [[stage]] needs an id")
        if any(s.id == sid for s in stages):
            raise DataError(f"{where} appears twice")
        parts = entry.get("part")
        if not isinstance(parts, list) or not parts:
            raise DataError(f"{where}: no [[stage.part]] tables (the live session's agenda)")
        parsed = tuple(
            Part(_count(p, "minutes", f"{where}, part {i}", low=1), _text(p, "interviewer", f"{where}, part {i}"),
                 _text(p, "candidate", f"{where}, part {i}"))
            for i, p in enumerate(parts, start=1)
        )
        prep_minutes = _count(entry, "prep_minutes", where, low=0)
        prep = _text(entry, "prep", where, optional=True)
        if prep_minutes and not prep:
            raise DataError(f"{where}: prep_minutes is {prep_minutes} but 'prep' does not say what on")
        stages.append(Stage(
            id=sid, label=_text(entry, "label", where), title=_text(entry, "title", where),
            does=_text(entry, "does", where), interviewers=_count(entry, "interviewers", where, low=1),
            parts=parsed, prep_minutes=prep_minutes, prep=prep, send=_text(entry, "send", where),
        ))
    return Loop(tuple(stages), _text(data, "span", "top level"), _text(data, "decision_within", "top level"))


def load_loop(text: str | None = None) -> Loop:
    """The loop (read once from docs/data/, or from the wheel in the browser); ``text`` parses a given text."""
    return load_once(FILE, parse_loop, text)


def duration(minutes: int) -> str:
    """90 -> "1 hour 30 minutes", 45 -> "45 minutes", 360 -> "6 hours"."""
    hours, rest = divmod(minutes, 60)
    words = []
    if hours:
        words.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        words.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(words)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def stage_figures(loop: Loop | None = None) -> dict[str, str]:
    """Every figure pages may quote, by name: ``stage.<id>.<what>`` and ``stage.loop.<what>``."""
    loop = loop or load_loop()
    figures: dict[str, str] = {}
    for s in loop.stages:
        p = f"stage.{s.id}."
        live = f"{s.live_minutes} minutes"
        prep = f"up to {s.prep_minutes} minutes {s.prep}" if s.prep_minutes else ""
        figures.update({
            p + "label": s.label,
            p + "title": s.title,
            p + "name": s.name,
            p + "does": s.does,
            p + "interviewers": str(s.interviewers),
            p + "live": live,
            p + "agenda": ", ".join(f"{part.minutes} {part.interviewer}" for part in s.parts),
            p + "agenda_candidate": "about " + _join(
                [f"{part.minutes} minutes {part.candidate}" if i == 0 else f"{part.minutes} {part.candidate}"
                 for i, part in enumerate(s.parts)]),
            p + "prep": prep or "none",
            p + "prep_minutes": str(s.prep_minutes),
            p + "time_box": f"{live}, after {prep}" if prep else live,
            p + "candidate_time": f"{prep}, then {live} live" if prep else f"{live} live",
            p + "send": s.send,
        })
    live_total = sum(s.live_minutes for s in loop.stages)
    most = live_total + sum(s.prep_minutes for s in loop.stages)
    technical = [s for s in loop.stages if s.id != "screen"]
    figures.update({
        "stage.loop.live": duration(live_total),
        "stage.loop.most": duration(most),
        "stage.loop.span": loop.span,
        "stage.loop.decision_within": loop.decision_within,
        "stage.loop.count": _NUMBER_WORDS.get(len(technical), str(len(technical))),
    })
    return figures
