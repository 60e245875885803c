"""The evaluator's public contract: JSON-able values in, JSON-able values out.

The browser worker, the CLI and the tests all call these functions by name, so every function
here takes keyword arguments that survive a JSON round trip (plus ``bytes`` for file contents)
and returns plain dicts, lists, strings, numbers, booleans and ``None``. A function that takes a
``progress`` keyword reports ``progress(stage, done, total)`` while it works; the dispatcher
passes the caller's callback there (it is never part of the JSON arguments).

This module holds signatures, docstrings and the checks at the edge; the work happens in the
domain packages (`drift`, `tables`, `performance`, ...), which never import this module. Imports
of numpy and scipy stay inside the functions that need them: a pure-Python tool page loads this
module without loading numpy.
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import InputError

Progress = Callable[[str, int, int], Any]

__all__ = [
    # the runtime itself
    "environment",
    "summarize",
    # drift
    "drift_options",
    "drift_report",
    "drift_metrics",
    # performance
    "performance_comparison",
    # interview
    "interview_variant",
]


# --- the runtime itself ----------------------------------------------------------------------


def environment() -> dict[str, Any]:
    """Describe the interpreter and which numeric libraries are installed, without importing them.

    In the browser a pure-Python page installs neither, so both are None there.
    """
    from .environment import describe

    return describe()


def summarize(values: list[Any] | None = None, text: str | None = None) -> dict[str, Any]:
    """Count, mean, sample standard deviation and quartiles of some numbers, computed by numpy.

    Give either `values` (a list of numbers) or `text` (numbers separated by commas, spaces or new
    lines). A small function with a real numpy result: the runtime check page and the end-to-end
    tests use it to prove that numbers cross from the page into numpy and back.
    """
    from .numbers import parse_numbers, summary

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
    return summary(values)


# --- drift -----------------------------------------------------------------------------------


def drift_options() -> dict[str, Any]:
    """Every drift option (key, label, kind, default, choices, bounds, help text, CLI flag), the
    thresholds of each preset and every metric (label, kind, threshold source).

    Forms and the CLI's ``--help`` are built from this one description (`evaluator.drift.config`).
    """
    from .drift.config import describe_options

    return describe_options()


def _file_name(value: Any, label: str) -> str:
    if not isinstance(value, str) or not value:
        raise InputError(f"{label} must be a non-empty string")
    return value


def drift_report(
    reference: bytes,
    current: bytes,
    options: dict[str, Any] | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Compare two CSV files (their raw bytes) column by column; return the versioned drift report.

    ``options`` (all optional; see `drift_options` for every key, its choices and default):
    ``columns`` (list of names), ``preset`` ("default" | "evidently"), ``binning`` ({``method``:
    "quantile" | "equal-width" | "edges", ``bins``: int, ``edges``: [numbers]}), ``epsilon``
    (share that stands in for an empty bin in PSI and KL), ``log_base`` ("e" | 2),
    ``thresholds`` ({metric: number}), ``drift_share`` (share of drifted columns that calls dataset
    drift) and ``headline`` ("auto" or a metric to head every column).

    The result has ``schema`` ("mlops-kit/drift-report/v1"), ``evaluator``, ``options``,
    ``inputs``, ``summary``, ``columns`` (one entry per compared column), ``skipped`` and
    ``conventions``; see docs/tools/drift-methods.md for every field. ``progress``, if given, is
    called while the files are read and the columns compared.
    """
    from .drift import resolve
    from .drift.report import compare_files

    resolved = resolve(options)
    reference_name = _file_name(reference_name, "reference_name")
    current_name = _file_name(current_name, "current_name")
    return compare_files(reference, current, resolved, reference_name, current_name, progress=progress)


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
    from .drift import resolve
    from .drift.samples import compare_samples

    resolved = resolve(options)
    for value, label in ((reference, "reference"), (current, "current")):
        if not isinstance(value, (list, tuple)):
            raise InputError(f"{label} must be a list of values, got {type(value).__name__}")
    if kind not in ("numeric", "categorical"):
        raise InputError(f"kind must be 'numeric' or 'categorical', got {kind!r}")
    return compare_samples(reference, current, kind, resolved)


# --- performance -----------------------------------------------------------------------------


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


# --- interview -------------------------------------------------------------------------------

SEED_MAX = 2**53 - 1  # the largest whole number a browser's JavaScript holds exactly
VARIANT_STAGES = ("stage-2", "stage-3")


def _seed(value: Any) -> int:
    """A seed as a whole number; text may group its digits with spaces, commas or underscores."""
    wrong = f"the seed must be a whole number from 0 to {SEED_MAX:,}"
    if isinstance(value, str):
        digits = "".join(ch for ch in value if ch not in " _,\t\n")
        if not digits:
            raise InputError(f"{wrong}; enter one, or roll a new one")
        if not digits.isdigit() or not digits.isascii():
            raise InputError(f"{wrong}; {value.strip()[:40]!r} is not one")
        value = int(digits)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{wrong}, got {type(value).__name__}")
    if value < 0:
        raise InputError(f"{wrong}; {value:,} is negative")
    if value > SEED_MAX:
        raise InputError(f"{wrong}; {value:,} is too large")
    return value


def interview_variant(stage: str, seed: int | str, progress: Progress | None = None) -> dict[str, Any]:
    """A private variant of an interview exercise for one candidate: their ZIP and the interviewers' key.

    ``stage`` is "stage-2" (production debugging: a churn model's scoring log with planted causes)
    or "stage-3" (code review: a pipeline with planted faults); ``seed`` is a whole number from 0
    to 2**53 - 1, or the same as text (digits may be grouped with spaces). The same stage and seed
    always give the same bytes, natively and in the browser.

    Returns ``stage``, ``seed``, ``zip`` (bytes: the candidate's files and brief), ``zip_name``,
    ``zip_sha256``, ``files`` (name, size and SHA-256 of each file in the ZIP), ``key`` (the
    answer key, Markdown text; private), ``key_name`` and ``summary`` (a few figures that give
    nothing away: for stage 2 the accuracy before and after, for both the number planted).
    """
    from .interview.variants import candidate_pack

    if stage not in VARIANT_STAGES:
        raise InputError(f"stage must be one of {', '.join(VARIANT_STAGES)}, got {stage!r}")
    return candidate_pack(stage, _seed(seed), progress=progress)
