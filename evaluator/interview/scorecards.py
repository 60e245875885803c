"""The scorecards data file (docs/interview/data/scorecards.toml): stages, dimensions, anchored ratings.

Rendered at build time as each stage's rating scale, as its printable scorecard
(`overrides/partials/interview/`) and, for the stages that set the level, as the levelling page's
per-dimension expectations. Stage names and time boxes are not in that file: they come from the
loop (`evaluator.interview.stages`), and each stage here carries its name from there. Anchors are
kept short so a scorecard prints on one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..datafile import DataError, load, optional, require, require_list, unique

FILE = "interview/data/scorecards.toml"
ANCHOR_MAX_CHARS = 160  # longer anchors push a scorecard onto a second page
DIMENSIONS = (3, 6)  # fewer is too coarse to score; more does not fit one page


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Dimension:
    name: str
    question: str
    anchors: tuple[str, ...]
    levels: dict[str, str]  # level id -> what that level looks like here (empty for a screen)

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class Stage:
    id: str
    title: str  # the stage's name from the loop ("Stage 1: Infrastructure design")
    page: str
    sets_level: bool
    recommendations: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    probes: bool = False  # the interviewer asks a probe question per planted fault the candidate misses


@dataclass(frozen=True)
class Scorecards:
    ratings: tuple[str, ...]
    stages: tuple[Stage, ...]
    probe_rule: str = ""  # how per-fault probes combine into a dimension's rating

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(f"no stage {stage_id!r} in {FILE} (stages: {', '.join(s.id for s in self.stages)})")

    @property
    def levelling_stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.sets_level)


def _recommendations(table: dict[str, Any], where: str) -> list[str]:
    recommendations = require_list(table, "recommendations", str, where)
    if not any(r.lower().startswith("no decision") for r in recommendations):
        raise DataError(f"{where}: 'recommendations' must offer a 'No decision' option")
    return recommendations


def parse_scorecards(data: dict[str, Any], pages: Iterable[str] | None = None,
                     stage_ids: Iterable[str] | None = None, level_ids: Iterable[str] | None = None,
                     titles: dict[str, str] | None = None) -> Scorecards:
    """Check the scorecards against their schema. When given, ``pages`` (file names in
    docs/interview/) must include every stage's page, ``stage_ids`` (the loop's stages, in order)
    must be exactly the scorecards' stages, and ``level_ids`` must be the keys of every levelling
    dimension's ``levels``."""
    ratings = require_list(data, "ratings", str, "top level")
    if len(ratings) != 4:
        raise DataError(f"top level: 'ratings' must list four rating names (1 to 4), has {len(ratings)}")
    default_recommendations = _recommendations(data, "top level")
    known_pages = set(pages) if pages is not None else None
    wanted_levels = list(level_ids) if level_ids is not None else None
    stages = []
    for i, raw in enumerate(require(data, "stage", list, "top level")):
        sid = require(raw, "id", str, f"[[stage]] #{i + 1}")
        where = f"stage {sid}"
        page = require(raw, "page", str, where)
        if known_pages is not None and page not in known_pages:
            raise DataError(f"{where}: page {page!r} is not in docs/interview/")
        sets_level = optional(raw, "sets_level", bool, where, default=True)
        probes = optional(raw, "probes", bool, where, default=False)
        recommendations = _recommendations(raw, where) if "recommendations" in raw else default_recommendations
        raw_dims = require(raw, "dimension", list, where)
        if not DIMENSIONS[0] <= len(raw_dims) <= DIMENSIONS[1]:
            raise DataError(f"{where} needs {DIMENSIONS[0]} to {DIMENSIONS[1]} [[stage.dimension]] tables, has {len(raw_dims)}")
        dims = []
        for j, d in enumerate(raw_dims):
            name = require(d, "name", str, f"{where}, dimension #{j + 1}")
            dwhere = f"{where}, {name}"
            anchors = require_list(d, "anchors", str, dwhere)
            if len(anchors) != 4:
                raise DataError(f"{dwhere}: 'anchors' must hold four descriptions, one per rating")
            long = [k + 1 for k, a in enumerate(anchors) if len(a) > ANCHOR_MAX_CHARS]
            if long:
                raise DataError(f"{dwhere}: anchor for rating {long[0]} is over {ANCHOR_MAX_CHARS} characters; "
                                "shorten it so the scorecard still prints on one page")
            levels: dict[str, str] = {}
            if sets_level:
                raw_levels = require(d, "levels", dict, dwhere)
                levels = {k: require(raw_levels, k, str, f"{dwhere}, levels") for k in raw_levels}
                if wanted_levels is not None and list(levels) != wanted_levels:
                    raise DataError(f"{dwhere}: 'levels' must say what {', '.join(wanted_levels)} look like, in that "
                                    f"order (docs/data/levels.toml); it has {', '.join(levels) or 'nothing'}")
            elif "levels" in d:
                raise DataError(f"{dwhere}: a stage with sets_level = false has no 'levels'")
            dims.append(Dimension(name, require(d, "question", str, dwhere), tuple(anchors), levels))
        unique([d.name for d in dims], "dimension names", where)
        stages.append(Stage(sid, (titles or {}).get(sid, sid), page, sets_level, tuple(recommendations), tuple(dims),
                            probes))
    if not stages:
        raise DataError("top level: no [[stage]] tables")
    unique([s.id for s in stages], "stage ids", "[[stage]]")
    if stage_ids is not None and [s.id for s in stages] != list(stage_ids):
        raise DataError(f"[[stage]]: the scorecards' stages ({', '.join(s.id for s in stages)}) must be the loop's "
                        f"stages in its order ({', '.join(stage_ids)}; docs/data/interview-stages.toml)")
    probe_rule = optional(data, "probe_rule", str, "top level", default="")
    if any(s.probes for s in stages) and not probe_rule.strip():
        raise DataError("top level: stages with probes = true need a 'probe_rule' saying how probes combine into a rating")
    return Scorecards(tuple(ratings), tuple(stages), " ".join(probe_rule.split()))


def load_scorecards(text: str | None = None, pages: Iterable[str] | None = None,
                    stage_ids: Iterable[str] | None = None, level_ids: Iterable[str] | None = None) -> Scorecards:
    """The scorecards, each stage titled with its name from the loop (docs/data/interview-stages.toml)."""
    from .stages import load_loop

    titles = {s.id: s.name for s in load_loop().stages}
    return load(FILE, parse_scorecards, text, pages=pages,
                stage_ids=list(stage_ids) if stage_ids is not None else None,
                level_ids=list(level_ids) if level_ids is not None else None, titles=titles)
