"""The drift options, defined once: names, choices, defaults, help texts, thresholds and their sources.

Everything a caller can set arrives as one JSON-able ``options`` dict. `OPTIONS` describes each
option; the CLI builds its flags and ``--help`` from it, the renderer takes its metric order from
`METRICS`, and the browser asks for `describe_options()` through ``evaluator.api.drift_options``.
`resolve` checks a dict against it and fills in the preset's defaults, and the report carries the
resolved options back (``Options.to_dict``), in the same spelling, so a reader always sees which
rules produced the numbers and can pass them in again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

PRESETS = ("default", "evidently")
BINNING_METHODS = ("quantile", "equal-width", "edges")
# The metrics every column gets (where they apply), in the order reports list them.
STANDARD_METRICS = ("psi", "kl", "js", "hellinger", "wasserstein", "wasserstein_norm", "ks", "chi_square", "z")
# Tests a caller adds by name (option `metrics`): every stat test Evidently 0.7 offers besides the
# standard ones. Some cost far more than the standard set (permutations, pairwise kernels), so
# they are computed only when asked for, or when one of them is chosen as the headline.
EXTRA_METRICS = (
    "energy", "cramer_von_mises", "anderson_darling", "mann_whitney", "t_test", "epps_singleton", "mmd",
    "g_test", "fisher_exact", "tvd",
)
METRICS = STANDARD_METRICS + EXTRA_METRICS
# The raw Wasserstein distance is in the column's units, so it has no threshold and cannot head a column.
HEADLINE_METRICS = tuple(m for m in METRICS if m != "wasserstein")
LOG_BASES = ("e", 2)
PERIODS = ("day", "week", "month")
# What fails the gate (the CLI's exit code 1). Every level but "drift-share", "any-drift" and
# "never" also keeps Evidently's drift-share rule.
FAIL_ON = ("high", "medium", "any-drift", "drift-share", "never")

# How each metric decides "drifted": distances drift when value >= threshold, tests when the
# p-value is below the significance level. One metric differs by preset (see `kind`).
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
    "energy": "distance",
    "cramer_von_mises": "p-value",
    "anderson_darling": "p-value",
    "mann_whitney": "p-value",
    "t_test": "p-value",
    "epps_singleton": "p-value",
    "mmd": "p-value",
    "g_test": "p-value",
    "fisher_exact": "p-value",
    "tvd": "distance",
}
# Evidently's "TVD" is a permutation test whose score is a p-value; ours is the distance itself.
EVIDENTLY_KIND = {**KIND, "tvd": "p-value"}


def kind(metric: str, preset: str = "default") -> str:
    """'distance' or 'p-value': how ``metric`` decides drift under ``preset``."""
    return (EVIDENTLY_KIND if preset == "evidently" else KIND)[metric]


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
    "energy": "energy distance",
    "cramer_von_mises": "Cramér-von Mises",
    "anderson_darling": "Anderson-Darling",
    "mann_whitney": "Mann-Whitney U",
    "t_test": "t-test",
    "epps_singleton": "Epps-Singleton",
    "mmd": "maximum mean discrepancy",
    "g_test": "G-test",
    "fisher_exact": "Fisher's exact test",
    "tvd": "total variation distance",
}
# The column types a metric applies to (few-valued numeric columns also count as categories for
# the share-based tests under the default preset; Evidently goes by the column's type alone).
NUMERIC_ONLY = frozenset({"wasserstein", "wasserstein_norm", "ks", "energy", "cramer_von_mises", "anderson_darling",
                          "mann_whitney", "t_test", "epps_singleton", "mmd"})
CATEGORY_ONLY = frozenset({"chi_square", "z", "g_test", "fisher_exact"})

# Evidently 0.7.23's names for the same tests (its `stattest=` argument), for readers moving over.
EVIDENTLY_NAMES = {
    "psi": "psi", "kl": "kl_div", "js": "jensenshannon", "hellinger": "hellinger", "wasserstein_norm": "wasserstein",
    "ks": "ks", "chi_square": "chisquare", "z": "z", "energy": "ed", "cramer_von_mises": "cramer_von_mises",
    "anderson_darling": "anderson", "mann_whitney": "mannw", "t_test": "t_test", "epps_singleton": "es",
    "mmd": "empirical_mmd", "g_test": "g_test", "fisher_exact": "fisher_exact", "tvd": "TVD",
}

# Default thresholds and where they come from. The default preset's significance level is 0.002,
# the level at which the calibration (scripts/calibrate-gate) keeps the gate's measured false-alarm
# rate at most 1% per column in every cell with a margin for the trials' noise; Evidently's preset keeps its 0.05.
_P = 0.002
_EVIDENTLY_P = 0.05
THRESHOLDS = {
    "default": {
        "psi": 0.25,
        "kl": 0.1,
        "js": 0.1,
        "hellinger": 0.1,
        "wasserstein": None,
        "wasserstein_norm": 0.1,
        "ks": _P,
        "chi_square": _P,
        "z": _P,
        "energy": 0.1,
        "cramer_von_mises": _P,
        "anderson_darling": _P,
        "mann_whitney": _P,
        "t_test": _P,
        "epps_singleton": _P,
        "mmd": _P,
        "g_test": _P,
        "fisher_exact": _P,
        "tvd": 0.1,
    },
}
# Evidently's own defaults (each stat test's `default_threshold` in 0.7.23).
THRESHOLDS["evidently"] = {
    **THRESHOLDS["default"],
    "ks": _EVIDENTLY_P,
    "chi_square": _EVIDENTLY_P,
    "z": _EVIDENTLY_P,
    "mann_whitney": _EVIDENTLY_P,
    "t_test": _EVIDENTLY_P,
    "epps_singleton": _EVIDENTLY_P,
    "psi": 0.1,
    "cramer_von_mises": 0.1,
    "anderson_darling": 0.1,
    "mmd": 0.1,
    "g_test": 0.1,
    "fisher_exact": 0.1,
    "tvd": 0.1,
}

_STRICT = ("0.2% significance level, this kit's calibration (scripts/calibrate-gate): it keeps the default gate's "
           "false-alarm rate at most 1% per column on every measured cell (stricter than the 0.005 Benjamin et al., "
           "'Redefine statistical significance', Nature Human Behaviour 2, 6-10, 2018, propose for new effects)")
SOURCES = {
    "psi": "credit-risk scorecard practice (Siddiqi, Credit Risk Scorecards, 2006): below 0.1 no significant change, "
    "0.1-0.25 moderate change, 0.25 and above significant change; drift is called at 0.25",
    "kl": "Evidently's default for kl_div (0.1 nats); no published standard",
    "js": "Evidently's default for jensenshannon (distance 0.1, natural log)",
    "hellinger": "Evidently's default for hellinger (0.1)",
    "wasserstein": "none: the raw distance is in the column's units; the normalised value carries the verdict",
    "wasserstein_norm": "Evidently's default for wasserstein (0.1 reference standard deviations)",
    "ks": _STRICT + "; Evidently's default for ks is 0.05",
    "chi_square": _STRICT + "; Evidently's default for chisquare is 0.05",
    "z": _STRICT + "; Evidently's default for z is 0.05",
    "energy": "Evidently's default for ed (0.1); here on values divided by the reference standard deviation, "
    "so the line does not depend on the column's units",
    "cramer_von_mises": _STRICT + " (Evidently's cramer_von_mises uses 0.1)",
    "anderson_darling": _STRICT + " (Evidently's anderson uses 0.1)",
    "mann_whitney": _STRICT + "; Evidently's default for mannw is 0.05",
    "t_test": _STRICT + "; Evidently's default for t_test is 0.05",
    "epps_singleton": _STRICT + "; Evidently's default for es is 0.05",
    "mmd": _STRICT + " (Evidently's empirical_mmd uses 0.1)",
    "g_test": _STRICT + " (Evidently's g_test uses 0.1)",
    "fisher_exact": _STRICT + " (Evidently's fisher_exact uses 0.1)",
    "tvd": "this kit's choice: a tenth of the probability mass has moved between bins or categories; no published "
    "standard (Evidently's TVD is a permutation test, p below 0.1)",
}

# Severity: how far a column moved, from measures that do not grow with the sample size (a test's
# p-value does). Each measure has the value at which it reaches "low", "medium" and "high"; a
# column's level is the highest any of its measures reaches, and at least "low" when its headline
# test drifted. See the drift metrics page for the reasons behind each line.
SEVERITY_LEVELS = ("none", "low", "medium", "high")
SEVERITY_BANDS = {
    "wasserstein_norm": (0.1, 0.5, 1.0),
    "psi": (0.1, 0.25, 1.0),
    "out_of_range": (None, 0.1, 0.25),
    "missing_change": (0.05, 0.1, 0.25),
    "unseen_share": (None, 0.05, 0.25),
}
SEVERITY_MEASURES = {
    "wasserstein_norm": "Wasserstein-1 over the reference standard deviation (numeric columns)",
    "psi": "PSI on the column's bins or categories",
    "out_of_range": "share of current values outside the reference's range (numeric columns, 100 or more "
    "reference values)",
    "missing_change": "change in the share of missing values, in both directions",
    "unseen_share": "share of current values in categories the reference never had",
}
OUT_OF_RANGE_MIN_REFERENCE = 100

HEADLINE_SMALL_N = 1000  # reference rows at or below this: a statistical test heads the column
FEW_VALUES = 5  # numeric columns with at most this many distinct values are treated as categories
SCHEMA = "mlops-kit/drift-report/v1"

DEFAULT_BINS = 10
MAX_BINS = 1000
DEFAULT_EPSILON = 1e-4
DEFAULT_DRIFT_SHARE = 0.5


@dataclass(frozen=True)
class OptionSpec:
    """One option: where it sits in the options dict, how a form and the CLI present it.

    ``kind`` says what values it takes: "choice" (one of ``choices``), "multi" (a list of some
    of ``choices``), "boolean" (true or false), "integer", "number", "names" (a list of column
    names, at most ``maximum`` of them when it is set), "numbers" (a list of numbers) or
    "thresholds" (metric -> number). ``default`` is what `resolve` fills in when the option is
    left out (None: not set).
    """

    key: str
    label: str
    kind: str
    default: Any
    help: str
    flag: str
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    # the limits of a number, defined here once: `resolve`, the CLI's help and the form read them
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False

    def limits(self) -> str:
        """The allowed range in words ("from 2 to 1000", "0 or more and below 0.5")."""
        lo, hi = self.minimum, self.maximum
        if self.kind not in ("integer", "number") or (lo is None and hi is None):
            return ""
        fmt = (lambda x: f"{x:g}")
        if lo is not None and hi is not None and not self.exclusive_minimum and not self.exclusive_maximum:
            return f"from {fmt(lo)} to {fmt(hi)}"
        parts = []
        if lo is not None:
            parts.append(f"above {fmt(lo)}" if self.exclusive_minimum else f"{fmt(lo)} or more")
        if hi is not None:
            parts.append(f"below {fmt(hi)}" if self.exclusive_maximum else f"at most {fmt(hi)}")
        return " and ".join(parts)

    def within(self, value: float) -> bool:
        lo, hi = self.minimum, self.maximum
        if lo is not None and (value <= lo if self.exclusive_minimum else value < lo):
            return False
        if hi is not None and (value >= hi if self.exclusive_maximum else value > hi):
            return False
        return True

    def describe(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "default": self.default,
            "help": self.help,
            "flag": self.flag,
            "choices": list(self.choices),
            "minimum": self.minimum,
            "maximum": self.maximum,
            "exclusive_minimum": self.exclusive_minimum,
            "exclusive_maximum": self.exclusive_maximum,
            "limits": self.limits(),
        }


OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "columns", "Columns", "names", None, flag="--columns",
        help="the columns to compare; leave empty to compare every column the two files share",
    ),
    OptionSpec(
        "preset", "Preset", "choice", "default", flag="--preset", choices=PRESETS,
        help="'default': this kit's rules (quantile bins of the reference, PSI drift at 0.25); "
        "'evidently': Evidently 0.7's stat tests, binning and thresholds, to match its reports",
    ),
    OptionSpec(
        "binning.method", "Binning", "choice", "quantile", flag="--binning", choices=BINNING_METHODS,
        help="how numeric columns are cut into bins for PSI, KL, JS and Hellinger: quantiles of the reference, "
        "equal widths over the reference range, or your own edges (the default becomes 'edges' when edges are given)",
    ),
    OptionSpec(
        "binning.bins", "Bins", "integer", DEFAULT_BINS, flag="--bins", minimum=2, maximum=MAX_BINS,
        help="number of bins for the quantile and equal-width methods",
    ),
    OptionSpec(
        "binning.edges", "Bin edges", "numbers", None, flag="--edges",
        help="interior bin edges, strictly increasing (values below the first and above the last fall in open outer bins)",
    ),
    OptionSpec(
        "epsilon", "Empty-bin share", "number", DEFAULT_EPSILON, flag="--epsilon", minimum=0, maximum=0.5,
        exclusive_maximum=True,
        help="share that stands in for an empty bin in PSI and KL, which are infinite otherwise",
    ),
    OptionSpec(
        "log_base", "Logarithm", "choice", "e", flag="--log-base", choices=LOG_BASES,
        help="KL and JS in nats (natural log, 'e') or in bits (2); PSI always uses the natural log",
    ),
    OptionSpec(
        "thresholds", "Thresholds", "thresholds", THRESHOLDS["default"], flag="--threshold",
        help="a metric's threshold, e.g. psi=0.2: distances drift at or above it, tests when the p-value is below it",
    ),
    OptionSpec(
        "drift_share", "Drift share", "number", DEFAULT_DRIFT_SHARE, flag="--drift-share", minimum=0, maximum=1,
        exclusive_minimum=True,
        help="dataset drift is called when at least this share of the compared columns drifted",
    ),
    OptionSpec(
        "headline", "Headline test", "choice", "auto", flag="--headline", choices=("auto", *HEADLINE_METRICS),
        help="the metric that heads every column and decides its verdict; 'auto' picks a test for small samples "
        "and a distance for large ones, after Evidently's rule",
    ),
    OptionSpec(
        "metrics", "Extra tests", "multi", [], flag="--metrics", choices=EXTRA_METRICS,
        help="more tests to compute for every column they apply to, by name (Evidently's other stat tests); "
        "some are slow on large files",
    ),
    OptionSpec(
        "yates", "Yates' correction", "boolean", False, flag="--yates",
        help="apply Yates' continuity correction to the chi-square test of a two-category column "
        "(scipy's default; off here, where the test equals the two-proportion z-test)",
    ),
    OptionSpec(
        "fail_on", "Fail the gate on", "choice", "high", flag="--fail-on", choices=FAIL_ON,
        help="what fails the gate (exit code 1): 'high' a column at severity high, a broken column or dataset "
        "drift; 'medium' also a column at severity medium; 'any-drift' any drifted column; 'drift-share' dataset "
        "drift only (Evidently's rule); 'never' report only",
    ),
    OptionSpec(
        "by", "Date column", "names", None, flag="--by", maximum=1,
        help="a date column of the current file: also compare each period of it with the whole reference",
    ),
    OptionSpec(
        "period", "Period", "choice", "week", flag="--period", choices=PERIODS,
        help="the length of the periods the date column splits the current file into (weeks start on Monday)",
    ),
)
OPTION_KEYS = tuple(spec.key for spec in OPTIONS)
_TOP_LEVEL = tuple(dict.fromkeys(key.split(".")[0] for key in OPTION_KEYS))
_BINNING = tuple(key.split(".")[1] for key in OPTION_KEYS if key.startswith("binning."))


def spec(key: str) -> OptionSpec:
    return next(s for s in OPTIONS if s.key == key)


def describe_options() -> dict[str, Any]:
    """Every option and metric as JSON, for forms and help texts (``evaluator.api.drift_options``)."""
    return {
        "schema": SCHEMA,
        "options": [s.describe() for s in OPTIONS],
        "presets": {
            preset: {"thresholds": dict(THRESHOLDS[preset]), "kinds": {m: kind(m, preset) for m in METRICS}}
            for preset in PRESETS
        },
        "metrics": [
            {
                "name": m,
                "label": LABELS[m],
                "kind": KIND[m],
                "source": SOURCES[m],
                "headline": m in HEADLINE_METRICS,
                "extra": m in EXTRA_METRICS,
                "applies_to": "numeric" if m in NUMERIC_ONLY else ("categorical" if m in CATEGORY_ONLY else "all"),
                "evidently_name": EVIDENTLY_NAMES.get(m),
            }
            for m in METRICS
        ],
        "severity": {
            "levels": list(SEVERITY_LEVELS),
            "bands": {name: dict(zip(SEVERITY_LEVELS[1:], bands)) for name, bands in SEVERITY_BANDS.items()},
            "measures": dict(SEVERITY_MEASURES),
        },
    }


@dataclass
class Options:
    preset: str = "default"
    columns: list[str] | None = None
    method: str = "quantile"
    bins: int = DEFAULT_BINS
    edges: list[float] | None = None
    epsilon: float = DEFAULT_EPSILON
    log_base: float | None = None  # None = natural log (nats); 2 = bits
    thresholds: dict[str, float | None] = field(default_factory=dict)
    drift_share: float = DEFAULT_DRIFT_SHARE
    headline: str | None = None  # force one metric as every column's headline
    metrics: tuple[str, ...] = ()  # extra tests, in the vocabulary's order
    yates: bool = False
    fail_on: str = "high"
    by: str | None = None  # the current file's date column, for drift over time
    period: str = "week"
    show: str | None = None  # the metric a headline shows, when not the rule's (drift over time); not an option

    def threshold(self, metric: str) -> float | None:
        return self.thresholds[metric]

    def kind(self, metric: str) -> str:
        return kind(metric, self.preset)

    def wants(self, metric: str) -> bool:
        """Whether an extra test is to be computed: asked for, or chosen as the headline."""
        return metric in self.metrics or metric == self.headline

    def to_dict(self) -> dict[str, Any]:
        """The options in the spelling `resolve` takes: ``resolve(o.to_dict())`` gives ``o`` again."""
        return {
            "preset": self.preset,
            "columns": self.columns,
            "binning": {"method": self.method, "bins": self.bins, "edges": self.edges},
            "epsilon": self.epsilon,
            "log_base": "e" if self.log_base is None else 2,
            "thresholds": dict(self.thresholds),
            "drift_share": self.drift_share,
            "headline": self.headline or "auto",
            "metrics": list(self.metrics),
            "yates": self.yates,
            "fail_on": self.fail_on,
            "by": None if self.by is None else [self.by],
            "period": self.period,
        }

    def ignored(self) -> list[dict[str, Any]]:
        """Options set away from their defaults that the preset does not use, with the reason."""
        if self.preset != "evidently":
            return []
        why_bins = "the evidently preset bins as Evidently does (Sturges bins over both files, or one bin per value)"
        out = []
        if self.method != spec("binning.method").default:
            out.append({"option": "binning.method", "value": self.method, "reason": why_bins})
        if self.bins != DEFAULT_BINS:
            out.append({"option": "binning.bins", "value": self.bins, "reason": why_bins})
        if self.edges is not None:
            out.append({"option": "binning.edges", "value": list(self.edges), "reason": why_bins})
        if self.epsilon != DEFAULT_EPSILON:
            out.append({"option": "epsilon", "value": self.epsilon,
                        "reason": "the evidently preset fills empty shares with Evidently's rule (a millionth of the "
                        "smallest share, or 0.0001)"})
        if self.yates:
            out.append({"option": "yates", "value": True,
                        "reason": "Evidently's chi-square is a goodness-of-fit test, which has no continuity correction"})
        return out


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def _choice(value: Any, key: str) -> Any:
    s = spec(key)
    # `2 in ("e", 2)` is also true for 2.0 and True; only the spelling the vocabulary lists counts.
    if not any(value == c and type(value) is type(c) for c in s.choices):
        raise InputError(f"{key.replace('.', ' ')} must be one of {', '.join(map(repr, s.choices))}, got {value!r}")
    return value


def resolve(options: dict[str, Any] | None) -> Options:
    """Check a caller's options dict and fill in defaults; raise `InputError` naming a bad key."""
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise InputError(f"options must be an object (dict), got {type(options).__name__}")
    unknown = sorted(set(options) - set(_TOP_LEVEL))
    if unknown:
        raise InputError(f"unknown option(s) {', '.join(map(repr, unknown))}; known: {', '.join(_TOP_LEVEL)}")
    out = Options()
    out.preset = _choice(options.get("preset") or "default", "preset")

    columns = options.get("columns")
    if columns is not None:
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) and c for c in columns):
            raise InputError("columns must be a non-empty list of column names")
        out.columns = columns

    binning = options.get("binning") or {}
    if not isinstance(binning, dict):
        raise InputError(f"binning must be an object with {', '.join(_BINNING)}, got {type(binning).__name__}")
    unknown = sorted(set(binning) - set(_BINNING))
    if unknown:
        raise InputError(f"unknown binning option(s) {', '.join(map(repr, unknown))}; known: {', '.join(_BINNING)}")
    edges = binning.get("edges")
    method = binning.get("method")
    if method is None:
        method = "edges" if edges is not None else spec("binning.method").default
    out.method = _choice(method, "binning.method")
    bins = binning.get("bins")
    if bins is not None:
        bins_spec = spec("binning.bins")
        if isinstance(bins, bool) or not isinstance(bins, int) or not bins_spec.within(bins):
            raise InputError(f"bins must be a whole number {bins_spec.limits()}, got {bins!r}")
        out.bins = bins
    if out.method == "edges":
        if not isinstance(edges, list) or not edges:
            raise InputError("binning method 'edges' needs edges: a non-empty list of increasing numbers")
        values = [_number(e, f"edges[{i}]") for i, e in enumerate(edges)]
        if any(b <= a for a, b in zip(values, values[1:])):
            raise InputError(f"edges must be strictly increasing, got {values}")
        out.edges = values
    elif edges is not None:
        raise InputError(f"edges are only used with binning method 'edges', not {out.method!r}")

    if options.get("epsilon") is not None:
        eps = _number(options["epsilon"], "epsilon")
        if not spec("epsilon").within(eps):
            raise InputError(f"epsilon stands in for an empty bin's share and must be {spec('epsilon').limits()}, got {eps}")
        out.epsilon = eps

    base = _choice(options.get("log_base", "e"), "log_base")
    out.log_base = None if base == "e" else 2.0

    out.thresholds = dict(THRESHOLDS[out.preset])
    thresholds = options.get("thresholds") or {}
    if not isinstance(thresholds, dict):
        raise InputError("thresholds must be an object mapping metric names to numbers")
    for metric, value in thresholds.items():
        if metric not in METRICS:
            raise InputError(f"unknown metric {metric!r} in thresholds; known: {', '.join(METRICS)}")
        if value is None and THRESHOLDS[out.preset][metric] is None:
            continue  # a report's own options say "no threshold" for the raw Wasserstein distance
        v = _number(value, f"thresholds.{metric}")
        if v < 0:
            raise InputError(f"thresholds.{metric} must be zero or more, got {v}")
        if kind(metric, out.preset) == "p-value" and not 0 < v < 1:
            raise InputError(f"thresholds.{metric} is a significance level and must be between 0 and 1, got {v}")
        out.thresholds[metric] = v

    if options.get("drift_share") is not None:
        share = _number(options["drift_share"], "drift_share")
        if not spec("drift_share").within(share):
            raise InputError(f"drift_share must be {spec('drift_share').limits()}, got {share}")
        out.drift_share = share

    headline = options.get("headline", "auto")
    if headline is None:
        headline = "auto"
    out.headline = None if _choice(headline, "headline") == "auto" else headline

    metrics = options.get("metrics")
    if metrics is not None:
        if not isinstance(metrics, list):
            raise InputError(f"metrics must be a list of test names, got {type(metrics).__name__}")
        for name in metrics:
            if name not in EXTRA_METRICS:
                raise InputError(f"unknown test {name!r} in metrics; known: {', '.join(EXTRA_METRICS)}")
        out.metrics = tuple(m for m in EXTRA_METRICS if m in metrics)

    yates = options.get("yates", False)
    if not isinstance(yates, bool):
        raise InputError(f"yates must be true or false, got {yates!r}")
    out.yates = yates

    out.fail_on = _choice(options.get("fail_on") or spec("fail_on").default, "fail_on")

    by = options.get("by")
    if by is not None:
        if not isinstance(by, list) or len(by) != 1 or not isinstance(by[0], str) or not by[0]:
            raise InputError(f"by must be a list holding one column name (the current file's date column), got {by!r}")
        out.by = by[0]
    out.period = _choice(options.get("period") or spec("period").default, "period")
    return out
