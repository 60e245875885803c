"""The job-description templates (docs/data/jd-templates.toml), checked and typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_list, unique
from ..interview.scorecards import Scorecards, load_scorecards, slug
from ..interview.stages import Loop, duration, load_loop

FILE = "data/jd-templates.toml"
LEVEL_IDS = ("mid", "senior", "staff")


@dataclass(frozen=True)
class Stage:
    """An interview stage as an advert links to it (from the scorecards file)."""

    id: str
    title: str
    page: str  # under docs/
    dimensions: tuple[str, ...]


@dataclass(frozen=True)
class Requirement:
    """A requirement in an advert, with the interview scorecard dimension that tests it."""

    text: str
    stage: str
    dimension: str

    @property
    def anchor(self) -> str:
        """The dimension's heading on its stage page (the scale partial writes scale-<slug>)."""
        return "scale-" + slug(self.dimension)


@dataclass(frozen=True)
class Role:
    id: str
    label: str
    title: str
    lead: str
    scenario: str
    problem: str
    duties: tuple[str, ...]
    must: tuple[Requirement, ...]
    nice: tuple[Requirement, ...]
    six_months: tuple[str, ...]
    twelve_months: tuple[str, ...]


@dataclass(frozen=True)
class Level:
    id: str
    title_prefix: str
    scope: str
    must: Requirement


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    phrase: str


@dataclass(frozen=True)
class Location:
    id: str
    label: str
    market: str
    rules: tuple[str, ...]
    note: str
    place: str = ""  # how the advert names the jurisdiction; empty: the country must be typed in
    currency: str = "$"
    currency_code: str = ""
    remote: bool = False  # the rules are those that reach a remote advert (pay-transparency.toml)


@dataclass(frozen=True)
class Templates:
    stages: dict[str, Stage]
    roles: tuple[Role, ...]
    levels: tuple[Level, ...]
    frequencies: tuple[Choice, ...]
    locations: tuple[Location, ...]
    tool_suggestions: tuple[str, ...]
    interview: tuple[str, ...]  # one line a stage of the interview loop, in its order
    interview_span: str  # how long the loop takes, first call to decision ("2 to 3 weeks")

    def role(self, role_id: str) -> Role:
        return next(r for r in self.roles if r.id == role_id)

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)


def _requirement(raw: dict, where: str, stages: dict[str, Stage]) -> Requirement:
    stage = require(raw, "stage", str, where)
    if stage not in stages:
        raise DataError(f"{where}: stage {stage!r} is not one of {sorted(stages)}")
    dimension = require(raw, "dimension", str, where)
    if dimension not in stages[stage].dimensions:
        raise DataError(f"{where}: {stage} has no scorecard dimension {dimension!r}; "
                        f"it has {', '.join(stages[stage].dimensions)}")
    return Requirement(require(raw, "text", str, where), stage, dimension)


def _interview_lines(raw: dict, loop: Loop) -> tuple[str, ...]:
    """The advert's line for each stage of the loop: its name and length from the loop's one data
    file, what the candidate does in it from ``[interview]``, which must describe every stage."""
    texts = dict(raw)
    ids = [s.id for s in loop.stages]
    missing = [i for i in ids if i not in texts]
    unknown = sorted(set(texts) - set(ids))
    if missing or unknown:
        raise DataError(f"[interview] needs one line per stage of the interview loop ({', '.join(ids)}); "
                        + "; ".join(x for x in (f"missing: {', '.join(missing)}" if missing else "",
                                                f"not in the loop: {', '.join(unknown)}" if unknown else "") if x))
    lines = []
    for s in loop.stages:
        text = texts[s.id]
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"[interview] {s.id}: expected text, got {text!r}")
        length = duration(s.live_minutes)
        if s.prep_minutes:
            length += f", with up to {duration(s.prep_minutes)} to prepare"
        lines.append(f"{s.name} ({length}): {text.strip()}")
    return tuple(lines)


def _not_text(where: str, key: str):
    raise DataError(f"{where}: '{key}' must be text (empty for none)")


