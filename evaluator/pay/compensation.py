"""The compensation data file (docs/data/compensation.toml): its schema and typed reading.

The guide's pay table and the pay explorer are rendered from what `load_compensation` returns, so
the pages and the file cannot disagree; a wrong or missing field stops the build with a
`DataError` naming it. Every figure names its source; a level may lack a figure for a market
(the pages then say so) but never has one that no source gives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..datafile import DataError, load, optional, require, unique

FILE = "data/compensation.toml"


@dataclass(frozen=True)
class Source:
    """Where figures come from: who published them, for which period, and when we last checked."""

    id: str
    name: str
    title: str
    url: str
    published: str
    description: str
    as_of: str
    reviewed: dt.date
    caveat: str

    @property
    def citation(self) -> str:
        """'VAMI, "title", published 2026, https://...': who, what, when and where, in one line."""
        return f"{self.name}, \u201c{self.title}\u201d, published {self.published}, {self.url}"


@dataclass(frozen=True)
class Market:
    id: str
    label: str
    measure: str
    symbol: str
    caveat: str = ""


@dataclass(frozen=True)
class PayRange:
    low: int
    high: int
    source: str
    open_ended: bool = False
    caveat: str = ""

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
    pay: dict[str, PayRange]  # by market id; a market without a figure is absent

    @property
    def years(self) -> str:
        if self.years_max is None:
            return f"{self.years_min}+ years"
        return f"{self.years_min}–{self.years_max} years"


@dataclass(frozen=True)
class RemoteGap:
    """What a source's text says about remote pay, to compare with its own figures."""

    market: str
    compared_with: str
    source_says: str
    claimed_min: int
    claimed_max: int


@dataclass(frozen=True)
class Gap:
    """A region no source gives figures for, and what a hiring manager can do instead."""

    region: str
    covers: str
    advice: str


@dataclass(frozen=True)
class Compensation:
    sources: list[Source]
    markets: list[Market]
    levels: list[Level]
    remote_gap: RemoteGap | None = None
    gaps: tuple[Gap, ...] = ()

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    @property
    def has_open_ended(self) -> bool:
        return any(p.open_ended for lv in self.levels for p in lv.pay.values())

    @property
    def has_gaps(self) -> bool:
        return any(m.id not in lv.pay for lv in self.levels for m in self.markets)


def _sources(data: dict[str, Any]) -> list[Source]:
    sources = []
    for i, raw in enumerate(require(data, "sources", list, "top level")):
        source_id = require(raw, "id", str, f"[[sources]] #{i + 1}")
        where = f"[[sources]] '{source_id}'"
        sources.append(Source(
            id=source_id,
            name=require(raw, "name", str, where),
            title=require(raw, "title", str, where),
            url=_https(require(raw, "url", str, where), where),
            published=str(require(raw, "published", (str, int), where)),
            description=require(raw, "description", str, where),
            as_of=str(require(raw, "as_of", (str, int), where)),
            reviewed=require(raw, "reviewed", dt.date, where),
            caveat=require(raw, "caveat", str, where),
        ))
    if not sources:
        raise DataError("top level: 'sources' is empty")
    unique([s.id for s in sources], "source ids", "[[sources]]")
    return sources


def _https(url: str, where: str) -> str:
    if not url.startswith("https://"):
        raise DataError(f"{where}: 'url' must be an https:// address, got {url!r}")
    return url


def parse_compensation(data: dict[str, Any]) -> Compensation:
    """Check the compensation data against its schema and return it typed; DataError otherwise."""
    sources = _sources(data)
    source_ids = [s.id for s in sources]

    markets = []
    for i, raw in enumerate(require(data, "markets", list, "top level")):
        where = f"[[markets]] #{i + 1}"
        markets.append(
            Market(
                id=require(raw, "id", str, where),
                label=require(raw, "label", str, where),
                measure=require(raw, "measure", str, where),
                symbol=require(raw, "symbol", str, where),
                caveat=optional(raw, "caveat", str, where, default=""),
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
            if market_id not in pay_table:
                continue  # no source gives a figure here; the pages say so
            cell = require(pay_table, market_id, dict, f"{where} pay")
            cell_where = f"{where} pay.{market_id}"
            low = require(cell, "low", int, cell_where)
            high = require(cell, "high", int, cell_where)
            if not 0 < low < high:
                raise DataError(f"{cell_where}: low {low} must be positive and below high {high}")
            source = require(cell, "source", str, cell_where)
            if source not in source_ids:
                raise DataError(f"{cell_where}: source {source!r} is not one of the [[sources]] {source_ids}")
            pay[market_id] = PayRange(
                low, high, source,
                open_ended=optional(cell, "open_ended", bool, cell_where, default=False),
                caveat=optional(cell, "caveat", str, cell_where, default=""),
            )
        if not pay:
            raise DataError(f"{where}: no figure for any market")
        levels.append(Level(level_id, require(raw, "label", str, where), years_min, years_max, pay))
    if not levels:
        raise DataError("top level: 'levels' is empty")
    unique([lv.id for lv in levels], "level ids", "[[levels]]")
    for lower, higher in zip(levels, levels[1:]):
        if higher.years_min < lower.years_min:
            raise DataError(f"[[levels]]: list levels from junior to senior ('{higher.id}' comes after '{lower.id}')")
        if lower.years_max is None or higher.years_min <= lower.years_max:
            raise DataError(f"[[levels]]: the years of '{lower.id}' ({lower.years}) and '{higher.id}' ({higher.years}) "
                            "overlap; a level ends the year before the next one starts")

    remote_gap = None
    if "remote_gap" in data:
        raw = require(data, "remote_gap", dict, "top level")
        where = "[remote_gap]"
        gap = RemoteGap(
            market=require(raw, "market", str, where),
            compared_with=require(raw, "compared_with", str, where),
            source_says=require(raw, "source_says", str, where),
            claimed_min=require(raw, "claimed_min", int, where),
            claimed_max=require(raw, "claimed_max", int, where),
        )
        for key in ("market", "compared_with"):
            if getattr(gap, key) not in market_ids:
                raise DataError(f"{where}: '{key}' {getattr(gap, key)!r} is not one of the markets {market_ids}")
        if not 0 <= gap.claimed_min <= gap.claimed_max <= 100:
            raise DataError(f"{where}: need 0 <= claimed_min <= claimed_max <= 100")
        remote_gap = gap
    gaps = tuple(
        Gap(require(raw, "region", str, f"[[gaps]] #{i + 1}"), require(raw, "covers", str, f"[[gaps]] #{i + 1}"),
            require(raw, "advice", str, f"[[gaps]] #{i + 1}"))
        for i, raw in enumerate(optional(data, "gaps", list, "top level", default=[]))
    )
    return Compensation(sources, markets, levels, remote_gap, gaps)


def load_compensation(text: str | None = None) -> Compensation:
    """Read and check the compensation file (its text may be given, e.g. from another docs folder)."""
    return load(FILE, parse_compensation, text)
