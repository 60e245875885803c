"""MkDocs hook: check the guide's data files when the site builds and render them into pages.

Maintainers edit figures in `docs/data/*.toml`, never in the Markdown. At build time this hook
checks each data file against its schema (a wrong or missing field stops the build with a message
naming the file and the field) and replaces a marker comment in a page with the rendered data:

    <!-- kit:compensation-table -->   ->  the pay table and its source note (docs/data/compensation.toml)

Stdlib only (tomllib), so the same data can be read anywhere, Pyodide included.
"""

from __future__ import annotations

import datetime as dt
import html
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

COMPENSATION_FILE = "data/compensation.toml"
COMPENSATION_MARKER = "<!-- kit:compensation-table -->"
# Any marker of this form left in a page after rendering is a typo; the build says so.
MARKER_PREFIX = "<!-- kit:"


class DataError(ValueError):
    """A data file does not match its schema."""


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


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    years_min: int
    years_max: int | None
    pay: dict[str, PayRange]


@dataclass(frozen=True)
class Compensation:
    description: str
    as_of: str
    reviewed: dt.date
    caveat: str
    markets: list[Market]
    levels: list[Level]


def _require(table: dict, key: str, kind: type | tuple[type, ...], where: str):
    if key not in table:
        raise DataError(f"{where}: missing '{key}'")
    value = table[key]
    # bool is an int in Python; a year count of `true` is still a mistake.
    if isinstance(value, bool) and kind is not bool:
        raise DataError(f"{where}: '{key}' must be {_kind_name(kind)}, not a boolean")
    if not isinstance(value, kind):
        raise DataError(f"{where}: '{key}' must be {_kind_name(kind)}, got {type(value).__name__}")
    if isinstance(value, str) and not value.strip():
        raise DataError(f"{where}: '{key}' is empty")
    return value


