"""The scorecards data file (docs/interview/data/scorecards.toml): stages, dimensions, anchored levels.

Rendered twice at build time: as each stage's rating scale and as its printable scorecard
(`overrides/partials/interview/`). Anchors are kept short so a scorecard prints on one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..datafile import DataError, load, require, require_list, unique

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

    @property
    def slug(self) -> str:
        return slug(self.name)


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    page: str
    time_box: str
    dimensions: tuple[Dimension, ...]


@dataclass(frozen=True)
class Scorecards:
    levels: tuple[str, ...]
    recommendations: tuple[str, ...]
    stages: tuple[Stage, ...]

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(f"no stage {stage_id!r} in {FILE} (stages: {', '.join(s.id for s in self.stages)})")


def parse_scorecards(data: dict[str, Any], pages: Iterable[str] | None = None) -> Scorecards:
    """Check the scorecards against their schema; ``pages`` (file names in docs/interview/), when
    given, must include every stage's page."""
    levels = require_list(data, "levels", str, "top level")
    if len(levels) != 4:
        raise DataError(f"top level: 'levels' must list four level names (1 to 4), has {len(levels)}")
    recommendations = require_list(data, "recommendations", str, "top level")
    if not any(r.lower().startswith("no decision") for r in recommendations):
        raise DataError("top level: 'recommendations' must offer a 'No decision' option")
    known_pages = set(pages) if pages is not None else None
    stages = []
    for i, raw in enumerate(require(data, "stage", list, "top level")):
        sid = require(raw, "id", str, f"[[stage]] #{i + 1}")
        where = f"stage {sid}"
        page = require(raw, "page", str, where)
        if known_pages is not None and page not in known_pages:
            raise DataError(f"{where}: page {page!r} is not in docs/interview/")
        raw_dims = require(raw, "dimension", list, where)
        if not DIMENSIONS[0] <= len(raw_dims) <= DIMENSIONS[1]:
            raise DataError(f"{where} needs {DIMENSIONS[0]} to {DIMENSIONS[1]} [[stage.dimension]] tables, has {len(raw_dims)}")
        dims = []
        for j, d in enumerate(raw_dims):
            name = require(d, "name", str, f"{where}, dimension #{j + 1}")
            dwhere = f"{where}, {name}"
            anchors = require_list(d, "anchors", str, dwhere)
            if len(anchors) != 4:
                raise DataError(f"{dwhere}: 'anchors' must hold four descriptions, one per level")
            long = [k + 1 for k, a in enumerate(anchors) if len(a) > ANCHOR_MAX_CHARS]
            if long:
                raise DataError(f"{dwhere}: anchor for level {long[0]} is over {ANCHOR_MAX_CHARS} characters; "
                                "shorten it so the scorecard still prints on one page")
            dims.append(Dimension(name, require(d, "question", str, dwhere), tuple(anchors)))
        unique([d.name for d in dims], "dimension names", where)
        stages.append(Stage(sid, require(raw, "title", str, where), page, require(raw, "time_box", str, where), tuple(dims)))
    if not stages:
        raise DataError("top level: no [[stage]] tables")
    unique([s.id for s in stages], "stage ids", "[[stage]]")
    return Scorecards(tuple(levels), tuple(recommendations), tuple(stages))


def load_scorecards(text: str | None = None, pages: Iterable[str] | None = None) -> Scorecards:
    return load(FILE, parse_scorecards, text, pages=pages)
