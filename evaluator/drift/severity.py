"""How far each column moved (its severity level) and whether the report fails the gate.

A drift verdict says whether a column changed; on a large file every test calls the smallest
change drift, and Evidently's dataset rule (a share of drifted columns) lets a single broken
column through. The severity level reads measures that do not grow with the sample size, each
against three documented lines (`config.SEVERITY_BANDS`), and (default preset) only when a test
says the change is beyond sampling noise (`beyond_noise`); the gate (`options.fail_on`) fails on
a column at the chosen level on its own, on a broken column (gone from the current file, its type
changed, or no values left), or on dataset drift.
"""

from __future__ import annotations

import math
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


def _log_comb(a: int, b: int) -> float:
    if b < 0 or b > a:
        return -math.inf
    return math.lgamma(a + 1) - math.lgamma(b + 1) - math.lgamma(a - b + 1)


def outside_range_p_value(k: int, n_ref: int, n_cur: int) -> float:
    """P(K >= k): the chance that at least ``k`` of ``n_cur`` current values fall outside the range
    of ``n_ref`` reference values when both samples come from one continuous distribution (ties only
    make it smaller). All N = n_ref + n_cur positions being exchangeable, P(K = j) is
    (j + 1) C(N - j - 2, n_ref - 2) / C(N, n_ref) (a beta-binomial(n_cur, 2, n_ref - 1)), whose tail
    sums to ((k + 1) C(N - k - 1, n_ref - 1) + C(N - k - 1, n_ref)) / C(N, n_ref)."""
    if k <= 0 or n_ref < 2:
        return 1.0
    if k > n_cur:
        return 0.0
    n = n_ref + n_cur
    total = _log_comb(n, n_ref)
    first = math.log(k + 1) + _log_comb(n - k - 1, n_ref - 1) - total
    second = _log_comb(n - k - 1, n_ref) - total
    return min(1.0, math.exp(first) + (math.exp(second) if second > -math.inf else 0.0))


def beyond_noise(column: dict[str, Any]) -> dict[str, bool]:
    """For each measure, whether the change it reads is beyond sampling noise (default preset).

    A measure read against fixed lines grows at small samples (PSI by about (bins - 1) x
    (1/n_ref + 1/n_cur), Wasserstein-1 by about 1/sqrt(n)), so a level counts only when a test
    says the change is real, at the column's significance level: the column's own test for the
    distances and for unseen categories; for the share out of the reference's range, its exact
    distribution under no change (for continuous values the count of current values outside the
    range of n reference values is beta-binomial(n_cur, 2, n - 1), whatever the distribution); for
    the change in missing values, the two-proportion z-test. Under the evidently preset or without
    a test, every measure counts as it is (``True``)."""
    headline = column["headline"]
    level = headline.get("significance_level")
    if headline.get("significant") is None or level is None:
        return {}
    significant = bool(headline["significant"])
    out = {"wasserstein_norm": significant, "psi": significant, "unseen_share": significant, "constant_reference": significant}
    ref, cur = column["counts"]["reference"], column["counts"]["current"]
    rng = column.get("range")
    if rng is not None:
        k = rng["below_reference"] + rng["above_reference"]
        n_ref, n_cur = ref["used"], cur["used"]
        # both: the column's test (so the gate's routes do not add up their false alarms) and the
        # share's own tail (so a share inflated by a small reference is not read as a move)
        out["out_of_range"] = significant and outside_range_p_value(k, n_ref, n_cur) < level
    m1, m2, n1, n2 = ref["missing"], cur["missing"], max(ref["rows"], 1), max(cur["rows"], 1)
    pooled = (m1 + m2) / (n1 + n2)
    if 0 < pooled < 1:
        z = abs(m1 / n1 - m2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        out["missing_change"] = math.erfc(z / math.sqrt(2)) < level  # two-sided normal tail
    else:
        out["missing_change"] = False
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
    real = beyond_noise(column)
    found: list[tuple[str, str]] = []
    for measure, value in measures.items():
        level = _level(measure, value)
        if level != "none" and real.get(measure, True):
            found.append((level, _reason(measure, value, level, column)))
    wn = column["metrics"].get("wasserstein_norm")
    if wn is not None and wn["value"] is None and wn["drifted"] and real.get("constant_reference", True):
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
