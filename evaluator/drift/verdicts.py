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


def choose_headline(metrics: dict[str, dict[str, Any]], options: Options, *, categorical: bool, n_ref: int, n_values: int) -> dict[str, Any]:
    """The headline test, after Evidently's rule (see the site's method page).

    Reference with at most 1000 values: a statistical test (chi-square for categories and numeric
    columns with at most 5 distinct values, with Evidently's z-test for two values under the
    `evidently` preset; Kolmogorov-Smirnov for other numeric columns). Larger reference: a distance
    (Jensen-Shannon for categories and few-valued numeric columns, Wasserstein-1 over the
    reference standard deviation for other numeric columns).
    """
    note = ""
    if options.headline:
        if options.headline in metrics:
            return _headline(metrics, options.headline, "chosen in the options")
        note = f"the chosen headline {options.headline!r} does not apply to this column; "
    few = categorical or n_values <= FEW_VALUES
    if n_ref <= HEADLINE_SMALL_N:
        if few:
            name = "z" if (options.preset == "evidently" and n_values <= 2 and "z" in metrics) else "chi_square"
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
