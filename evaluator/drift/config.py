"""Options of a drift run: presets, binning, epsilon, thresholds (with their sources), headline rule.

Everything a caller can set arrives as one JSON-able ``options`` dict; `resolve` checks it and
fills in the preset's defaults, and the report carries the resolved options back, so a reader
always sees which rules produced the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

PRESETS = ("default", "evidently")
BINNING_METHODS = ("quantile", "equal-width", "edges")
METRICS = ("psi", "kl", "js", "hellinger", "wasserstein", "wasserstein_norm", "ks", "chi_square", "z")

# How each metric decides "drifted": distances drift when value >= threshold, tests when the
# p-value is below the significance level.
KIND = {
    "psi": "distance",
    "kl": "distance",
    "js": "distance",
    "hellinger": "distance",
    "wasserstein": "distance",
    "wasserstein_norm": "distance",
    "ks": "p-value",
    "chi_square": "p-value",
    "z": "p-value",
}

LABELS = {
    "psi": "PSI",
    "kl": "KL divergence",
    "js": "Jensen-Shannon distance",
    "hellinger": "Hellinger distance",
    "wasserstein": "Wasserstein-1",
    "wasserstein_norm": "Wasserstein-1 / std",
    "ks": "Kolmogorov-Smirnov",
    "chi_square": "chi-square",
    "z": "two-proportion z-test",
}

# Default thresholds and where they come from.
THRESHOLDS = {
    "default": {
        "psi": 0.25,
        "kl": 0.1,
        "js": 0.1,
        "hellinger": 0.1,
        "wasserstein": None,
        "wasserstein_norm": 0.1,
        "ks": 0.05,
        "chi_square": 0.05,
        "z": 0.05,
    },
}
# Evidently's stat tests use the same thresholds but for PSI, where its default is 0.1.
THRESHOLDS["evidently"] = {**THRESHOLDS["default"], "psi": 0.1}

SOURCES = {
    "psi": "credit-risk scorecard practice (Siddiqi, Credit Risk Scorecards, 2006): below 0.1 no significant change, "
    "0.1-0.25 moderate change, 0.25 and above significant change; drift is called at 0.25",
    "kl": "Evidently's default for kl_div (0.1 nats); no published standard",
    "js": "Evidently's default for jensenshannon (distance 0.1, natural log)",
    "hellinger": "Evidently's default for hellinger (0.1)",
    "wasserstein": "none: the raw distance is in the column's own units; the normalised value carries the verdict",
    "wasserstein_norm": "Evidently's default for wasserstein (0.1 reference standard deviations)",
    "ks": "conventional 5% significance level (Fisher); Evidently's default for ks",
    "chi_square": "conventional 5% significance level; Evidently's default for chisquare",
    "z": "conventional 5% significance level; Evidently's default for z",
}

HEADLINE_SMALL_N = 1000  # reference rows at or below this: a statistical test heads the column
FEW_VALUES = 5  # numeric columns with at most this many distinct values are treated as categories
SCHEMA = "mlops-kit/drift-report/v1"


@dataclass
class Options:
    preset: str = "default"
    columns: list[str] | None = None
    method: str = "quantile"
    bins: int = 10
    edges: list[float] | None = None
    epsilon: float = 1e-4
    log_base: float | None = None  # None = natural log (nats); 2 = bits
    thresholds: dict[str, float | None] = field(default_factory=dict)
    drift_share: float = 0.5
    headline: str | None = None  # force one metric as every column's headline

    def threshold(self, metric: str) -> float | None:
        return self.thresholds[metric]

    def to_dict(self) -> dict[str, Any]:
        return {
            "preset": self.preset,
            "columns": self.columns,
            "binning": {"method": self.method, "bins": self.bins, "edges": self.edges},
            "epsilon": self.epsilon if self.preset == "default" else "evidently",
            "log_base": "e" if self.log_base is None else self.log_base,
            "thresholds": dict(self.thresholds),
            "drift_share": self.drift_share,
            "headline": self.headline or "auto",
        }


def _number(value: Any, what: str, *, positive: bool = False, allow_zero: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{what} must be a finite number, got {value!r}")
    if positive and (value < 0 or (value == 0 and not allow_zero)):
        raise InputError(f"{what} must be {'positive' if not allow_zero else 'zero or more'}, got {value!r}")
    return float(value)


_KNOWN = {"preset", "columns", "binning", "bins", "edges", "method", "epsilon", "log_base", "thresholds", "drift_share", "headline"}


def resolve(options: dict[str, Any] | None) -> Options:
    """Check a caller's options dict and fill in defaults; raise `InputError` naming a bad key."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise InputError(f"options must be an object (dict), got {type(options).__name__}")
    unknown = sorted(set(options) - _KNOWN)
    if unknown:
        raise InputError(f"unknown option(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(_KNOWN))}")
    out = Options()
    preset = options.get("preset") or "default"
    if preset not in PRESETS:
        raise InputError(f"preset must be one of {', '.join(PRESETS)}, got {preset!r}")
    out.preset = preset

    columns = options.get("columns")
    if columns is not None:
        if isinstance(columns, str):
            columns = [c.strip() for c in columns.split(",") if c.strip()]
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns) or not columns:
            raise InputError("columns must be a non-empty list of column names")
        out.columns = columns

    binning = options.get("binning") or {}
    if not isinstance(binning, dict):
        raise InputError(f"binning must be an object with method, bins and edges, got {type(binning).__name__}")
    unknown = sorted(set(binning) - {"method", "bins", "edges"})
    if unknown:
        raise InputError(f"unknown binning option(s) {', '.join(map(repr, unknown))}; known: method, bins, edges")
    method = binning.get("method", options.get("method"))
    bins = binning.get("bins", options.get("bins"))
    edges = binning.get("edges", options.get("edges"))
    if method is None:
        method = "edges" if edges is not None else "quantile"
    if method not in BINNING_METHODS:
        raise InputError(f"binning method must be one of {', '.join(BINNING_METHODS)}, got {method!r}")
    out.method = method
    if bins is not None:
        if isinstance(bins, bool) or not isinstance(bins, int) or not 2 <= bins <= 1000:
            raise InputError(f"bins must be a whole number from 2 to 1000, got {bins!r}")
        out.bins = bins
    if method == "edges":
        if not isinstance(edges, list) or not edges:
            raise InputError("binning method 'edges' needs edges: a non-empty list of increasing numbers")
        values = [_number(e, f"edges[{i}]") for i, e in enumerate(edges)]
        if any(b <= a for a, b in zip(values, values[1:])):
            raise InputError(f"edges must be strictly increasing, got {values}")
        out.edges = values
    elif edges is not None:
        raise InputError(f"edges are only used with binning method 'edges', not {method!r}")

    if "epsilon" in options and options["epsilon"] is not None:
        eps = _number(options["epsilon"], "epsilon", positive=True)
        if eps >= 0.5:
            raise InputError(f"epsilon is a stand-in for an empty bin's share and must be below 0.5, got {eps}")
        out.epsilon = eps

    base = options.get("log_base")
    if base in (None, "e", "nats"):
        out.log_base = None
    elif base in (2, "2", "bits"):
        out.log_base = 2.0
    else:
        raise InputError(f"log_base must be 'e' (nats) or 2 (bits), got {base!r}")

    out.thresholds = dict(THRESHOLDS[preset])
    thresholds = options.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        raise InputError("thresholds must be an object mapping metric names to numbers")
    for metric, value in thresholds.items():
        if metric not in METRICS:
            raise InputError(f"unknown metric {metric!r} in thresholds; known: {', '.join(METRICS)}")
        v = _number(value, f"thresholds.{metric}", positive=True)
        if KIND[metric] == "p-value" and not 0 < v < 1:
            raise InputError(f"thresholds.{metric} is a significance level and must be between 0 and 1, got {v}")
        out.thresholds[metric] = v

    if options.get("drift_share") is not None:
        share = _number(options["drift_share"], "drift_share", positive=True)
        if not 0 < share <= 1:
            raise InputError(f"drift_share must be above 0 and at most 1, got {share}")
        out.drift_share = share

    headline = options.get("headline")
    if headline not in (None, "auto"):
        if headline not in METRICS or headline == "wasserstein":
            raise InputError(f"headline must be 'auto' or one of {', '.join(m for m in METRICS if m != 'wasserstein')}, got {headline!r}")
        out.headline = headline
    return out
