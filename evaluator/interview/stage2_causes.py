"""The stage-2 cause menu: what a variant can plant in October's scoring log, drawn and applied.

The menu's ranges and prose live in docs/data/stage2-causes.toml; this module reads them (with a
schema check), draws one variant's causes from a seed, and applies each cause to the October
window as it is built. Every cause touches one layer of the window:

- ``world`` causes change the customers (``true``) or how they behave (``logit_shift``);
- ``input-fault`` causes change what the pipeline served churn-v3 (``served``), never the truth;
- ``log-fault`` causes change the log after scoring (the recorded labels, or repeated rows).

Each cause draws its own randomness from a generator of its own, so the window can be rebuilt
with any one cause left out and everything else identical: that is how the key measures each
cause's share of the accuracy drop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from ..datafile import DataError, load_once
from .customers import CATEGORIES

FILE = "data/stage2-causes.toml"
GROUPS = ("world", "input-fault", "log-fault")
APPLY_ORDER = ("covariate-shift", "unit-change", "stale-feature", "renamed-category", "missing-values",
               "concept-drift", "label-delay", "duplicated-rows")


# ---------------------------------------------------------------- the menu file

@dataclass(frozen=True)
class Option:
    id: str
    column: str | None
    settings: dict[str, Any]


@dataclass(frozen=True)
class Cause:
    id: str
    name: str
    group: str
    kind: str
    settings: dict[str, Any]
    options: tuple[Option, ...]
    prose: dict[str, str] = field(default_factory=dict)

    def option(self, option_id: str | None) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def texts(self, option_id: str | None) -> dict[str, str]:
        """The key's prose for this cause with that option (an option's text overrides the cause's)."""
        option = self.option(option_id)
        own = {k: v for k, v in option.settings.items() if k in PROSE_FIELDS} if option else {}
        return {**self.prose, **own}


@dataclass(frozen=True)
class Menu:
    example_seed: int
    input_faults: int
    log_faults: int
    accuracy_drop_points: tuple[float, float]
    causes: tuple[Cause, ...]

    def cause(self, cause_id: str) -> Cause:
        for cause in self.causes:
            if cause.id == cause_id:
                return cause
        raise KeyError(cause_id)

    def group(self, name: str) -> list[Cause]:
        return [c for c in self.causes if c.group == name]


# The settings each cause needs, and what kind each is: "days" a [first, last] pair of ISO dates,
# "range" a [low, high] pair of numbers, "list" a list of strings, "number" one number, "text" a string.
CAUSE_SETTINGS: dict[str, dict[str, str]] = {
    "covariate-shift": {},
    "concept-drift": {"regions": "list", "contracts": "list", "logit_shift": "range", "offer": "table"},
    "unit-change": {},
    "stale-feature": {"frozen_from": "days", "ttl_days": "range"},
    "renamed-category": {"first_day": "days"},
    "missing-values": {"first_day": "days", "share": "range"},
    "duplicated-rows": {"first_day": "days", "days": "range"},
    "label-delay": {"export_day": "days"},
}
OPTION_SETTINGS: dict[str, dict[str, str]] = {
    "unlimited-plan": {"share": "range", "factor": "range"},
    "price-rise": {"rise": "range"},
    "unit-change": {"factor": "number", "first_day": "days"},
    "renamed-category": {"old": "text", "new": "text"},
}
PROSE_FIELDS = ("title", "happened", "looks", "effect", "fix", "probe")


def _check(value: Any, kind: str, where: str) -> Any:
    if kind == "days":
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)):
            raise DataError(f"{where} must be two ISO dates [first, last]")
        try:
            first, last = (dt.date.fromisoformat(v) for v in value)
        except ValueError:
            raise DataError(f"{where} must be two ISO dates [first, last], got {value!r}") from None
        if first > last:
            raise DataError(f"{where}: the first date comes after the last")
        return (first, last)
    if kind == "range":
        if not (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            raise DataError(f"{where} must be two numbers [low, high]")
        if value[0] > value[1]:
            raise DataError(f"{where}: low {value[0]} is above high {value[1]}")
        return (value[0], value[1])
    if kind == "list":
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v for v in value)):
            raise DataError(f"{where} must be a non-empty list of strings")
        return tuple(value)
    if kind == "table":
        if not (isinstance(value, dict) and value and all(isinstance(v, str) and v.strip() for v in value.values())):
            raise DataError(f"{where} must be a table of non-empty strings")
        return dict(value)
    if kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise DataError(f"{where} must be a positive number")
        return value
    if not isinstance(value, str) or not value.strip():
        raise DataError(f"{where} must be a non-empty string")
    return value


