"""How far each column moved (its severity level) and whether the report fails the gate.

A drift verdict says whether a column changed; on a large file every test calls the smallest
change drift, and Evidently's dataset rule (a share of drifted columns) lets a single broken
column through. The severity level reads measures that do not grow with the sample size, each
against three documented lines (`config.SEVERITY_BANDS`); the gate (`options.fail_on`) fails on
a column at the chosen level on its own, on a broken column (gone from the current file, its type
changed, or no values left), or on dataset drift.
"""

from __future__ import annotations

from typing import Any

from .config import LABELS, OUT_OF_RANGE_MIN_REFERENCE, SEVERITY_BANDS, SEVERITY_LEVELS, Options
from .verdicts import format_value

_RANK = {level: i for i, level in enumerate(SEVERITY_LEVELS)}


def _level(measure: str, value: float) -> str:
    level = "none"
    for name, line in zip(SEVERITY_LEVELS[1:], SEVERITY_BANDS[measure]):
        if line is not None and value >= line:
            level = name
    return level


def _line(measure: str, level: str) -> float:
    return SEVERITY_BANDS[measure][SEVERITY_LEVELS.index(level) - 1]


def _percent(x: float) -> str:
    return f"{100 * x:.3g}%"


def _measures(column: dict[str, Any]) -> dict[str, float]:
    """The severity measures this column has (absent: does not apply, or not defined)."""
    out: dict[str, float] = {}
    metrics = column["metrics"]
    for name in ("wasserstein_norm", "psi"):
        value = metrics.get(name, {}).get("value")
        if value is not None:
            out[name] = value
    rng = column.get("range")
    if rng is not None and column["counts"]["reference"]["used"] >= OUT_OF_RANGE_MIN_REFERENCE:
        out["out_of_range"] = rng["out_of_range_share"]
    ref, cur = column["counts"]["reference"], column["counts"]["current"]
    out["missing_change"] = abs(cur["missing"] / max(cur["rows"], 1) - ref["missing"] / max(ref["rows"], 1))
    hist = column["histogram"]
    if hist["kind"] == "categories":
        unseen = set(hist.get("unseen_in_reference", []))
        n_cur = sum(hist["current_counts"]) or 1
        out["unseen_share"] = sum(c for k, c in zip(hist["categories"], hist["current_counts"]) if k in unseen) / n_cur
    return out


def _reason(measure: str, value: float, level: str, column: dict[str, Any]) -> str:
    line = _line(measure, level)
    if measure == "wasserstein_norm":
        return f"{LABELS['wasserstein_norm']} {format_value(value)} >= {format_value(line)}: the values moved by {format_value(value)} reference standard deviations"
    if measure == "psi":
        return f"PSI {format_value(value)} >= {format_value(line)}"
    if measure == "out_of_range":
        lo, hi = column["range"]["reference"]
        return f"{_percent(value)} of current values lie outside the reference's range ({format_value(lo)} to {format_value(hi)}; line {_percent(line)})"
    if measure == "missing_change":
        ref, cur = column["counts"]["reference"], column["counts"]["current"]
        r, c = ref["missing"] / max(ref["rows"], 1), cur["missing"] / max(cur["rows"], 1)
        return f"missing values went from {_percent(r)} to {_percent(c)} of rows (a change of {_percent(value)}; line {_percent(line)})"
    return f"{_percent(value)} of current values are in categories the reference never had (line {_percent(line)})"


def column_severity(column: dict[str, Any]) -> dict[str, Any]:
    """``{"level", "reasons", "measures"}`` of a compared column: the highest level any measure
    reaches (at least "low" when the headline test drifted), with a sentence per measure that
    reached a level, highest first."""
    measures = _measures(column)
    found: list[tuple[str, str]] = []
    for measure, value in measures.items():
        level = _level(measure, value)
        if level != "none":
            found.append((level, _reason(measure, value, level, column)))
    wn = column["metrics"].get("wasserstein_norm")
    if wn is not None and wn["value"] is None and wn["drifted"]:
        found.append(("high", "the reference is constant and the current values differ from it"))
    headline = column["headline"]
    if headline["drifted"] and not found:
        found.append(("low", f"the headline test drifted ({headline['label']}: {headline['verdict']})"))
    found.sort(key=lambda item: -_RANK[item[0]])
    level = found[0][0] if found else "none"
    return {"level": level, "reasons": [f"{lvl}: {text}" for lvl, text in found], "measures": measures}


def skip_severity(reason: str, *, broken: bool) -> dict[str, Any]:
    """A skipped column is at severity high when it is broken (gone from the current file, its type
    changed, or no values left in the current file), else none."""
    if broken:
        return {"level": "high", "reasons": [f"high: {reason}"], "measures": {}}
    return {"level": "none", "reasons": [], "measures": {}}


def gate(columns: list[dict[str, Any]], skipped: list[dict[str, Any]], dataset_drift: bool, dataset_words: str,
         options: Options) -> dict[str, Any]:
    """``{"fail_on", "failed", "reasons"}``: whether the report fails the gate, and every reason it does."""
    rule = options.fail_on
    reasons: list[str] = []
    if rule in ("high", "medium"):
        floor = _RANK[rule]
        for col in columns:
            if _RANK[col["severity"]["level"]] >= floor:
                first = col["severity"]["reasons"][0] if col["severity"]["reasons"] else ""
                reasons.append(f"{col['name']}: severity {col['severity']['level']} ({first.split(': ', 1)[-1]})")
    if rule in ("high", "medium", "any-drift"):
        for skip in skipped:
            if skip["severity"]["level"] == "high":
                reasons.append(f"{skip['name']}: broken column ({skip['reason']})")
    if rule == "any-drift":
        for col in columns:
            if col["headline"]["drifted"]:
                reasons.append(f"{col['name']}: drifted ({col['headline']['label']}: {col['headline']['verdict']})")
    if rule in ("high", "medium", "drift-share") and dataset_drift:
        reasons.append(dataset_words)
    return {"fail_on": rule, "failed": bool(reasons), "reasons": reasons}


def describe_rule(rule: str) -> str:
    """The gate's rule in words, for reports."""
    return {
        "high": "fails on a column at severity high, a broken column, or dataset drift",
        "medium": "fails on a column at severity medium or high, a broken column, or dataset drift",
        "any-drift": "fails on any drifted or broken column",
        "drift-share": "fails on dataset drift only (Evidently's drift-share rule)",
        "never": "never fails (report only)",
    }[rule]
