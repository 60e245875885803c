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
    "drift_report_markdown",
    "drift_metrics",
    "drift_lab_setup",
    "drift_lab_warm_up",
    "drift_lab_columns",
    "drift_lab",
    # performance
    "performance_comparison",
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
    drift), ``headline`` ("auto" or a metric to head every column), ``metrics`` (extra tests by
    name), ``yates`` (bool), ``fail_on`` (what fails the gate), ``by`` ([the current file's date
    column]) and ``period`` ("day" | "week" | "month").

    The result has ``schema`` ("mlops-kit/drift-report/v1"), ``evaluator``, ``options``,
    ``ignored_options``, ``inputs``, ``summary`` (with the ``gate``), ``columns`` (one entry per
    compared column, each with its ``severity``), ``skipped``, ``over_time`` (None unless ``by``
    is given) and ``conventions``; see docs/tools/drift-methods.md for every field. ``progress``,
    if given, is called while the files are read and the columns compared.
    """
    from .drift import resolve
    from .drift.report import compare_files

    resolved = resolve(options)
    reference_name = _file_name(reference_name, "reference_name")
    current_name = _file_name(current_name, "current_name")
    return compare_files(reference, current, resolved, reference_name, current_name, progress=progress)


def drift_report_markdown(report: dict[str, Any]) -> str:
    """The Markdown of a drift report (a dict that `drift_report` returned): the same text as the
    CLI's ``--format markdown``, so a page's "Export as Markdown" equals the command line's."""
    from .drift.config import SCHEMA
    from .drift.render import to_markdown

    if not isinstance(report, dict) or report.get("schema") != SCHEMA:
        raise InputError(f"report must be a drift report (a dict with schema {SCHEMA!r}), as drift_report returns it")
    try:
        return to_markdown(report)
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        raise InputError(f"report is not a complete drift report ({type(exc).__name__}: {exc}); pass the dict drift_report returned") from None


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


# The drift lab (docs/tools/drift-lab.md): one call per comparison, so the page holds everything it
# shows and exports (report, Markdown, performance) even after the worker is stopped or restarted.

# Per file, in the browser: the file's bytes, its decoded text and the parsed columns all sit in
# the 32-bit WebAssembly heap (at most 4 GiB) at once, for both files. Natively the CLI has no limit.
LAB_MAX_FILE_MB = 200
# The page draws a row, a chart and a table per column: beyond this many it would stall the page
# (and a 100,000-column file would take many minutes to compare). Choose columns to go past it.
LAB_MAX_COLUMNS = 1000
_LAB_HEAD_BYTES = 65536
_LAB_HEADER_BYTES = 16 * 1024 * 1024  # a header line is looked for in this much of a file


def drift_lab_setup() -> dict[str, Any]:
    """What the drift lab's form is built from: every drift option (`drift_options`), the inputs of
    the performance comparison (label, prediction, positive value) and the per-file size limit.

    The site's build writes this into the lab's page, so the form appears before Python has loaded.
    """
    from .drift.config import describe_options
    from .performance.options import describe

    return {
        "drift": describe_options(),
        "performance": describe(),
        "max_file_mb": LAB_MAX_FILE_MB,
        "max_file_bytes": LAB_MAX_FILE_MB * 1024 * 1024,
        "max_columns": LAB_MAX_COLUMNS,
        "head_bytes": _LAB_HEAD_BYTES,
    }


def drift_lab_warm_up() -> dict[str, Any]:
    """Run one tiny lab comparison (`evaluator.lab.warm_up`), so that the modules a comparison needs
    are imported before the reader's first: the page calls it as soon as the evaluator has loaded.
    Returns ``{"columns": n}``, the number of columns the tiny comparison compared."""
    from .lab import warm_up

    result = drift_lab(warm_up.REFERENCE, warm_up.CURRENT, warm_up.OPTIONS, warm_up.PERFORMANCE)
    return {"columns": result["report"]["summary"]["columns_compared"]}


