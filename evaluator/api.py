"""The evaluator's public contract: JSON-able values in, JSON-able values out.

The browser worker, the CLI and the tests all call these functions by name, so every function
here takes keyword arguments that survive a JSON round trip (plus ``bytes`` for file contents)
and returns plain dicts, lists, strings, numbers, booleans and ``None``.

Imports of numpy and scipy stay inside the functions that need them: a pure-Python tool page
loads this module without loading numpy.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from . import __version__
from .errors import InputError

__all__ = ["environment", "summarize", "drift_report", "drift_metrics", "performance_comparison"]


def installed_version(distribution: str) -> str | None:
    """The installed version of a distribution, read from its .dist-info folder name.

    Cheaper than importlib.metadata (which pulls in email, zipfile and more): at boot in the
    browser every import is paid for in load time.
    """
    prefix = distribution.replace("-", "_").lower() + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    return None


def environment() -> dict[str, Any]:
    """Describe the interpreter and which numeric libraries are installed, without importing them.

    In the browser a pure-Python page installs neither, so both are None there.
    """
    return {
        "evaluator": __version__,
        "python": "{}.{}.{}".format(*sys.version_info[:3]),
        "platform": sys.platform,
        "libraries": {name: installed_version(name) for name in ("numpy", "scipy")},
    }


def parse_numbers(text: str) -> list[float]:
    """Numbers separated by commas, semicolons, spaces or new lines; names the first bad token."""
    tokens = [t for t in re.split(r"[\s,;]+", text) if t]
    numbers = []
    for position, token in enumerate(tokens, start=1):
        try:
            numbers.append(float(token))
        except ValueError:
            raise InputError(f"item {position} ({token!r}) is not a number") from None
    return numbers


def summarize(values: list[Any] | None = None, text: str | None = None) -> dict[str, Any]:
    """Count, mean, sample standard deviation and quartiles of some numbers, computed by numpy.

    Give either `values` (a list of numbers) or `text` (numbers separated by commas, spaces or new
    lines). A small function with a real numpy result: the runtime check page and the end-to-end
    tests use it to prove that numbers cross from the page into numpy and back.
    """
    import numpy as np

    if (values is None) == (text is None):
        raise InputError("give exactly one of values (a list of numbers) or text")
    if text is not None:
        if not isinstance(text, str):
            raise InputError(f"text must be a string, got {type(text).__name__}")
        values = parse_numbers(text)
    if not isinstance(values, (list, tuple)):
        raise InputError(f"values must be a list of numbers, got {type(values).__name__}")
    if len(values) == 0:
        raise InputError("no numbers given: enter at least one number")
    bad = [(i, v) for i, v in enumerate(values) if isinstance(v, bool) or not isinstance(v, (int, float))]
    if bad:
        i, v = bad[0]
        raise InputError(f"values[{i}] is {v!r}, not a number ({len(bad)} non-numeric value(s) in all)")
    arr = np.asarray(values, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise InputError(f"values holds {int(np.sum(~np.isfinite(arr)))} non-finite value(s) (NaN or infinity)")
    q1, median, q3 = (float(x) for x in np.quantile(arr, [0.25, 0.5, 0.75]))
    return {
        "n": int(arr.size),
        "mean": float(arr.mean()),
        "std": float(arr.std(ddof=1)) if arr.size > 1 else None,
        "min": float(arr.min()),
        "q1": q1,
        "median": median,
        "q3": q3,
        "max": float(arr.max()),
        "numpy": np.__version__,
    }


def drift_report(
    reference: bytes,
    current: bytes,
    options: dict[str, Any] | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
) -> dict[str, Any]:
    """Compare two CSV files (their raw bytes) column by column; return the versioned drift report.

    ``options`` (all optional): ``columns`` (list of names), ``binning`` ({``method``: "quantile" |
    "equal-width" | "edges", ``bins``: int, ``edges``: [numbers]}), ``epsilon`` (share that stands in
    for an empty bin in PSI and KL), ``preset`` ("default" | "evidently"), ``thresholds``
    ({metric: number}), ``log_base`` ("e" | 2), ``drift_share`` (share of drifted columns that
    calls dataset drift) and ``headline`` (a metric to head every column, default "auto").

    The result has ``schema`` ("mlops-kit/drift-report/v1"), ``evaluator``, ``options``,
    ``inputs``, ``summary``, ``columns`` (one entry per compared column), ``skipped`` and
    ``conventions``; see docs/tools/drift-methods.md for every field.
    """
    from .drift import resolve
    from .drift.report import build_report
    from .tables import read_csv

    resolved = resolve(options)
    for value, label in ((reference_name, "reference_name"), (current_name, "current_name")):
        if not isinstance(value, str) or not value:
            raise InputError(f"{label} must be a non-empty string")
    ref = read_csv(reference, reference_name, progress=_progress)
    cur = read_csv(current, current_name, progress=_progress)
    return build_report(ref, cur, resolved, progress=_progress)


# The CLI (and later the browser worker) may set this to a callable(stage, done, total).
_progress = None


def drift_metrics(
    reference: list[Any],
    current: list[Any],
    kind: str = "numeric",
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every drift metric of one column given as two lists of values.

    ``kind`` "numeric": numbers (``None``, NaN and infinities are counted and left out);
    "categorical": any JSON values, compared as category labels (``None`` is missing).
    Returns ``{"type", "counts", "headline", "metrics", "histogram", "distinct_values"}`` with
    the same per-metric entries as a column of `drift_report`.
    """
    import math

    import numpy as np

    from .drift import resolve
    from .drift import engine

    resolved = resolve(options)
    for value, label in ((reference, "reference"), (current, "current")):
        if not isinstance(value, (list, tuple)):
            raise InputError(f"{label} must be a list of values, got {type(value).__name__}")
    if kind == "numeric":
        arrays = []
        counts = {}
        for values, label in ((reference, "reference"), (current, "current")):
            bad = [(i, v) for i, v in enumerate(values) if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)))]
            if bad:
                i, v = bad[0]
                raise InputError(f"{label}[{i}] is {v!r}, not a number (use kind='categorical' for labels)")
            missing = sum(1 for v in values if v is None or (isinstance(v, float) and math.isnan(v)))
            arr = np.array([v for v in values if v is not None], dtype=np.float64)
            non_finite = int(np.count_nonzero(np.isinf(arr)))
            arr = arr[np.isfinite(arr)]
            if arr.size == 0:
                raise InputError(f"{label} has no finite numbers")
            counts[label] = {"rows": len(values), "missing": missing, "non_finite": non_finite, "used": int(arr.size)}
            arrays.append(arr)
        result = engine.numeric_column(arrays[0], arrays[1], resolved)
    elif kind == "categorical":
        lists = []
        counts = {}
        for values, label in ((reference, "reference"), (current, "current")):
            clean = [v if isinstance(v, str) else json_label(v) for v in values if v is not None]
            if not clean:
                raise InputError(f"{label} has no values (all missing)")
            counts[label] = {"rows": len(values), "missing": len(values) - len(clean), "non_finite": 0, "used": len(clean)}
            lists.append(clean)
        result = engine.categorical_column(lists[0], lists[1], resolved)
    else:
        raise InputError(f"kind must be 'numeric' or 'categorical', got {kind!r}")
    return {"type": kind, "counts": counts, **result}


def json_label(value: Any) -> str:
    """A category label for a JSON value: whole numbers without ".0", booleans lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)

def performance_comparison(
    reference: bytes | str,
    current: bytes | str,
    label: str,
    prediction: str,
    segment_by: list[str] | None = None,
    positive: str = "1",
) -> dict[str, Any]:
    """Accuracy, precision and recall of a model's predictions in two windows, overall and per segment.

    Both CSV files need the `label` column (what happened) and the `prediction` column (what the
    model said), as 0/1, true/false or yes/no. `segment_by` names columns whose value
    combinations are compared separately (e.g. ["region", "contract_type"]). See
    evaluator.performance.compare_windows for the result's fields.
    """
    from .performance import compare_windows

    if segment_by is not None and (not isinstance(segment_by, (list, tuple)) or not all(isinstance(c, str) for c in segment_by)):
        raise InputError("segment_by must be a list of column names")
    return compare_windows(reference, current, label, prediction, segment_by or (), positive)
