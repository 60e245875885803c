"""Pay-transparency rules for job adverts (docs/data/pay-transparency.toml), checked and typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from functools import lru_cache

from ..datafile import DataError, load, optional, require, require_choice, unique

FILE = "data/pay-transparency.toml"
STATUSES = ("confirmed", "unconfirmed")


@dataclass(frozen=True)
class TransparencyRule:
    id: str
    jurisdiction: str
    kind: str
    applies_to: str
    requirement: str
    effective: dt.date
    effective_note: str
    source: str
    source_url: str
    status: str

    def as_json(self, today: dt.date) -> dict:
        data = asdict(self)
        data["effective"] = self.effective.isoformat()
        data["in_force"] = self.effective <= today
        return data


@dataclass(frozen=True)
class Transparency:
    checked: dt.date
    caveat: str
    rules: tuple[TransparencyRule, ...]

    def by_id(self) -> dict[str, TransparencyRule]:
        return {r.id: r for r in self.rules}


def parse_transparency(data: dict) -> Transparency:
    """Check the rules against their schema and return them typed; DataError names the problem."""
    rules = []
    for i, raw in enumerate(require(data, "rule", list, "top level")):
        rule_id = require(raw, "id", str, f"[[rule]] #{i + 1}")
        where = f"[[rule]] '{rule_id}'"
        url = require(raw, "source_url", str, where)
        if not url.startswith("https://"):
            raise DataError(f"{where}: 'source_url' must be an https:// address, got {url!r}")
        rules.append(TransparencyRule(
            id=rule_id,
            jurisdiction=require(raw, "jurisdiction", str, where),
            kind=require(raw, "kind", str, where),
            applies_to=require(raw, "applies_to", str, where),
            requirement=require(raw, "requirement", str, where),
            effective=require(raw, "effective", dt.date, where),
            effective_note=optional(raw, "effective_note", str, where, default=""),
            source=require(raw, "source", str, where),
            source_url=url,
            status=require_choice(raw, "status", STATUSES, where),
        ))
    if not rules:
        raise DataError("top level: no [[rule]] tables")
    unique([r.id for r in rules], "rule ids", "[[rule]]")
    return Transparency(require(data, "checked", dt.date, "top level"), require(data, "caveat", str, "top level"), tuple(rules))


@lru_cache(maxsize=1)
def default_transparency() -> Transparency:
    """The rules shipped with the site (read once per process)."""
    return load(FILE, parse_transparency)
