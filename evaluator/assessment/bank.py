"""The question bank as typed records, parsed from docs/data/assessment.toml and checked on the way in.

`parse_bank` turns the parsed TOML (and the kit's level definitions, `evaluator.levels`) into
frozen records, or raises `DataError` naming the first problem: the item, the field and what was
expected. Keys of computed items are not in the file: `load.load_bank` adds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from fractions import Fraction
from typing import Any

from ..datafile import DataError
from ..levels import LevelDefinition

KINDS = ("scope", "foil", "scenario", "computed", "evidence")
SCORED_KINDS = ("scenario", "computed")
READINGS = ("psi_band", "drifted_column", "ks_statistic", "wasserstein")
PSI_BANDS = ("low", "moderate", "high")
SCALE_STEPS = 5  # the scope scale runs 0 to 4
EVIDENCE_MAX_CHARS = 4000
BELOW = "below"  # the level id of "not yet mid-level"
MAX_COMPUTED_IN_FLOOR = 2  # computed items a required area may hold (they are "reading the numbers", not the area)

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LINK = re.compile(r"^[a-z0-9_/-]+\.md#[a-z0-9-]+$")


@dataclass(frozen=True)
class Link:
    title: str
    link: str  # a page under docs/ and an anchor, e.g. "guide/core-skills.md#ci-cd-for-ml"


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    credit: Fraction | None = None  # scenario options; a computed item's credit comes from its key
    red_flag: str | None = None  # why this answer is a red flag
    band: str | None = None  # computed psi_band: the band this option stands for
    column: str | None = None  # computed drifted_column: the column ("" = none of them)
    value: float | None = None  # computed ks_statistic / wasserstein: the number


@dataclass(frozen=True)
class Column:
    name: str
    labels: tuple[str, ...]  # bin labels, or category names
    edges: tuple[float, ...] | None  # inner bin edges of a numeric column; None for categories
    reference: tuple[int, ...]  # counts per bin or category
    current: tuple[int, ...]


@dataclass(frozen=True)
class Reading:
    ask: str
    reference_label: str
    current_label: str
    unit: str
    columns: tuple[Column, ...] = ()  # psi_band (one) and drifted_column (two or more): counts
    reference: tuple[float, ...] = ()  # ks_statistic and wasserstein: the raw values
    current: tuple[float, ...] = ()


@dataclass(frozen=True)
class Item:
    id: str
    area: str
    kind: str
    prompt: str
    topic: str = ""
    explain: str = ""
    read: Link | None = None
    options: tuple[Option, ...] = ()
    anchors: tuple[str, ...] = ()
    probe: str = ""
    listen: str = ""
    reveal: str = ""
    name: str = ""  # a foil's made-up tool or practice, as a probe names it
    reading: Reading | None = None
    tests: tuple[str, ...] = ()  # scope items: the scored items that test the claim (consistency pairs)

    @property
    def scored(self) -> bool:
        return self.kind in SCORED_KINDS

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    short: str
    required: bool
    read: tuple[Link, ...]


@dataclass(frozen=True)
class LevelBar:
    level: str
    label: str
    summary: str
    scope: int  # the level's scope in levels.toml
    min_scope: Fraction  # scope minus the margin, compared with the mean scope claim
    min_accuracy: int
    min_floor: int


@dataclass(frozen=True)
class RedFlagCap:
    red_flags: int
    at_most: str  # a level id or BELOW


@dataclass(frozen=True)
class LeanProfile:
    id: str
    label: str
    weights: dict[str, Fraction]


@dataclass(frozen=True)
class Rules:
    accuracy_weight: Fraction
    scope_weight: Fraction
    gap_below: int
    consistency_gap: int
    overclaiming_flag_at: int
    probe_claims: int
    foil_flag_at: int  # a foil rated this or higher is a flag on its own
    pair_below: int  # a claim of 3 or more is flagged when its tested items earn less than this (0-100)
    flagged_at_most: str  # a flagged result is marked unverified and capped at this level
    scope_margin: Fraction
    below_label: str
    bars: tuple[LevelBar, ...]  # lowest level first
    caps: tuple[RedFlagCap, ...]  # fewest red flags first
    lean_margin: int
    lean_link: str
    lean: tuple[LeanProfile, ...]


@dataclass(frozen=True)
class Bank:
    version: str
    title: str
    scale: tuple[str, ...]
    rules: Rules
    areas: tuple[Area, ...]
    items: tuple[Item, ...]
    keys: dict[str, str]  # computed item id -> id of the option the drift engine's reading matches
    measured: dict[str, dict[str, Any]]  # computed item id -> the engine's numbers behind the key
    hash: str  # content hash of the bank, the level definitions and the keys

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def area_items(self, area_id: str) -> list[Item]:
        return [i for i in self.items if i.area == area_id]

    def level_label(self, level: str) -> str:
        if level == BELOW:
            return self.rules.below_label
        return next(b.label for b in self.rules.bars if b.level == level)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}


# ------------------------------------------------------------------------------------- checks

def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where} must be a non-empty string, got {value!r}")
    return value.strip()


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DataError(f"{where} must be a whole number from {low} to {high}, got {value!r}")
    return value


def _fraction(value: Any, where: str, low: float, high: float) -> Fraction:
    """A number from the file as an exact fraction (0.7 is 7/10, not the nearest binary float)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise DataError(f"{where} must be a number from {low:g} to {high:g}, got {value!r}")
    return Fraction(str(value))


