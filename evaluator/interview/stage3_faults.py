"""The stage-3 fault menu (docs/data/stage3-faults.toml): a typed loader and one variant's draw.

Every group is a dimension of the stage-3 scorecard; a variant plants one fault of each group and
then a few more, never two that exclude each other. A fault or one of its options may exclude a
fault or an option ("skew.log"): two faults whose key sentences cannot both hold in the same
code (one hides the other, or changes what its probe shows) are never drawn together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..datafile import DataError, load_once

FILE = "data/stage3-faults.toml"
SEVERITIES = ("Critical", "High", "Medium")
TEXT_FIELDS = ("title", "what", "fix", "probe", "clean")


@dataclass(frozen=True)
class FaultOption:
    id: str
    texts: dict[str, str]
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    id: str
    group: str
    severity: str
    excludes: tuple[str, ...]
    texts: dict[str, str]
    options: tuple[FaultOption, ...]
    clean_unless: tuple[str, ...] = ()

    def text(self, name: str, option: str | None) -> str:
        chosen = next((o for o in self.options if o.id == option), None)
        if chosen and name in chosen.texts:
            return chosen.texts[name]
        return self.texts[name]


@dataclass(frozen=True)
class Group:
    id: str
    dimension: str  # the stage-3 scorecard dimension this group gives evidence on


@dataclass(frozen=True)
class FaultMenu:
    example_seed: int
    extra: tuple[int, int]
    not_faults: str
    groups: tuple[Group, ...]
    faults: tuple[Fault, ...]

    def fault(self, fault_id: str) -> Fault:
        for fault in self.faults:
            if fault.id == fault_id:
                return fault
        raise KeyError(fault_id)

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def parse_fault_menu(data: dict[str, Any]) -> FaultMenu:
    variant = data.get("variant")
    if not isinstance(variant, dict):
        raise DataError("no [variant] table")
    extra = variant.get("extra")
    if not (isinstance(extra, list) and len(extra) == 2 and all(isinstance(x, int) and x >= 0 for x in extra)
            and extra[0] <= extra[1]):
        raise DataError("[variant] extra must be [low, high], two whole numbers")
    not_faults = _text(variant, "not_faults", "[variant]")
    example = variant.get("example_seed")
    if not isinstance(example, int) or isinstance(example, bool) or example < 0:
        raise DataError("[variant] example_seed must be a whole number, 0 or more")
    groups = []
    for g in data.get("group", []):
        gid = _text(g, "id", "[[group]]")
        if any(x.id == gid for x in groups):
            raise DataError(f"group {gid!r} appears twice")
        groups.append(Group(gid, _text(g, "dimension", f"group {gid!r}")))
    if not groups:
        raise DataError("no [[group]] tables")
    faults: list[Fault] = []
    for f in data.get("fault", []):
        fid = _text(f, "id", "[[fault]]")
        where = f"fault {fid!r}"
        if any(x.id == fid for x in faults):
            raise DataError(f"{where} appears twice")
        group = f.get("group")
        if group not in {g.id for g in groups}:
            raise DataError(f"{where}: group {group!r} is not a [[group]]")
        severity = f.get("severity")
        if severity not in SEVERITIES:
            raise DataError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
        excludes = f.get("excludes", [])
        if not isinstance(excludes, list) or not all(isinstance(x, str) for x in excludes):
            raise DataError(f"{where}: excludes must be a list of fault ids")
        clean_unless = f.get("clean_unless", [])
        if not isinstance(clean_unless, list) or not all(isinstance(x, str) for x in clean_unless):
            raise DataError(f"{where}: clean_unless must be a list of fault ids")
        options = []
        for o in f.get("option", []):
            oid = _text(o, "id", f"{where}, [[fault.option]]")
            oexcludes = o.get("excludes", [])
            if not isinstance(oexcludes, list) or not all(isinstance(x, str) for x in oexcludes):
                raise DataError(f"{where}, option {oid!r}: excludes must be a list of fault ids")
            options.append(FaultOption(oid, {k: _text(o, k, f"{where}, option {oid!r}") for k in TEXT_FIELDS if k in o},
                                       tuple(oexcludes)))
        texts = {k: _text(f, k, where) for k in TEXT_FIELDS if k in f}
        for option in options or [None]:
            have = {**texts, **(option.texts if option else {})}
            missing = [k for k in TEXT_FIELDS if k not in have]
            if missing:
                at = f", option {option.id!r}" if option else ""
                raise DataError(f"{where}{at}: no {missing[0]!r} text, neither on the fault nor on the option")
        faults.append(Fault(fid, group, severity, tuple(excludes), texts, tuple(options), tuple(clean_unless)))
    known = {f.id for f in faults}
    entries = {f.id: f.excludes for f in faults} | {f"{f.id}.{o.id}": o.excludes for f in faults for o in f.options}
    for f in faults:
        for other in f.clean_unless:
            if other not in known:
                raise DataError(f"fault {f.id!r}: clean_unless names {other!r}, which is not a fault")
    for name, excludes in entries.items():
        for other in excludes:
            if other not in entries:
                raise DataError(f"fault {name!r} excludes {other!r}, which is not a fault or a fault's option")
            if name not in entries[other]:
                raise DataError(f"{name!r} excludes {other!r}, so {other!r} must exclude {name!r} too")
    for g in groups:
        if not any(f.group == g.id for f in faults):
            raise DataError(f"group {g.id!r} has no fault")
    return FaultMenu(example, (extra[0], extra[1]), not_faults, tuple(groups), tuple(faults))


def load_fault_menu(text: str | None = None) -> FaultMenu:
    """The menu (read once from docs/data/, or from the wheel in the browser); ``text`` parses a given text."""
    return load_once(FILE, parse_fault_menu, text)


@dataclass(frozen=True)
class PlantedFault:
    fault: str
    option: str | None

    @property
    def flags(self) -> set[str]:
        return {self.fault} | ({f"{self.fault}.{self.option}"} if self.option else set())


def _exclusions(fault: Fault, option: FaultOption | None) -> set[str]:
    return set(fault.excludes) | set(option.excludes if option else ())


def _conflict(a: PlantedFault, a_out: set[str], b: PlantedFault, b_out: set[str]) -> bool:
    return bool(a_out & b.flags) or bool(b_out & a.flags)


def draw_faults(menu: FaultMenu, rng: np.random.Generator) -> list[PlantedFault]:
    """One fault of every group, then ``extra`` more, respecting exclusions; in menu order. A fault
    is drawn first (among those with an allowed option), then one of its allowed options."""
    chosen: list[tuple[Fault, PlantedFault, set[str]]] = []

    def choices(fault: Fault) -> list[tuple[PlantedFault, set[str]]]:
        if any(fault is c[0] for c in chosen):
            return []
        out = []
        for option in fault.options or [None]:
            planted = PlantedFault(fault.id, option.id if option else None)
            excludes = _exclusions(fault, option)
            if not any(_conflict(planted, excludes, p, x) for _, p, x in chosen):
                out.append((planted, excludes))
        return out

    def pick(candidates: list[Fault]) -> None:
        fault = candidates[int(rng.integers(0, len(candidates)))]
        options = choices(fault)
        planted, excludes = options[int(rng.integers(0, len(options)))]
        chosen.append((fault, planted, excludes))

    for group in menu.groups:
        candidates = [f for f in menu.faults if f.group == group.id and choices(f)]
        if not candidates:
            raise DataError(f"group {group.id!r}: every fault is excluded by the faults drawn before it")
        pick(candidates)
    extra = int(rng.integers(menu.extra[0], menu.extra[1] + 1))
    for _ in range(extra):
        candidates = [f for f in menu.faults if choices(f)]
        if not candidates:
            break
        pick(candidates)
    return [p for f, p, _ in sorted(chosen, key=lambda c: menu.faults.index(c[0]))]


def compatible(menu: FaultMenu, planted: list[PlantedFault]) -> bool:
    """True if no two of these plantings exclude each other (the draw never breaks this)."""
    def out(p: PlantedFault) -> set[str]:
        fault = menu.fault(p.fault)
        return _exclusions(fault, next((o for o in fault.options if o.id == p.option), None))

    return not any(_conflict(a, out(a), b, out(b)) for i, a in enumerate(planted) for b in planted[i + 1:])


def menu_rows(menu: FaultMenu) -> list[dict[str, str]]:
    """One row per fault for the interviewer pages: its scorecard dimension, title(s) and severity."""
    from .stage3_style import plain_style

    names = plain_style().names  # a variant's titles name its own code; the menu names the plain one
    rows = []
    for fault in sorted(menu.faults, key=lambda f: [g.id for g in menu.groups].index(f.group)):
        titles = [fault.text("title", o.id) for o in fault.options] or [fault.text("title", None)]
        titles = [re.sub(r"\{([a-z_]+)\}", lambda m: names.get(m[1], m[0]), t) for t in titles]
        rows.append({"dimension": menu.group(fault.group).dimension, "title": " · ".join(titles), "severity": fault.severity})
    return rows