def _kind_name(kind) -> str:
    names = {str: "text", int: "a whole number", bool: "true or false", dict: "a table", list: "a list", dt.date: "a date (YYYY-MM-DD)"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def parse_compensation(data: dict) -> Compensation:
    """Check the compensation data against its schema and return it typed; DataError otherwise."""
    source = _require(data, "source", dict, "[source]")
    description = _require(source, "description", str, "[source]")
    as_of = str(_require(source, "as_of", (str, int), "[source]"))
    reviewed = _require(source, "reviewed", dt.date, "[source]")
    caveat = _require(source, "caveat", str, "[source]")

    markets = []
    for i, raw in enumerate(_require(data, "markets", list, "top level")):
        where = f"[[markets]] #{i + 1}"
        markets.append(
            Market(
                id=_require(raw, "id", str, where),
                label=_require(raw, "label", str, where),
                measure=_require(raw, "measure", str, where),
                symbol=_require(raw, "symbol", str, where),
            )
        )
    if not markets:
        raise DataError("top level: 'markets' is empty")
    market_ids = [m.id for m in markets]
    if len(set(market_ids)) != len(market_ids):
        raise DataError(f"[[markets]]: ids repeat: {market_ids}")

    levels = []
    for i, raw in enumerate(_require(data, "levels", list, "top level")):
        where = f"[[levels]] #{i + 1}"
        level_id = _require(raw, "id", str, where)
        where = f"[[levels]] '{level_id}'"
        years_min = _require(raw, "years_min", int, where)
        years_max = _require(raw, "years_max", int, where) if "years_max" in raw else None
        if years_min < 0 or (years_max is not None and years_max <= years_min):
            raise DataError(f"{where}: years_min {years_min} and years_max {years_max} do not make a range")
        pay_table = _require(raw, "pay", dict, where)
        extra = sorted(set(pay_table) - set(market_ids))
        if extra:
            raise DataError(f"{where}: pay for unknown market(s) {extra}; markets are {market_ids}")
        pay = {}
        for market_id in market_ids:
            cell = _require(pay_table, market_id, dict, f"{where} pay")
            cell_where = f"{where} pay.{market_id}"
            low = _require(cell, "low", int, cell_where)
            high = _require(cell, "high", int, cell_where)
            open_ended = _require(cell, "open_ended", bool, cell_where) if "open_ended" in cell else False
            if not 0 < low < high:
                raise DataError(f"{cell_where}: low {low} must be positive and below high {high}")
            pay[market_id] = PayRange(low, high, open_ended)
        levels.append(
            Level(id=level_id, label=_require(raw, "label", str, where), years_min=years_min, years_max=years_max, pay=pay)
        )
    if not levels:
        raise DataError("top level: 'levels' is empty")
    level_ids = [lv.id for lv in levels]
    if len(set(level_ids)) != len(level_ids):
        raise DataError(f"[[levels]]: ids repeat: {level_ids}")
    for lower, higher in zip(levels, levels[1:]):
        if higher.years_min < lower.years_min:
            raise DataError(f"[[levels]]: list levels from junior to senior ('{higher.id}' comes after '{lower.id}')")
    return Compensation(description, as_of, reviewed, caveat, markets, levels)


def load_compensation(path: Path) -> Compensation:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError as e:
        raise DataError(f"{path}: file not found") from e
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{path}: not valid TOML: {e}") from e
    return parse_compensation(data)


def format_range(pay: PayRange, symbol: str) -> str:
    """160, 220, '$' -> '$160K–$220K'; an open-ended top gets a '+'."""
    plus = "+" if pay.open_ended else ""
    return f"{symbol}{pay.low}K–{symbol}{pay.high}K{plus}"


def format_years(level: Level) -> str:
    if level.years_max is None:
        return f"{level.years_min}+ years"
    return f"{level.years_min}–{level.years_max} years"


def render_compensation(comp: Compensation) -> str:
    """The pay table (HTML, with row and column headers) and its source note (Markdown)."""
    e = html.escape
    head = "".join(f'<th scope="col" data-market="{e(m.id)}">{e(m.label)}</th>' for m in comp.markets)
    rows = []
    for level in comp.levels:
        cells = "".join(
            f'<td data-market="{e(m.id)}">{e(format_range(level.pay[m.id], m.symbol))}</td>' for m in comp.markets
        )
        rows.append(
            f'<tr data-level="{e(level.id)}"><th scope="row">{e(level.label)}</th>'
            f'<td data-column="years">{e(format_years(level))}</td>{cells}</tr>'
        )
    table = (
        # No class attribute: Material styles and scroll-wraps only tables without one.
        '<table data-source="compensation">\n'
        f'<caption>Yearly pay for MLOps engineers by level and market, {e(comp.as_of)}</caption>\n'
        f'<thead><tr><th scope="col">Level</th><th scope="col">Experience</th>{head}</tr></thead>\n'
        f'<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>'
    )
    measures = "\n".join(f"- **{m.label}:** {m.measure}." for m in comp.markets)
    measures += "\n- **K** means thousands, per year."
    open_note = (
        "\n- A **+** after a range means the source gives it as open-ended at the top."
        if any(p.open_ended for lv in comp.levels for p in lv.pay.values())
        else ""
    )
    note = (
        f'!!! info "Source and date"\n\n'
        f"    **Source:** {comp.description}.<br>\n"
        f"    **Figures for:** {comp.as_of}.<br>\n"
        f"    **Last compared with the source:** {comp.reviewed.isoformat()}.\n\n"
        f"    **{comp.caveat}**\n"
    )
    return f"{table}\n\n{measures}{open_note}\n\n{note}"


# --- MkDocs events ---------------------------------------------------------------------------

_compensation: Compensation | None = None


def on_config(config):
    """Check every data file before any page is built, so a bad edit fails fast and clearly."""
    global _compensation
    path = Path(config["docs_dir"]) / COMPENSATION_FILE
    try:
        _compensation = load_compensation(path)
    except DataError as e:
        raise PluginError(f"{COMPENSATION_FILE}: {e}") from e
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    if COMPENSATION_MARKER in markdown:
        assert _compensation is not None  # on_config ran
        markdown = markdown.replace(COMPENSATION_MARKER, render_compensation(_compensation))
    if MARKER_PREFIX in markdown:
        line = next(ln for ln in markdown.splitlines() if MARKER_PREFIX in ln)
        raise PluginError(f"{page.file.src_uri}: unknown marker {line.strip()!r}")
    return markdown