def _table(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise DataError(f"{where} must be a table, got {type(value).__name__}")
    return value


def _list(value: Any, where: str, *, min_len: int = 1) -> list:
    if not isinstance(value, list) or len(value) < min_len:
        raise DataError(f"{where} must be a list of at least {min_len}, got {value!r}")
    return value


def _id(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise DataError(f"{where} must be an id of lower-case letters, digits, '-' or '_', got {value!r}")
    return value


def _link(value: Any, where: str) -> Link:
    table = _table(value, where)
    link = table.get("link")
    if not isinstance(link, str) or not _LINK.match(link):
        raise DataError(f"{where}.link must look like 'guide/page.md#anchor', got {link!r}")
    return Link(_text(table.get("title"), f"{where}.title"), link)


def _unknown(table: dict, known: set[str], where: str) -> None:
    extra = sorted(set(table) - known)
    if extra:
        raise DataError(f"{where} has unknown field(s) {', '.join(map(repr, extra))}; known: {', '.join(sorted(known))}")


# ------------------------------------------------------------------------------------- parsing

def _rules(data: dict, levels: list[LevelDefinition], area_ids: list[str]) -> Rules:
    rules = _table(data.get("rules"), "[rules]")
    _unknown(rules, {"accuracy_weight", "scope_weight", "gap_below", "consistency_gap", "overclaiming_flag_at", "probe_claims",
                     "foil_flag_at", "pair_below"}, "[rules]")
    accuracy = _fraction(rules.get("accuracy_weight"), "[rules] accuracy_weight", 0, 1)
    scope = _fraction(rules.get("scope_weight"), "[rules] scope_weight", 0, 1)
    if accuracy + scope != 1:
        raise DataError(f"[rules] accuracy_weight and scope_weight must add up to 1, got {float(accuracy + scope):g}")

    lv = _table(data.get("levels"), "[levels]")
    _unknown(lv, {"scope_margin", "below_label", "bar", "red_flag_cap", "flagged_at_most"}, "[levels]")
    margin = _fraction(lv.get("scope_margin"), "[levels] scope_margin", 0, 2)
    by_id = {d.id: d for d in levels}
    bars = []
    for n, bar in enumerate(_list(lv.get("bar"), "[[levels.bar]]"), start=1):
        where = f"[[levels.bar]] {n}"
        bar = _table(bar, where)
        _unknown(bar, {"level", "min_accuracy", "min_floor"}, where)
        level = bar.get("level")
        if level not in by_id:
            raise DataError(f"{where}: level {level!r} is not in docs/data/levels.toml (ids: {', '.join(by_id)})")
        d = by_id[level]
        bars.append(LevelBar(
            level=level, label=d.label, summary=d.summary, scope=d.scope,
            min_scope=max(Fraction(0), d.scope - margin),
            min_accuracy=_int(bar.get("min_accuracy"), f"{where} min_accuracy", 0, 100),
            min_floor=_int(bar.get("min_floor"), f"{where} min_floor", 0, 100),
        ))
    if [b.level for b in bars] != [d.id for d in levels]:
        raise DataError(f"[[levels.bar]] must give one bar per level of levels.toml, in its order ({', '.join(by_id)})")
    for a, b in zip(bars, bars[1:]):
        if b.min_accuracy < a.min_accuracy or b.min_floor < a.min_floor:
            raise DataError(f"[[levels.bar]] {b.level}: its bars must not be lower than {a.level}'s, or the levels would overlap")

    order = [BELOW, *by_id]
    caps = []
    for n, cap in enumerate(_list(lv.get("red_flag_cap"), "[[levels.red_flag_cap]]"), start=1):
        where = f"[[levels.red_flag_cap]] {n}"
        cap = _table(cap, where)
        _unknown(cap, {"red_flags", "at_most"}, where)
        at_most = cap.get("at_most")
        if at_most not in order:
            raise DataError(f"{where} at_most must be one of {', '.join(order)}, got {at_most!r}")
        caps.append(RedFlagCap(_int(cap.get("red_flags"), f"{where} red_flags", 1, 1000), at_most))
    for a, b in zip(caps, caps[1:]):
        if b.red_flags <= a.red_flags or order.index(b.at_most) > order.index(a.at_most):
            raise DataError("[[levels.red_flag_cap]]: more red flags must come later and cap at the same level or lower")

    flagged_at_most = lv.get("flagged_at_most")
    if flagged_at_most not in order:
        raise DataError(f"[levels] flagged_at_most must be one of {', '.join(order)}, got {flagged_at_most!r}")

    lean = _table(data.get("lean"), "[lean]")
    _unknown(lean, {"margin", "link", "platform", "model"}, "[lean]")
    link = _link({"title": "lean", "link": lean.get("link")}, "[lean]").link
    profiles = []
    for pid in ("platform", "model"):
        where = f"[lean.{pid}]"
        profile = _table(lean.get(pid), where)
        _unknown(profile, {"label", "weights"}, where)
        weights = _table(profile.get("weights"), f"{where} weights")
        if sorted(weights) != sorted(area_ids):
            raise DataError(f"{where} weights must give one weight per area ({', '.join(area_ids)}), got {', '.join(weights)}")
        parsed = {a: _fraction(weights[a], f"{where} weights.{a}", 0, 100) for a in area_ids}
        if sum(parsed.values()) == 0:
            raise DataError(f"{where} weights must not all be 0")
        profiles.append(LeanProfile(pid, _text(profile.get("label"), f"{where} label"), parsed))

    return Rules(
        accuracy_weight=accuracy,
        scope_weight=scope,
        gap_below=_int(rules.get("gap_below"), "[rules] gap_below", 0, 100),
        consistency_gap=_int(rules.get("consistency_gap"), "[rules] consistency_gap", 1, 100),
        overclaiming_flag_at=_int(rules.get("overclaiming_flag_at"), "[rules] overclaiming_flag_at", 0, 100),
        probe_claims=_int(rules.get("probe_claims"), "[rules] probe_claims", 0, 100),
        foil_flag_at=_int(rules.get("foil_flag_at"), "[rules] foil_flag_at", 1, SCALE_STEPS - 1),
        pair_below=_int(rules.get("pair_below"), "[rules] pair_below", 0, 100),
        flagged_at_most=flagged_at_most,
        scope_margin=margin,
        below_label=_text(lv.get("below_label"), "[levels] below_label"),
        bars=tuple(bars),
        caps=tuple(caps),
        lean_margin=_int(lean.get("margin"), "[lean] margin", 0, 100),
        lean_link=link,
        lean=tuple(profiles),
    )


def _area(table: Any, n: int) -> Area:
    where = f"area {n}"
    table = _table(table, where)
    _unknown(table, {"id", "title", "short", "required", "read"}, where)
    area_id = _id(table.get("id"), f"{where} id")
    where = f"area {area_id!r}"
    required = table.get("required")
    if not isinstance(required, bool):
        raise DataError(f"{where} required must be true or false")
    reads = tuple(_link(r, f"{where} read[{i}]") for i, r in enumerate(_list(table.get("read"), f"{where} read")))
    return Area(area_id, _text(table.get("title"), f"{where} title"), _text(table.get("short"), f"{where} short"), required, reads)


def _counts(value: Any, where: str, size: int) -> tuple[int, ...]:
    counts = _list(value, where)
    if len(counts) != size or any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in counts):
        raise DataError(f"{where} must be {size} counts (whole numbers, 0 or more), got {value!r}")
    if sum(counts) == 0:
        raise DataError(f"{where} must not be all zero")
    return tuple(counts)


def _column(table: Any, where: str) -> Column:
    table = _table(table, where)
    _unknown(table, {"name", "bins", "edges", "categories", "reference", "current"}, where)
    name = _text(table.get("name"), f"{where} name")
    where = f"{where} {name!r}"
    if ("categories" in table) == ("bins" in table):
        raise DataError(f"{where} needs either bins (with edges) or categories")
    if "categories" in table:
        labels = tuple(_text(c, f"{where} categories") for c in _list(table["categories"], f"{where} categories", min_len=2))
        if len(set(labels)) != len(labels):
            raise DataError(f"{where} categories must be unique")
        edges = None
    else:
        labels = tuple(_text(b, f"{where} bins") for b in _list(table["bins"], f"{where} bins", min_len=2))
        raw = _list(table.get("edges"), f"{where} edges")
        if any(isinstance(e, bool) or not isinstance(e, (int, float)) for e in raw):
            raise DataError(f"{where} edges must be numbers, got {raw!r}")
        edges = tuple(float(e) for e in raw)
        if len(edges) != len(labels) - 1 or any(b <= a for a, b in zip(edges, edges[1:])):
            raise DataError(f"{where} needs one fewer edge than bins, strictly increasing (got {len(labels)} bins, edges {raw})")
    return Column(name, labels, edges, _counts(table.get("reference"), f"{where} reference", len(labels)),
                  _counts(table.get("current"), f"{where} current", len(labels)))


def _values(value: Any, where: str) -> tuple[float, ...]:
    values = _list(value, where, min_len=2)
    if len(values) > 20 or any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
        raise DataError(f"{where} must be 2 to 20 numbers (small enough to read on the page), got {value!r}")
    return tuple(float(v) for v in values)


def _reading(table: Any, where: str) -> Reading:
    where = f"{where} reading"
    table = _table(table, where)
    _unknown(table, {"ask", "reference_label", "current_label", "unit", "column", "reference", "current"}, where)
    ask = table.get("ask")
    if ask not in READINGS:
        raise DataError(f"{where} ask must be one of {', '.join(READINGS)}, got {ask!r}")
    common = dict(
        ask=ask,
        reference_label=_text(table.get("reference_label"), f"{where} reference_label"),
        current_label=_text(table.get("current_label"), f"{where} current_label"),
        unit=_text(table.get("unit"), f"{where} unit", required=False),
    )
    if ask in ("psi_band", "drifted_column"):
        if "reference" in table or "current" in table:
            raise DataError(f"{where}: {ask} readings give counts per column ([[item.reading.column]]), not raw values")
        columns = tuple(_column(c, f"{where} column") for c in _list(table.get("column"), f"{where} column"))
        if ask == "psi_band" and len(columns) != 1:
            raise DataError(f"{where}: psi_band reads exactly one column, got {len(columns)}")
        if ask == "drifted_column" and len(columns) < 2:
            raise DataError(f"{where}: drifted_column needs at least two columns to choose from")
        if len({c.name for c in columns}) != len(columns):
            raise DataError(f"{where}: column names must be unique")
        return Reading(**common, columns=columns)
    if "column" in table:
        raise DataError(f"{where}: {ask} readings give raw values (reference, current), not columns")
    return Reading(**common, reference=_values(table.get("reference"), f"{where} reference"),
                   current=_values(table.get("current"), f"{where} current"))


def _option(table: Any, where: str, kind: str, reading: Reading | None) -> Option:
    table = _table(table, where)
    option_id = _id(table.get("id"), f"{where} id")
    where = f"{where} {option_id!r}"
    text = _text(table.get("text"), f"{where} text")
    if kind == "scenario":
        _unknown(table, {"id", "text", "credit", "red_flag"}, where)
        credit = _fraction(table.get("credit"), f"{where} credit", 0, 1)
        red_flag = table.get("red_flag")
        if red_flag is not None:
            red_flag = _text(red_flag, f"{where} red_flag")
            if credit != 0:
                raise DataError(f"{where} is a red flag, so its credit must be 0 (got {float(credit):g})")
        return Option(option_id, text, credit=credit, red_flag=red_flag)
    assert reading is not None
    if reading.ask == "psi_band":
        _unknown(table, {"id", "text", "band"}, where)
        band = table.get("band")
        if band is not None and band not in PSI_BANDS:
            raise DataError(f"{where} band must be one of {', '.join(PSI_BANDS)}, got {band!r}")
        return Option(option_id, text, band=band)
    if reading.ask == "drifted_column":
        _unknown(table, {"id", "text", "column"}, where)
        column = table.get("column")
        names = [c.name for c in reading.columns]
        if column != "" and column not in names:
            raise DataError(f"{where} column must be one of {', '.join(names)} or \"\" (none of them), got {column!r}")
        return Option(option_id, text, column=column)
    _unknown(table, {"id", "text", "value"}, where)
    value = table.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{where} value must be a number, got {value!r}")
    return Option(option_id, text, value=float(value))


def _item(table: Any, n: int, area_ids: list[str]) -> Item:
    table = _table(table, f"item {n}")
    item_id = _id(table.get("id"), f"item {n} id")
    where = f"item {item_id!r}"
    area = table.get("area")
    if area not in area_ids:
        raise DataError(f"{where} area must be one of {', '.join(area_ids)}, got {area!r}")
    kind = table.get("kind")
    if kind not in KINDS:
        raise DataError(f"{where} kind must be one of {', '.join(KINDS)}, got {kind!r}")
    known = {
        "scope": {"anchors", "probe", "listen", "tests"},
        "foil": {"anchors", "reveal", "name"},
        "scenario": {"topic", "explain", "read", "option"},
        "computed": {"topic", "explain", "read", "option", "reading"},
        "evidence": set(),
    }[kind]
    _unknown(table, {"id", "area", "kind", "prompt"} | known, where)
    prompt = _text(table.get("prompt"), f"{where} prompt")
    fields: dict[str, Any] = {}
    if kind in ("scope", "foil"):
        anchors = _list(table.get("anchors"), f"{where} anchors")
        if len(anchors) != SCALE_STEPS:
            raise DataError(f"{where} anchors must describe all {SCALE_STEPS} steps of the scale (0 to 4), got {len(anchors)}")
        fields["anchors"] = tuple(_text(a, f"{where} anchors[{i}]") for i, a in enumerate(anchors))
        if kind == "scope":
            fields["probe"] = _text(table.get("probe"), f"{where} probe")
            fields["listen"] = _text(table.get("listen"), f"{where} listen")
            fields["tests"] = tuple(_id(t, f"{where} tests") for t in _list(table.get("tests", []), f"{where} tests", min_len=0))
        else:
            fields["reveal"] = _text(table.get("reveal"), f"{where} reveal")
            fields["name"] = _text(table.get("name"), f"{where} name")
            if fields["name"].lower() not in prompt.lower():
                raise DataError(f"{where}: the prompt must name the foil ({fields['name']!r})")
    if kind in ("scenario", "computed"):
        fields["topic"] = _text(table.get("topic"), f"{where} topic")
        fields["explain"] = _text(table.get("explain"), f"{where} explain")
        if table.get("read") is not None:
            fields["read"] = _link(table["read"], f"{where} read")
        reading = _reading(table.get("reading"), where) if kind == "computed" else None
        fields["reading"] = reading
        options = tuple(_option(o, f"{where} option", kind, reading) for o in _list(table.get("option"), f"{where} option", min_len=3 if kind == "scenario" else 2))
        if len({o.id for o in options}) != len(options):
            raise DataError(f"{where}: option ids must be unique")
        if kind == "scenario" and not any(o.credit == 1 for o in options):
            raise DataError(f"{where}: one option must have credit 1 (the best answer)")
        if kind == "computed":
            _check_reading_options(where, reading, options)
        fields["options"] = options
    return Item(id=item_id, area=area, kind=kind, prompt=prompt, **fields)


def _check_reading_options(where: str, reading: Reading, options: tuple[Option, ...]) -> None:
    """Every possible reading must have exactly one option, so whatever the engine computes has an answer."""
    if reading.ask == "psi_band":
        bands = [o.band for o in options if o.band is not None]
        if sorted(bands) != sorted(PSI_BANDS):
            raise DataError(f"{where}: psi_band options must cover each band ({', '.join(PSI_BANDS)}) exactly once")
    elif reading.ask == "drifted_column":
        columns = [o.column for o in options]
        if sorted(columns) != sorted([c.name for c in reading.columns] + [""]):
            raise DataError(f"{where}: drifted_column options must name each column once, plus one option with column = \"\" (none)")
    else:
        values = [o.value for o in options]
        if len(set(values)) != len(values):
            raise DataError(f"{where}: option values must differ")


def parse_bank(data: dict, levels: list[LevelDefinition], *, computed: dict[str, dict[str, Any]] | None = None, content_hash: str = "") -> Bank:
    """Check the parsed assessment.toml against the level definitions; return the typed bank.

    ``computed`` maps each computed item to ``{"key": option id, "measured": {...}}`` (see
    `readings.compute`); without it the bank has no keys yet and cannot score.
    """
    data = _table(data, "assessment.toml")
    _unknown(data, {"version", "title", "scale", "rules", "levels", "lean", "area", "item"}, "assessment.toml")
    version = _text(data.get("version"), "version")
    scale = _list(_table(data.get("scale"), "[scale]").get("steps"), "[scale] steps")
    if len(scale) != SCALE_STEPS:
        raise DataError(f"[scale] steps must name all {SCALE_STEPS} steps (0 to 4), got {len(scale)}")
    areas = tuple(_area(a, n) for n, a in enumerate(_list(data.get("area"), "[[area]]"), start=1))
    area_ids = [a.id for a in areas]
    if len(set(area_ids)) != len(area_ids):
        raise DataError("[[area]] ids must be unique")
    if not any(a.required for a in areas):
        raise DataError("[[area]]: at least one area must be required (the floor is taken over the required areas)")
    items = tuple(_item(t, n, area_ids) for n, t in enumerate(_list(data.get("item"), "[[item]]"), start=1))
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DataError(f"item id(s) used twice: {', '.join(duplicates)}")
    for area in areas:
        mine = [i for i in items if i.area == area.id]
        for kind, label in (("scope", "scope item"), ("evidence", "evidence prompt")):
            if not any(i.kind == kind for i in mine):
                raise DataError(f"area {area.id!r} needs at least one {label}")
        if sum(i.scored for i in mine) < 2:
            raise DataError(f"area {area.id!r} needs at least two scenario or computed items")
        computed_here = [i.id for i in mine if i.kind == "computed"]
        if area.required and len(computed_here) > MAX_COMPUTED_IN_FLOOR:
            raise DataError(f"area {area.id!r} is required (in the floor) and has {len(computed_here)} computed items "
                            f"({', '.join(computed_here)}); at most {MAX_COMPUTED_IN_FLOOR} may decide a floor")
        scored_here = {i.id for i in mine if i.scored}
        for item in mine:
            for tested in item.tests:
                if tested not in scored_here:
                    raise DataError(f"item {item.id!r} tests {tested!r}, which is not a scenario or computed item of area {area.id!r}")
    bank = Bank(
        version=version,
        title=_text(data.get("title"), "title"),
        scale=tuple(_text(s, f"[scale] steps[{i}]") for i, s in enumerate(scale)),
        rules=_rules(data, levels, area_ids),
        areas=areas,
        items=items,
        keys={item_id: entry["key"] for item_id, entry in (computed or {}).items()},
        measured={item_id: entry["measured"] for item_id, entry in (computed or {}).items()},
        hash=content_hash,
    )
    if computed is not None:
        keys = bank.keys
        computed = {i.id for i in items if i.kind == "computed"}
        if set(keys) != computed:
            raise DataError(f"computed keys do not match the computed items: missing {sorted(computed - set(keys))}, extra {sorted(set(keys) - computed)}")
        for item_id, option_id in keys.items():
            if bank.item(item_id).option(option_id) is None:
                raise DataError(f"computed key of item {item_id!r} names option {option_id!r}, which it does not have")
    return bank