def parse_menu(data: dict[str, Any]) -> Menu:
    """The menu from the parsed TOML, checked; DataError names the first problem."""
    variant = data.get("variant")
    if not isinstance(variant, dict):
        raise DataError("no [variant] table")
    counts = {}
    for key in ("input_faults", "log_faults"):
        value = variant.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise DataError(f"[variant] {key} must be a whole number, 0 or more")
        counts[key] = value
    drop = _check(variant.get("accuracy_drop_points"), "range", "[variant] accuracy_drop_points")
    example = variant.get("example_seed")
    if not isinstance(example, int) or isinstance(example, bool) or example < 0:
        raise DataError("[variant] example_seed must be a whole number, 0 or more")
    raw = data.get("cause")
    if not isinstance(raw, list) or not raw:
        raise DataError("no [[cause]] tables")
    causes = []
    for entry in raw:
        cid = entry.get("id")
        where = f"cause {cid!r}"
        if cid not in CAUSE_SETTINGS:
            raise DataError(f"{where}: unknown id; the generator knows {', '.join(CAUSE_SETTINGS)}")
        if any(c.id == cid for c in causes):
            raise DataError(f"{where} appears twice")
        group = entry.get("group")
        if group not in GROUPS:
            raise DataError(f"{where}: group must be one of {', '.join(GROUPS)}, got {group!r}")
        kind = _check(entry.get("kind"), "text", f"{where} kind")
        cname = _check(entry.get("name"), "text", f"{where} name")
        settings = {key: _check(entry.get(key), k, f"{where} {key}") for key, k in CAUSE_SETTINGS[cid].items()}
        options = []
        for opt in entry.get("option", []):
            oid = opt.get("id")
            owhere = f"{where}, option {oid!r}"
            if not isinstance(oid, str) or not oid or any(o.id == oid for o in options):
                raise DataError(f"{owhere}: every option needs a unique id")
            column = opt.get("column")
            if column is not None and not isinstance(column, str):
                raise DataError(f"{owhere}: column must be a column name")
            needed = OPTION_SETTINGS.get(oid, OPTION_SETTINGS.get(cid, {}))
            osettings = {key: _check(opt.get(key), k, f"{owhere} {key}") for key, k in needed.items()}
            osettings.update({k: v for k, v in opt.items() if k not in ("id", "column", *needed, *PROSE_FIELDS)})
            osettings.update({k: opt[k] for k in PROSE_FIELDS if k in opt})
            options.append(Option(oid, column, osettings))
        if cid != "concept-drift" and cid not in ("duplicated-rows", "label-delay") and not options:
            raise DataError(f"{where} needs at least one [[cause.option]]")
        if cid == "renamed-category":
            for opt in options:
                known = CATEGORIES.get(opt.column or "", ((),))[0]
                if opt.settings["old"] not in known:
                    raise DataError(f"{where}, option {opt.id!r}: {opt.settings['old']!r} is not a value of {opt.column}")
        if cid == "concept-drift":
            for region in settings["regions"]:
                if region not in CATEGORIES["region"][0]:
                    raise DataError(f"{where}: {region!r} is not a region")
            for contract in settings["contracts"]:
                if contract not in CATEGORIES["contract_type"][0]:
                    raise DataError(f"{where}: {contract!r} is not a contract type")
                if contract not in settings["offer"]:
                    raise DataError(f"{where}: [cause.offer] says nothing about {contract!r}")
        prose = {k: _check(entry[k], "text", f"{where} {k}") for k in PROSE_FIELDS if k in entry}
        for opt in options or [None]:
            have = {**prose, **({k: v for k, v in opt.settings.items() if k in PROSE_FIELDS} if opt else {})}
            missing = [k for k in PROSE_FIELDS if k not in have]
            if missing:
                at = f", option {opt.id!r}" if opt else ""
                raise DataError(f"{where}{at}: no {missing[0]!r} text, neither on the cause nor on the option")
        causes.append(Cause(cid, cname, group, kind, settings, tuple(options), prose))
    for group in GROUPS:
        members = [c for c in causes if c.group == group]
        wanted = {"input-fault": counts["input_faults"], "log-fault": counts["log_faults"]}.get(group, 0)
        if len(members) < wanted:
            raise DataError(f"[variant] asks for {wanted} causes of group {group!r}; the menu has {len(members)}")
    return Menu(example, counts["input_faults"], counts["log_faults"], drop, tuple(causes))


