"""The pay explorer: compensation figures filtered by region and level, each with its source, date
and caveats, and the gap between the remote and the US columns worked out from the figures."""

from __future__ import annotations

import datetime as dt

from ..errors import InputError
from .compensation import Compensation, Level, Market, PayRange, load_compensation

ALL = "all"
NO_FIGURE = "No figure: our sources give none for this level and region."


def _cell(level: Level, market: Market, comp: Compensation) -> dict:
    pay: PayRange | None = level.pay.get(market.id)
    if pay is None:
        return {"market_id": market.id, "figure": None, "missing": NO_FIGURE}
    source = comp.source(pay.source)
    # The market's measure and caveat apply to its whole column; the page shows them once, below.
    caveats = [pay.caveat] if pay.caveat else []
    return {
        "market_id": market.id,
        "figure": pay.formatted(market.symbol),
        "low": pay.low,
        "high": pay.high,
        "open_ended": pay.open_ended,
        "measure": market.measure,
        "source_id": source.id,
        "source_name": source.name,
        "as_of": source.as_of,
        "caveats": caveats,
    }


def remote_gap(comp: Compensation) -> dict | None:
    """How far below the compared column the remote figures sit, next to what the source's text claims."""
    gap = comp.remote_gap
    if gap is None:
        return None
    shares = []
    for level in comp.levels:
        remote, base = level.pay.get(gap.market), level.pay.get(gap.compared_with)
        if remote is None or base is None:
            continue
        shares += [1 - remote.low / base.low, 1 - remote.high / base.high]
    if not shares:
        return None
    low_pct, high_pct = round(100 * min(shares)), round(100 * max(shares))
    remote_label = next(m.label for m in comp.markets if m.id == gap.market)
    base_label = next(m.label for m in comp.markets if m.id == gap.compared_with)
    consistent = gap.claimed_min <= low_pct and high_pct <= gap.claimed_max
    summary = (
        f"The source's text says {gap.source_says}, by {gap.claimed_min}–{gap.claimed_max}%. "
        f"Its own table puts the {remote_label} column {low_pct}–{high_pct}% below the {base_label} column (over all levels, both ends of each range)."
    )
    advice = (
        "The two measure different things: the US column is total compensation including equity at the best-paying "
        "companies, and the source does not say whether the remote figures include equity, so part of the gap may be "
        "equity rather than salary. Quote the remote column as the source's remote figures, and do not take "
        f"{gap.claimed_min}–{gap.claimed_max}% off the US column to set a remote band: the source's table does not support it."
    ) if not consistent else "The source's text and table agree."
    return {"low_pct": low_pct, "high_pct": high_pct, "claimed_min": gap.claimed_min, "claimed_max": gap.claimed_max,
            "consistent": consistent, "summary": summary, "advice": advice}


def no_figures(comp: Compensation) -> dict:
    """The regions no source gives figures for, said plainly, with what to do instead."""
    regions = [g.region for g in comp.gaps]
    if not regions:
        return {"summary": "", "regions": []}
    shown = ", ".join(m.label for m in comp.markets)
    return {
        "summary": f"Our sources give figures for {shown} only. We have no figures for: {'; '.join(regions)}.",
        "regions": [{"region": g.region, "covers": g.covers, "advice": g.advice} for g in comp.gaps],
    }


def explore(comp: Compensation, region: str | None = ALL, level: str | None = ALL) -> dict:
    """The figures for one region (market) and level, or all of them, with sources and caveats."""
    region = region or ALL
    level = level or ALL
    market_ids = [m.id for m in comp.markets]
    level_ids = [lv.id for lv in comp.levels]
    if region != ALL and region not in market_ids:
        gaps = "; ".join(g.region for g in comp.gaps)
        raise InputError(f"region {region!r} is not one of: {ALL}, {', '.join(market_ids)}"
                         + (f". We have no figures for: {gaps}" if gaps else ""))
    if level != ALL and level not in level_ids:
        raise InputError(f"level {level!r} is not one of: {ALL}, {', '.join(level_ids)}")
    markets = [m for m in comp.markets if region in (ALL, m.id)]
    levels = [lv for lv in comp.levels if level in (ALL, lv.id)]
    shown_region = "all regions" if region == ALL else markets[0].label
    shown_level = "all levels" if level == ALL else levels[0].label
    return {
        "regions": [{"id": m.id, "label": m.label} for m in comp.markets],
        "levels": [{"id": lv.id, "label": lv.label} for lv in comp.levels],
        "markets": [{"id": m.id, "label": m.label, "measure": m.measure, "caveat": m.caveat} for m in markets],
        "rows": [
            {"level_id": lv.id, "level_label": lv.label, "years": lv.years, "cells": [_cell(lv, m, comp) for m in markets]}
            for lv in levels
        ],
        "shown": f"{shown_region}, {shown_level}",
        "sources": [
            {"id": s.id, "name": s.name, "title": s.title, "url": s.url, "published": s.published,
             "citation": s.citation, "description": s.description, "as_of": s.as_of,
             "reviewed": s.reviewed.isoformat(), "caveat": s.caveat}
            for s in comp.sources
        ],
        "no_figures": no_figures(comp),
        "remote_gap": remote_gap(comp),
    }


def explorer_view(region: str | None, level: str | None, today: dt.date, jurisdiction: str | None = "all") -> dict:
    """Everything the pay explorer page shows: `explore` on the site's figures, the pay-transparency
    rules for `jurisdiction` (with their status on `today`) and the options of the offer helper."""
    from .offer import offer_options
    from .transparency import default_transparency, transparency_view

    result = explore(load_compensation(), region, level)
    result["transparency"] = transparency_view(default_transparency(), jurisdiction, today)
    result["offer"] = offer_options()
    return result