def drift_lab_columns(
    reference: bytes | None = None,
    current: bytes | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
) -> dict[str, Any]:
    """The column names that the form's pickers offer, from the first bytes of each file (the lab
    sends the first 64 KB): ``{"columns": [...], "numeric": [...]}``, the columns of both files
    given (in the reference's order) or of the one given; ``{"columns": None, "reason": ...}`` when
    the start of a file cannot say (a header longer than the sample, fewer than two rows, not text).
    Never an error for a bad file: the comparison itself reports it.
    """
    from .lab import columns_from_head

    found = []
    for head, name in ((reference, reference_name), (current, current_name)):
        if head is None:
            continue
        if not isinstance(head, (bytes, bytearray, memoryview)):
            raise InputError(f"{name}: expected the file's first bytes, got {type(head).__name__}")
        found.append(columns_from_head(bytes(head[:_LAB_HEAD_BYTES]), _file_name(name, "file name")))
    if not found:
        raise InputError("give the first bytes of the reference file, the current file or both")
    unknown = next((f for f in found if f["columns"] is None), None)
    if unknown is not None:
        return unknown
    columns = [c for c in found[0]["columns"] if all(c in f["columns"] for f in found[1:])]
    numeric = [c for c in columns if all(c in f["numeric"] for f in found)]
    return {"columns": columns, "numeric": numeric}


def drift_lab(
    reference: bytes,
    current: bytes,
    options: dict[str, Any] | None = None,
    performance: dict[str, Any] | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The drift lab's comparison: ``{"report", "order", "markdown", "performance", "performance_error"}``.

    ``report`` is `drift_report` of the two files with ``options``; ``order`` the indices of its
    columns, most severe first (`evaluator.lab.most_severe_first`); ``markdown`` the same report as
    the CLI's ``--format markdown`` writes it. With ``performance`` = ``{"label", "prediction",
    "positive"}`` (see `drift_lab_setup`), ``performance`` is `performance_comparison` of the same
    files; if that comparison cannot be made (a missing column, a label that is not 0/1), the drift
    report is still returned and ``performance_error`` says why. Each file may be at most
    ``LAB_MAX_FILE_MB`` MB and have at most ``LAB_MAX_COLUMNS`` columns, unless ``options.columns``
    names at most that many.
    """
    from .drift.config import SEVERITY_LEVELS
    from .lab import drift_and_performance, header_width, most_severe_first

    for data, name in ((reference, reference_name), (current, current_name)):
        if isinstance(data, (bytes, bytearray, memoryview)) and len(data) > LAB_MAX_FILE_MB * 1024 * 1024:
            raise InputError(
                f"{name} is {len(data) / 2**20:.0f} MB; the drift lab reads files of up to {LAB_MAX_FILE_MB} MB each "
                "in the browser. Compare a sample, or use the command line (python -m evaluator drift), which has no limit."
            )
    wanted = options.get("columns") if isinstance(options, dict) else None
    if not (isinstance(wanted, list) and len(wanted) <= LAB_MAX_COLUMNS):
        for data, name in ((reference, reference_name), (current, current_name)):
            width = header_width(bytes(data[:_LAB_HEADER_BYTES])) if isinstance(data, (bytes, bytearray, memoryview)) else 0
            if width > LAB_MAX_COLUMNS:
                raise InputError(
                    f"{name} has {width:,} columns; the drift lab compares at most {LAB_MAX_COLUMNS:,} at a time. "
                    "Name the ones to compare in the Columns option, or use the command line (python -m evaluator drift)."
                )
    if performance is not None:
        if not isinstance(performance, dict) or set(performance) - {"label", "prediction", "positive"}:
            raise InputError("performance must be an object with label, prediction and (optionally) positive")
        label, prediction = performance.get("label"), performance.get("prediction")
        if not (isinstance(label, str) and label and isinstance(prediction, str) and prediction):
            raise InputError("the performance comparison needs both a label column and a prediction column")
    report = drift_report(reference, current, options, reference_name, current_name, progress=progress)
    result: dict[str, Any] = {
        "report": report,
        "order": most_severe_first(report, SEVERITY_LEVELS),
        "markdown": drift_report_markdown(report),
        "performance": None,
        "performance_error": None,
    }
    if performance is not None:
        stage = "comparing model performance"
        if progress is not None:
            progress(stage, 0, 1)
        try:
            compared = performance_comparison(
                reference, current, performance["label"], performance["prediction"],
                positive=performance.get("positive") or "1",
            )
        except InputError as exc:
            result["performance_error"] = str(exc)
        else:
            compared["reading"] = drift_and_performance(compared, report)
            result["performance"] = compared
        if progress is not None:
            progress(stage, 1, 1)
    return result


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