def load_menu(text: str | None = None) -> Menu:
    """The menu (read once from docs/data/, or from the wheel in the browser); ``text`` parses a given text."""
    return load_once(FILE, parse_menu, text)


# ---------------------------------------------------------------- drawing a variant's causes

@dataclass(frozen=True)
class Planted:
    """One cause as drawn for a variant: which option, on which column, with which values."""

    cause: str
    option: str | None
    column: str | None
    params: dict[str, Any]  # JSON-able: dates as ISO strings, numbers as applied


def _day(rng: np.random.Generator, span: tuple[dt.date, dt.date]) -> dt.date:
    first, last = span
    return first + dt.timedelta(days=int(rng.integers(0, (last - first).days + 1)))


def _uniform(rng: np.random.Generator, span: tuple[float, float], digits: int = 2) -> float:
    return round(float(rng.uniform(*span)), digits)


def _draw_params(rng: np.random.Generator, cause: Cause, option: Option | None, planted: list[Planted]) -> dict[str, Any]:
    s, o = cause.settings, (option.settings if option else {})
    if cause.id == "covariate-shift" and option.id == "unlimited-plan":
        return {"share": _uniform(rng, o["share"]), "factor_low": o["factor"][0], "factor_high": o["factor"][1]}
    if cause.id == "covariate-shift":
        return {"rise": _uniform(rng, o["rise"])}
    if cause.id == "concept-drift":
        return {
            "region": str(rng.choice(list(s["regions"]))),
            "contract": str(rng.choice(list(s["contracts"]))),
            "logit_shift": _uniform(rng, s["logit_shift"], 1),
        }
    if cause.id == "unit-change":
        return {"first_day": _day(rng, o["first_day"]).isoformat(), "factor": o["factor"]}
    if cause.id == "stale-feature":
        low, high = s["ttl_days"]
        return {"frozen_from": _day(rng, s["frozen_from"]).isoformat(), "ttl_days": int(rng.integers(low, high + 1))}
    if cause.id == "renamed-category":
        return {"first_day": _day(rng, s["first_day"]).isoformat(), "old": o["old"], "new": o["new"]}
    if cause.id == "missing-values":
        return {"first_day": _day(rng, s["first_day"]).isoformat(), "share": _uniform(rng, s["share"])}
    if cause.id == "duplicated-rows":
        low, high = s["days"]
        return {"first_day": _day(rng, s["first_day"]).isoformat(), "days": int(rng.integers(low, high + 1))}
    if cause.id == "label-delay":
        return {"export_day": _day(rng, s["export_day"]).isoformat()}
    raise AssertionError(cause.id)


def _fits(cause: Cause, option: Option | None, planted: list[Planted]) -> bool:
    """Two causes never touch one column, and a renamed category is never the drifting segment's."""
    if option is None or option.column is None:
        return True
    if any(p.column == option.column for p in planted):
        return False
    if cause.id == "renamed-category":
        segment = next((p for p in planted if p.cause == "concept-drift"), None)
        if segment and option.settings["old"] == segment.params["contract"]:
            return False
    return True


def draw_causes(menu: Menu, rng: np.random.Generator) -> list[Planted]:
    """One variant's causes: every world cause, then the input and log faults, in menu order."""
    planted: list[Planted] = []

    def plant(cause: Cause) -> bool:
        options = [o for o in cause.options if _fits(cause, o, planted)] if cause.options else [None]
        if not options:
            return False
        option = options[int(rng.integers(0, len(options)))]
        params = _draw_params(rng, cause, option, planted)
        planted.append(Planted(cause.id, option.id if option else None, option.column if option else None, params))
        return True

    for cause in menu.group("world"):
        plant(cause)
    for group, count in (("input-fault", menu.input_faults), ("log-fault", menu.log_faults)):
        members = menu.group(group)
        order = rng.permutation(len(members))
        chosen = 0
        for i in order:
            if chosen == count:
                break
            chosen += plant(members[int(i)])
        if chosen < count:
            raise DataError(f"{FILE}: could not draw {count} causes of group {group!r} without two on one column")
    rank = {cid: i for i, cid in enumerate(APPLY_ORDER)}
    return sorted(planted, key=lambda p: rank[p.cause])


