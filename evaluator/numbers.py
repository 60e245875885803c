"""A summary of a list of numbers by numpy: the runtime check's proof that numbers cross from a page
into numpy and back unchanged."""

from __future__ import annotations

import re
from typing import Any, Sequence

from .errors import InputError


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


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Count, mean, sample standard deviation, quartiles, extremes (finite numbers, at least one)."""
    import numpy as np

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
