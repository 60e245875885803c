"""One column given as two lists of values (``evaluator.api.drift_metrics``): cleaning, counts, metrics.

The report reads columns from CSV files (see `report`); this is the same comparison for values a
caller already holds. Missing values (``None``, NaN) and infinities are counted and left out, as
in the report.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..errors import InputError
from ..tables import value_label
from . import engine
from .config import Options


def _numeric(values: Sequence[Any], label: str) -> tuple[Any, dict[str, int]]:
    import numpy as np

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
    return arr, {"rows": len(values), "missing": missing, "non_finite": non_finite, "used": int(arr.size)}


def _categories(values: Sequence[Any], label: str) -> tuple[list[str], dict[str, int]]:
    clean = [value_label(v) for v in values]
    clean = [v for v in clean if v is not None]
    if not clean:
        raise InputError(f"{label} has no values (all missing)")
    return clean, {"rows": len(values), "missing": len(values) - len(clean), "non_finite": 0, "used": len(clean)}


def compare_samples(reference: Sequence[Any], current: Sequence[Any], kind: str, options: Options) -> dict[str, Any]:
    """Every drift metric of one column: ``{"type", "counts", "headline", "metrics", "histogram",
    "distinct_values"}``, the same per-metric entries as a column of the report."""
    clean = _numeric if kind == "numeric" else _categories
    ref, ref_counts = clean(reference, "reference")
    cur, cur_counts = clean(current, "current")
    if kind == "numeric":
        result = engine.numeric_column(ref, cur, options)
    else:
        result = engine.categorical_column(ref, cur, options)
    return {"type": kind, "counts": {"reference": ref_counts, "current": cur_counts}, **result}
