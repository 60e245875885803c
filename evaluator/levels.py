"""The levels the kit hires at (docs/data/levels.toml): mid, senior and staff, defined once.

The interview kit's levelling, the self-assessment's level estimate and the pay table all use
these ids and definitions, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .datafile import DataError, load, require, require_list, unique

FILE = "data/levels.toml"
SCOPE_MAX = 4  # the 0-4 scope scale of the self-assessment's scope items


@dataclass(frozen=True)
class LevelDefinition:
    id: str
    label: str
    scope: int
    summary: str
    expects: tuple[str, ...]


def parse_levels(data: dict[str, Any]) -> list[LevelDefinition]:
    """Check the levels against their schema (ordered from junior to senior by scope)."""
    levels = []
    for i, raw in enumerate(require(data, "level", list, "top level")):
        level_id = require(raw, "id", str, f"[[level]] #{i + 1}")
        where = f"[[level]] '{level_id}'"
        scope = require(raw, "scope", int, where)
        if not 0 <= scope <= SCOPE_MAX:
            raise DataError(f"{where}: 'scope' must be from 0 to {SCOPE_MAX}, got {scope}")
        levels.append(
            LevelDefinition(
                id=level_id,
                label=require(raw, "label", str, where),
                scope=scope,
                summary=require(raw, "summary", str, where),
                expects=tuple(require_list(raw, "expects", str, where)),
            )
        )
    if not levels:
        raise DataError("top level: no [[level]] tables")
    unique([lv.id for lv in levels], "level ids", "[[level]]")
    for lower, higher in zip(levels, levels[1:]):
        if higher.scope <= lower.scope:
            raise DataError(f"[[level]]: list levels from junior to senior ('{higher.id}' must have a wider scope than '{lower.id}')")
    return levels


def load_levels(text: str | None = None) -> list[LevelDefinition]:
    return load(FILE, parse_levels, text)
