"""The compensation data file (docs/data/compensation.toml): its schema and typed reading.

The guide's pay table is rendered from what `load_compensation` returns, so the page and the
file cannot disagree; a wrong or missing field stops the build with a `DataError` naming it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..datafile import DataError, load, optional, require, unique

FILE = "data/compensation.toml"


@dataclass(frozen=True)
class Market:
    id: str
    label: str
    measure: str
    symbol: str


@dataclass(frozen=True)
class PayRange:
    low: int
    high: int
    open_ended: bool = False

    def formatted(self, symbol: str) -> str:
        """160, 220, '$' -> '$160K–$220K'; an open-ended top gets a '+'."""
        plus = "+" if self.open_ended else ""
        return f"{symbol}{self.low}K–{symbol}{self.high}K{plus}"


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    years_min: int
    years_max: int | None
    pay: dict[str, PayRange]

    @property
    def years(self) -> str:
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min}–{self.years_max} years"


@dataclass(frozen=True)
class Compensation:
    description: str
    as_of: str
    reviewed: dt.date
    caveat: str
    markets: list[Market]
    levels: list[Level]

    @property
    def has_open_ended(self) -> bool:
        return any(p.open_ended for lv in self.levels for p in lv.pay.values())


def parse_compensation(data: dict[str, Any]) -> Compensation:
    """Check the compensation data against its schema and return it typed; DataError otherwise."""
    source = require(data, "source", dict, "[source]")
    description = require(source, "description", str, "[source]")
    as_of = str(require(source, "as_of", (str, int), "[source]"))
    reviewed = require(source, "reviewed", dt.date, "[source]")
    caveat = require(source, "caveat", str, "[source]")

    markets = []
    for i, raw in enumerate(require(data, "markets", list, "top level")):
        where = f"[[markets]] #{i + 1}"
        markets.append(
            Market(
                id=require(raw, "id", str, where),
                label=require(raw, "label", str, where),
                measure=require(raw, "measure", str, where),
                symbol=require(raw, "symbol", str, where),
            )
        )
    if not markets:
        raise DataError("top level: 'markets' is empty")
    market_ids = [m.id for m in markets]
    unique(market_ids, "market ids", "[[markets]]")

    levels = []
    for i, raw in enumerate(require(data, "levels", list, "top level")):
        level_id = require(raw, "id", str, f"[[levels]] #{i + 1}")
        where = f"[[levels]] '{level_id}'"
        years_min = require(raw, "years_min", int, where)
        years_max = optional(raw, "years_max", int, where)
        if years_min < 0 or (years_max is not None and years_max <= years_min):
            raise DataError(f"{where}: years_min {years_min} and years_max {years_max} do not make a range")
        pay_table = require(raw, "pay", dict, where)
        extra = sorted(set(pay_table) - set(market_ids))
        if extra:
            raise DataError(f"{where}: pay for unknown market(s) {extra}; markets are {market_ids}")
        pay = {}
        for market_id in market_ids:
            cell = require(pay_table, market_id, dict, f"{where} pay")
            cell_where = f"{where} pay.{market_id}"
            low = require(cell, "low", int, cell_where)
            high = require(cell, "high", int, cell_where)
            open_ended = optional(cell, "open_ended", bool, cell_where, default=False)
            if not 0 < low < high:
                raise DataError(f"{cell_where}: low {low} must be positive and below high {high}")
            pay[market_id] = PayRange(low, high, open_ended)
        levels.append(Level(level_id, require(raw, "label", str, where), years_min, years_max, pay))
    if not levels:
        raise DataError("top level: 'levels' is empty")
    unique([lv.id for lv in levels], "level ids", "[[levels]]")
    for lower, higher in zip(levels, levels[1:]):
        if higher.years_min < lower.years_min:
            raise DataError(f"[[levels]]: list levels from junior to senior ('{higher.id}' comes after '{lower.id}')")
    return Compensation(description, as_of, reviewed, caveat, markets, levels)


def load_compensation(text: str | None = None) -> Compensation:
    """Read and check the compensation file (its text may be given, e.g. from another docs folder)."""
    return load(FILE, parse_compensation, text)
