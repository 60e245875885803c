"""The evaluator's public contract: JSON-able values in, JSON-able values out.

The browser worker, the CLI and the tests all call these functions by name, so every function
here takes keyword arguments that survive a JSON round trip (plus ``bytes`` for file contents)
and returns plain dicts, lists, strings, numbers, booleans and ``None``.

Imports of numpy and scipy stay inside the functions that need them: a pure-Python tool page
loads this module without loading numpy.
"""

from __future__ import annotations

import platform
from importlib import metadata
import re
import sys
from typing import Any

from . import __version__
from .errors import InputError

__all__ = ["environment", "summarize"]


def environment() -> dict[str, Any]:
    """Describe the interpreter and which numeric libraries are installed, without importing them.

    In the browser a pure-Python page installs neither, so both are None there.
    """
    libs = {}
    for name in ("numpy", "scipy"):
        try:
            libs[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libs[name] = None
    return {
        "evaluator": __version__,
        "python": platform.python_version(),
        "platform": sys.platform,
        "libraries": libs,
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
