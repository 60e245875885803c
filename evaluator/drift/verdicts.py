"""Verdicts: a metric's value against its threshold in plain words, and the headline test of a column.

The engine and the Evidently preset compute numbers; this module turns each number into a metric
entry (value, threshold, rule, drifted, verdict) and picks the one test that heads a column.
"""

from __future__ import annotations

import math
from typing import Any

from .config import FEW_VALUES, HEADLINE_SMALL_N, LABELS, Options


def finite_or_none(x: float | None) -> float | None:
    """JSON cannot carry NaN or infinity: those become None (and the verdict says why)."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def format_value(x: float | None) -> str:
    """A number as a verdict sentence shows it: four significant digits, three for extremes."""
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    if abs(x) >= 1000 or abs(x) < 0.001:
        return f"{x:.3g}"
    return f"{x:.4g}"


def psi_band(value: float) -> str:
    """The credit-scoring reading of a PSI value (bands cited in `config.SOURCES`)."""
    if value < 0.1:
        return "no significant change (PSI below 0.1)"
    if value < 0.25:
        return "moderate change (PSI 0.1-0.25): investigate"
    return "significant change (PSI 0.25 or more)"


def judge(name: str, value: float | None, options: Options, *, inclusive_p: bool = False, strict: bool = False, **extra: Any) -> dict[str, Any]:
    """A metric entry: value, threshold, rule, drifted (bool or None) and a plain-words verdict.

    Distances drift when ``value >= threshold`` (``>`` with ``strict``, Evidently's rule for the
    energy distance); tests when the p-value is below the significance level (``<=`` with
    ``inclusive_p``, Evidently's rule for KS and Cramér-von Mises). ``extra`` keys (statistic,
    unit, ...) are copied into the entry.
    """
    threshold = options.threshold(name)
    is_test = options.kind(name) == "p-value"
    raw = value
    value = finite_or_none(value)
    entry: dict[str, Any] = {"value": value, "threshold": threshold}
    if is_test:
        entry["rule"] = "drift if p-value <= threshold" if inclusive_p else "drift if p-value < threshold"
    elif threshold is None:
        entry["rule"] = "no threshold"
    else:
        entry["rule"] = "drift if value > threshold" if strict else "drift if value >= threshold"
    if value is None:
        entry["drifted"] = None
        if raw is not None and math.isinf(raw):
            entry["drifted"] = threshold is not None
            entry["verdict"] = "infinite: a category or bin is present in one sample and absent from the other"
        else:
            entry["verdict"] = "not defined for this data"
    elif threshold is None:
        entry["drifted"] = None
        entry["verdict"] = "no threshold (in the column's units); see the normalised value"
    elif is_test:
        drifted = value <= threshold if inclusive_p else value < threshold
        entry["drifted"] = bool(drifted)
        p, t = format_value(value), format_value(threshold)
        if drifted:
            entry["verdict"] = f"drift: the distributions differ (p = {p} {'<=' if inclusive_p else '<'} {t})"
        else:
            entry["verdict"] = f"no evidence of drift (p = {p} {'>' if inclusive_p else '>='} {t})"
    else:
        drifted = value > threshold if strict else value >= threshold
        entry["drifted"] = bool(drifted)
        v, t = format_value(value), format_value(threshold)
        if strict:
            words = f"drift ({v} > {t})" if drifted else f"no drift ({v} <= {t})"
        else:
            words = f"drift ({v} >= {t})" if drifted else f"no drift ({v} < {t})"
        if name == "psi":
            words += "; " + psi_band(value)
        entry["verdict"] = words
    entry.update(extra)
    return entry


def _headline(metrics: dict[str, dict[str, Any]], name: str, reason: str) -> dict[str, Any]:
    entry = metrics[name]
    return {
        "metric": name,
        "label": LABELS[name],
        "value": entry["value"],
        "threshold": entry["threshold"],
        "drifted": entry["drifted"],
        "verdict": entry["verdict"],
        "reason": reason,
    }


def choose_headline(metrics: dict[str, dict[str, Any]], options: Options, *, categorical: bool, n_ref: int, n_values: int,
                    n_cur: int | None = None) -> dict[str, Any]:
    """The headline of a column: the metric that heads it and whether the column drifted.

    Default preset (see the drift metrics page, where the calibration behind it is measured): a
    column drifted when its difference is both beyond sampling noise (its test: Kolmogorov-Smirnov
    for numeric columns, chi-square for categories and numeric columns with at most 5 distinct
    values, p below the significance level) and large enough to matter (its distance: Wasserstein-1
    over the reference standard deviation, or the Jensen-Shannon distance, at or above its line).
    The test guards small samples, where every distance is inflated by noise; the distance guards
    large ones, where every test finds the smallest change. The headline shows the test when the
    smaller sample has at most 1000 values, else the distance (``options.show`` fixes the metric
    shown, as drift over time does for its time axis). A metric chosen in the options
    (``options.headline``) decides alone.

    ``evidently`` preset: Evidently's rule, by the reference size alone: a test for at most 1000
    reference values (chi-square, or the z-test for two values, for categories and columns with at
    most 5 distinct values; Kolmogorov-Smirnov otherwise), else a distance (Jensen-Shannon, or
    Wasserstein-1 over the reference standard deviation).
    """
    n_cur = n_ref if n_cur is None else n_cur
    few = categorical or n_values <= FEW_VALUES
    evidence = _evidence(metrics, few) if options.preset != "evidently" else {}
    note = ""
    if options.headline:
        if options.headline in metrics:
            return {**_headline(metrics, options.headline, "chosen in the options"), **evidence}
        note = f"the chosen headline {options.headline!r} does not apply to this column; "
    if options.preset == "evidently":
        return _evidently_headline(metrics, options, few=few, n_ref=n_ref, n_values=n_values, note=note)
    test, distance = evidence["test"], evidence["distance"]
    n = min(n_ref, n_cur)
    name = test if n <= HEADLINE_SMALL_N else distance
    if options.show in metrics:
        name = options.show
    kind = "category counts" if few else "distributions"
    reason = note + (
        f"{n_ref} reference and {n_cur} current values, {n_values} distinct: drift when the {kind} differ beyond "
        f"sampling noise ({LABELS[test]}) by at least the line of {LABELS[distance]}; "
        + (f"the smaller sample has at most {HEADLINE_SMALL_N} values, so the test is shown" if name == test and n <= HEADLINE_SMALL_N
           else f"the smaller sample has more than {HEADLINE_SMALL_N} values, so the distance is shown" if name == distance
           else f"{LABELS[name]} is shown")
    )
    out = {**_headline(metrics, name, reason), **evidence}
    out["drifted"] = bool(evidence["significant"]) and bool(evidence["material"])
    out["verdict"] = _combined_verdict(metrics, test, distance, out["drifted"], evidence)
    return out


def _evidence(metrics: dict[str, dict[str, Any]], few: bool) -> dict[str, Any]:
    """The column's test and distance and what each says (the default preset's two conditions)."""
    test = "chi_square" if few else "ks"
    distance = "js" if few else "wasserstein_norm"
    t, d = metrics.get(test), metrics.get(distance)
    return {
        "test": test,
        "distance": distance,
        "significant": None if t is None else t["drifted"],
        "significance_level": None if t is None else t["threshold"],
        "material": None if d is None else d["drifted"],
    }


def _combined_verdict(metrics: dict[str, dict[str, Any]], test: str, distance: str, drifted: bool, evidence: dict[str, Any]) -> str:
    t, d = metrics.get(test), metrics.get(distance)
    p = "n/a" if t is None else format_value(t["value"])
    level = "n/a" if t is None else format_value(t["threshold"])
    dist = "n/a" if d is None else (format_value(d["value"]) if d["value"] is not None else "undefined")
    line = "n/a" if d is None else format_value(d["threshold"])
    if drifted:
        return (f"drift: the difference is beyond sampling noise ({LABELS[test]} p = {p} < {level}) and large enough "
                f"to matter ({LABELS[distance]} {dist} >= {line})")
    if not evidence["significant"]:
        return f"no drift: the difference is within sampling noise ({LABELS[test]} p = {p} >= {level})"
    return (f"no drift: the difference is beyond sampling noise (p = {p}) but small ({LABELS[distance]} {dist} < {line})")


def _evidently_headline(metrics: dict[str, dict[str, Any]], options: Options, *, few: bool, n_ref: int, n_values: int,
                        note: str) -> dict[str, Any]:
    if n_ref <= HEADLINE_SMALL_N:
        if few:
            name = "z" if (n_values <= 2 and "z" in metrics) else "chi_square"
            reason = note + f"{n_ref} reference values (at most {HEADLINE_SMALL_N}) and {n_values} distinct value(s): a test on the category counts"
        else:
            name = "ks"
            reason = note + f"{n_ref} reference values (at most {HEADLINE_SMALL_N}), numeric with {n_values} distinct values: a test on the distributions"
    else:
        if few:
            name = "js"
            reason = note + f"{n_ref} reference values (more than {HEADLINE_SMALL_N}) and {n_values} distinct value(s): a distance between shares"
        else:
            name = "wasserstein_norm"
            reason = note + f"{n_ref} reference values (more than {HEADLINE_SMALL_N}), numeric: a distance in reference standard deviations"
    return _headline(metrics, name, reason)
