"""The team helper's criteria and thresholds (docs/data/team.toml), checked and typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_choice, unique

FILE = "data/team.toml"
SIDES = ("generalist", "team")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    side: str


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    question: str
    kind: str
    generalist: str
    team: str
    team_from: int | None = None
    unit: str = ""
    maximum: int | None = None
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Hire:
    role: str
    level: str
    owns: str
    why: str
    jd_role: str


@dataclass(frozen=True)
class TeamCriteria:
    criteria: tuple[Criterion, ...]
    team_at_least: int
    close_at: int
    first_split: tuple[Hire, ...]


def parse_criteria(data: dict) -> TeamCriteria:
    """Check the criteria against their schema and return them typed; DataError names the problem."""
    criteria = []
    for i, raw in enumerate(require(data, "criterion", list, "top level")):
        criterion_id = require(raw, "id", str, f"[[criterion]] #{i + 1}")
        where = f"[[criterion]] '{criterion_id}'"
        kind = require_choice(raw, "kind", ("number", "choice"), where)
        common = dict(
            id=criterion_id,
            label=require(raw, "label", str, where),
            question=require(raw, "question", str, where),
            kind=kind,
            generalist=require(raw, "generalist", str, where),
            team=require(raw, "team", str, where),
        )
        if kind == "number":
            team_from = require(raw, "team_from", int, where)
            maximum = optional(raw, "maximum", int, where)
            if team_from < 1 or (maximum is not None and maximum <= team_from):
                raise DataError(f"{where}: 'team_from' {team_from} must be 1 or more and below 'maximum' {maximum}")
            criteria.append(Criterion(**common, team_from=team_from, unit=require(raw, "unit", str, where), maximum=maximum))
        else:
            options = []
            for j, opt in enumerate(require(raw, "option", list, where)):
                owhere = f"{where} [[criterion.option]] #{j + 1}"
                options.append(Option(require(opt, "id", str, owhere), require(opt, "label", str, owhere),
                                      require_choice(opt, "side", SIDES, owhere)))
            unique([o.id for o in options], "option ids", where)
            if {o.side for o in options} != set(SIDES):
                raise DataError(f"{where}: the options must include at least one for each side ({', '.join(SIDES)})")
            criteria.append(Criterion(**common, options=tuple(options)))
    unique([c.id for c in criteria], "criterion ids", "[[criterion]]")

    team_at_least = require(data, "team_at_least", int, "top level")
    close_at = require(data, "close_at", int, "top level")
    if not 0 < close_at <= team_at_least <= len(criteria):
        raise DataError(f"top level: need 0 < close_at ({close_at}) <= team_at_least ({team_at_least}) <= the number of criteria ({len(criteria)})")

    split = []
    for i, raw in enumerate(require(data, "first_split", list, "top level")):
        where = f"[[first_split]] #{i + 1}"
        split.append(Hire(
            role=require(raw, "role", str, where),
            level=require_choice(raw, "level", ("mid", "senior", "staff"), where),
            owns=require(raw, "owns", str, where),
            why=require(raw, "why", str, where),
            jd_role=require_choice(raw, "jd_role", ("platform", "model", "generalist"), where),
        ))
    if len(split) != 2:
        raise DataError(f"[[first_split]]: must describe two hires, got {len(split)}")
    return TeamCriteria(tuple(criteria), team_at_least, close_at, tuple(split))


@lru_cache(maxsize=1)
def default_criteria() -> TeamCriteria:
    """The criteria shipped with the site (read once per process)."""
    return load(FILE, parse_criteria)