# ---------------------------------------------------------------- applying causes to the October window

@dataclass
class Window:
    """The October window while it is built; every array has one entry per scored customer."""

    true: dict[str, np.ndarray]      # the customers as they are
    served: dict[str, np.ndarray]    # what the pipeline gave churn-v3 (NaN: missing)
    start: dt.date                   # the window's first day
    day: np.ndarray                  # each row's day, counted from ``start``
    logit_shift: np.ndarray          # extra churn log-odds (concept drift)
    touched: dict[str, np.ndarray] = field(default_factory=dict)  # cause id -> rows it changed
    recorded_share: np.ndarray | None = None  # chance a churner's label is in the log (label delay)
    exit_after: np.ndarray | None = None      # days from scoring to a churner's exit (label delay)
    repeat: np.ndarray | None = None  # how many times each row is in the log (duplicated rows)


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _days(w: Window, iso: str) -> int:
    """A date as a day number of the window (0 for its first day)."""
    return (_date(iso) - w.start).days


def _covariate_shift(w: Window, p: Planted, rng: np.random.Generator) -> None:
    n = len(w.day)
    column = p.column
    if p.option == "unlimited-plan":
        on_plan = rng.random(n) < p.params["share"]
        factor = rng.uniform(p.params["factor_low"], p.params["factor_high"], n)
        w.true[column] = np.round(np.clip(np.where(on_plan, w.true[column] * factor, w.true[column]), 0.1, 110), 1)
        w.touched[p.cause] = on_plan
    else:
        w.true[column] = np.round(w.true[column] * (1 + p.params["rise"]), 2)
        w.touched[p.cause] = np.ones(n, dtype=bool)
    w.served[column] = w.true[column].copy()


def _concept_drift(w: Window, p: Planted, rng: np.random.Generator) -> None:
    segment = (w.true["region"] == p.params["region"]) & (w.true["contract_type"] == p.params["contract"])
    w.logit_shift = w.logit_shift + p.params["logit_shift"] * segment
    w.touched[p.cause] = segment


def _unit_change(w: Window, p: Planted, rng: np.random.Generator) -> None:
    affected = w.day >= _days(w, p.params["first_day"])
    column = p.column
    w.served[column] = np.where(affected, np.round(w.true[column] * p.params["factor"]), w.served[column])
    w.touched[p.cause] = affected


def _stale_feature(w: Window, p: Planted, rng: np.random.Generator) -> None:
    n = len(w.day)
    column = p.column
    lag = w.day - _days(w, p.params["frozen_from"])
    frozen = (lag >= 0) & (lag < p.params["ttl_days"])
    expired = lag >= p.params["ttl_days"]
    true = w.true[column]
    if column == "last_login_days":
        # Not logged in since the freeze: the stored value is lagged by the freeze's age. Logged in
        # since: an active user, whose stored value is an active user's.
        active_before = np.floor(rng.exponential(2.5, n)).astype(int)
        stored = np.where(true >= lag, true - lag, active_before)
    else:
        # A 30-day count frozen at the freeze: the calls made since are not in it yet.
        since = rng.binomial(true.astype(int), np.clip(lag / 30.0, 0.0, 1.0))
        stored = true - since
    w.served[column] = np.where(expired, 0, np.where(frozen, stored, w.served[column]))
    w.touched[p.cause] = frozen | expired


def _renamed_category(w: Window, p: Planted, rng: np.random.Generator) -> None:
    column = p.column
    affected = (w.day >= _days(w, p.params["first_day"])) & (w.served[column] == p.params["old"])
    w.served[column] = np.where(affected, p.params["new"], w.served[column])
    w.touched[p.cause] = affected


def _missing_values(w: Window, p: Planted, rng: np.random.Generator) -> None:
    n = len(w.day)
    column = p.column
    affected = (w.day >= _days(w, p.params["first_day"])) & (rng.random(n) < p.params["share"])
    w.served[column] = np.where(affected, np.nan, w.served[column].astype(float))
    w.touched[p.cause] = affected