def parse_templates(data: dict, scorecards: Scorecards, loop: Loop | None = None) -> Templates:
    """Check the templates against their schema, the interview scorecards and the interview loop;
    DataError names the problem."""
    loop = loop or load_loop()
    stages = {
        s.id: Stage(s.id, s.title, f"interview/{s.page}", tuple(d.name for d in s.dimensions))
        for s in scorecards.stages
    }

    roles = []
    for i, raw in enumerate(require(data, "role", list, "top level")):
        role_id = require(raw, "id", str, f"[[role]] #{i + 1}")
        where = f"[[role]] '{role_id}'"
        success = require(raw, "success", dict, where)
        must = [_requirement(r, f"{where} [[role.must]] #{j + 1}", stages) for j, r in enumerate(require(raw, "must", list, where))]
        nice = [_requirement(r, f"{where} [[role.nice]] #{j + 1}", stages) for j, r in enumerate(require(raw, "nice", list, where))]
        if not must or not nice:
            raise DataError(f"{where}: needs at least one must-have and one nice-to-have")
        scenario = require(raw, "scenario", str, where)
        if not scenario.startswith("You will"):
            raise DataError(f"{where}: 'scenario' must start with \"You will\" (a concrete sentence about the job)")
        roles.append(Role(
            id=role_id,
            label=require(raw, "label", str, where),
            title=require(raw, "title", str, where),
            lead=require(raw, "lead", str, where),
            scenario=scenario,
            problem=require(raw, "problem", str, where),
            duties=tuple(require_list(raw, "duties", str, where)),
            must=tuple(must),
            nice=tuple(nice),
            six_months=tuple(require_list(success, "six_months", str, f"{where} [role.success]")),
            twelve_months=tuple(require_list(success, "twelve_months", str, f"{where} [role.success]")),
        ))

    levels = []
    for i, raw in enumerate(require(data, "level", list, "top level")):
        level_id = require(raw, "id", str, f"[[level]] #{i + 1}")
        where = f"[[level]] '{level_id}'"
        prefix = raw.get("title_prefix", "")
        if not isinstance(prefix, str):
            raise DataError(f"{where}: 'title_prefix' must be text")
        levels.append(Level(level_id, prefix, require(raw, "scope", str, where),
                            _requirement(require(raw, "must", dict, where), f"{where} [level.must]", stages)))
    if tuple(lv.id for lv in levels) != LEVEL_IDS:
        raise DataError(f"[[level]]: ids must be {', '.join(LEVEL_IDS)} in that order (as in levels.toml)")

    frequencies = []
    for i, raw in enumerate(require(data, "deployment_frequency", list, "top level")):
        where = f"[[deployment_frequency]] #{i + 1}"
        frequencies.append(Choice(require(raw, "id", str, where), require(raw, "label", str, where), require(raw, "phrase", str, where)))

    locations = []
    for i, raw in enumerate(require(data, "location", list, "top level")):
        location_id = require(raw, "id", str, f"[[location]] #{i + 1}")
        where = f"[[location]] '{location_id}'"
        market = raw.get("market", "")
        if not isinstance(market, str):
            raise DataError(f"{where}: 'market' must be text (empty for none)")
        locations.append(Location(
            id=location_id,
            label=require(raw, "label", str, where),
            market=market,
            rules=tuple(require_list(raw, "rules", str, where, min_items=0)),
            note=optional(raw, "note", str, where, default=""),
            place=raw.get("place", "") if isinstance(raw.get("place", ""), str) else _not_text(where, "place"),
            currency=optional(raw, "currency", str, where, default="$"),
            currency_code=optional(raw, "currency_code", str, where, default=""),
            remote=optional(raw, "remote", bool, where, default=False),
        ))

    templates = Templates(
        stages=stages,
        roles=tuple(roles),
        levels=tuple(levels),
        frequencies=tuple(frequencies),
        locations=tuple(locations),
        tool_suggestions=tuple(require_list(data, "tool_suggestions", str, "top level")),
        interview=_interview_lines(require(data, "interview", dict, "top level"), loop),
        interview_span=loop.span,
    )
    for items, table in ((templates.roles, "[[role]]"), (templates.frequencies, "[[deployment_frequency]]"),
                         (templates.locations, "[[location]]")):
        unique([item.id for item in items], "ids", table)
    return templates


@lru_cache(maxsize=1)
def default_templates() -> Templates:
    """The templates shipped with the site (read once per process)."""
    return load(FILE, parse_templates, scorecards=load_scorecards())


def check_locations(templates: Templates, rule_ids: set[str], market_ids: set[str]) -> None:
    """Every location's rules and market must exist in their own files (pay-transparency.toml,
    compensation.toml); DataError names the location otherwise."""
    for loc in templates.locations:
        where = f"{FILE}: [[location]] '{loc.id}'"
        unknown = sorted(set(loc.rules) - rule_ids)
        if unknown:
            raise DataError(f"{where}: rules {unknown} are not in data/pay-transparency.toml")
        if loc.market and loc.market not in market_ids:
            raise DataError(f"{where}: market {loc.market!r} is not in data/compensation.toml (leave it empty for none)")