def _label_delay(w: Window, p: Planted, rng: np.random.Generator) -> None:
    # A churner leaves on one of the 30 days after being scored; the label job only saw those who
    # had left by its run.
    days_left = _days(w, p.params["export_day"]) - w.day
    w.exit_after = rng.integers(1, 31, len(w.day))
    w.recorded_share = np.clip(days_left / 30.0, 0.0, 1.0)
    w.touched[p.cause] = w.recorded_share < 1.0


def _duplicated_rows(w: Window, p: Planted, rng: np.random.Generator) -> None:
    first = _days(w, p.params["first_day"])
    affected = (w.day >= first) & (w.day < first + p.params["days"])
    w.repeat = np.where(affected, 2, 1)
    w.touched[p.cause] = affected


APPLY: dict[str, Callable[[Window, Planted, np.random.Generator], None]] = {
    "covariate-shift": _covariate_shift,
    "concept-drift": _concept_drift,
    "unit-change": _unit_change,
    "stale-feature": _stale_feature,
    "renamed-category": _renamed_category,
    "missing-values": _missing_values,
    "label-delay": _label_delay,
    "duplicated-rows": _duplicated_rows,
}


# ---------------------------------------------------------------- the menu as a page states it

def _span(days: tuple[dt.date, dt.date]) -> str:
    first, last = days
    month = last.strftime("%B")
    return f"{first.day} {month}" if first == last else (
        f"{first.day}–{last.day} {month}" if first.month == last.month else f"{first.day} {first.strftime('%B')} – {last.day} {month}")


def _share(span: tuple[float, float]) -> str:
    return f"{100 * span[0]:.0f}–{100 * span[1]:.0f}%"


def ranges(cause: Cause) -> str:
    """What a variant draws for this cause, in words, with the menu's ranges."""
    s = cause.settings
    o = {opt.id: opt for opt in cause.options}
    if cause.id == "covariate-shift":
        plan, rise = o["unlimited-plan"].settings, o["price-rise"].settings
        return (f"either an unlimited data plan (`data_usage_gb` × {plan['factor'][0]:g}–{plan['factor'][1]:g} for "
                f"{_share(plan['share'])} of customers) or a price rise of {_share(rise['rise'])} (`monthly_charges_usd`)")
    if cause.id == "concept-drift":
        return (f"one of {len(s['regions'])} regions × {' or '.join(s['contracts'])} contracts; extra churn log-odds "
                f"{s['logit_shift'][0]:g}–{s['logit_shift'][1]:g}, all October")
    if cause.id == "unit-change":
        return "; or ".join(f"`{opt.column}` × {opt.settings['factor']:g} from a day in {_span(opt.settings['first_day'])}"
                            for opt in cause.options)
    if cause.id == "stale-feature":
        columns = " or ".join(f"`{opt.column}`" for opt in cause.options)
        return (f"{columns}, frozen from a day in {_span(s['frozen_from'])}, then 0 after "
                f"{s['ttl_days'][0]:g}–{s['ttl_days'][1]:g} days")
    if cause.id == "renamed-category":
        renames = ", ".join(f"`{opt.settings['old']}` → `{opt.settings['new']}`" for opt in cause.options)
        return f"one of {renames}, from a day in {_span(s['first_day'])}"
    if cause.id == "missing-values":
        columns = " or ".join(f"`{opt.column}`" for opt in cause.options)
        return f"{columns} empty in {_share(s['share'])} of rows from a day in {_span(s['first_day'])}"
    if cause.id == "duplicated-rows":
        return f"{s['days'][0]:g}–{s['days'][1]:g} days' rows written twice, starting on a day in {_span(s['first_day'])}"
    if cause.id == "label-delay":
        return f"the label job runs on a day in {_span(s['export_day'])}, before October's last 30-day windows close"
    raise AssertionError(cause.id)


def menu_rows(menu: Menu) -> list[dict[str, str]]:
    """One row per cause for the interviewer pages: name, kind and what is drawn."""
    def sentence(text: str) -> str:
        return text[0].upper() + text[1:] if text[0].isalpha() else text

    return [{"name": c.name, "kind": c.kind, "ranges": sentence(ranges(c))} for c in menu.causes]
