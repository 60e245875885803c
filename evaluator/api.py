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
    "drift_lab_profile",
    "drift_lab_inspect",
    # performance
    "performance_comparison",
    # hiring: job descriptions
    "jd_options",
    "jd_template",
    "jd_build",
    "jd_lint",
    # hiring: pay
    "pay_explorer",
    "pay_offer",
    # hiring: one generalist or a team
    "team_options",
    "team_recommend",
    # interview
    "interview_variant",
    # self-assessment
    "assessment_bank",
    "assessment_restore",
    "assessment_score",
    "assessment_export",
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
    read_in_parallel: bool = False,
) -> dict[str, Any]:
    """Compare two CSV files (their raw bytes) column by column; return the versioned drift report.

    Natively (the CLI), ``reference`` and ``current`` may also be open binary files: a file of
    numbers only is then read in pieces and never held whole. With ``read_in_parallel`` (the CLI
    sets it), the files are read natively through Apache Arrow, with its threads, where pyarrow
    is installed (see `evaluator.tables.arrow_reader`); elsewhere, as in the browser, by the
    project's reader, with the same result.

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
    return compare_files(reference, current, resolved, reference_name, current_name, progress=progress,
                         read_in_parallel=bool(read_in_parallel))


def drift_profile(data: bytes, name: str = "table.csv", progress: Progress | None = None) -> dict[str, Any]:
    """The drift profile of a CSV file given as bytes (see docs/tools/drift-profiles.md): per
    column the counts a drift report is computed from, so a team can keep a reference profile
    instead of the reference data. Returns ``{"file_name", "json", "columns"}``: ``json`` is the
    profile as compact JSON text (what `mlops-kit profile` writes, before gzip; both read back),
    ``columns`` each column's name, kind and mode ("exact", "bucket" or "overflow")."""
    import json

    from .profiles import profile_table
    from .tables import read_csv

    name = _file_name(name, "name")
    profile = profile_table(read_csv(data, name, progress=progress))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return {
        "file_name": f"{stem}.profile.json",
        "json": json.dumps(profile, separators=(",", ":"), ensure_ascii=False, allow_nan=False),
        "columns": [{"name": c["name"], "kind": c["kind"], "mode": c["mode"]} for c in profile["columns"]],
    }


def drift_report_profiles(
    reference: bytes,
    current: bytes,
    options: dict[str, Any] | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The drift report of two inputs, each a CSV file or a drift profile (gzip or plain JSON), as
    bytes: the report `mlops-kit drift` gives for the same inputs (see `drift_report` for the
    options and fields). From exact-mode profiles it is the report of the files themselves;
    columns compared from bucket counts carry ``profile`` and, per metric, ``error_bound``."""
    from .drift import resolve
    from .drift.report import build_report
    from .profiles import loads, looks_like_profile, profile_table
    from .profiles.compare import compare_profiles
    from .tables import read_csv

    resolved = resolve(options)
    inputs = []
    for data, label in ((reference, _file_name(reference_name, "reference_name")), (current, _file_name(current_name, "current_name"))):
        if looks_like_profile(bytes(data[:64])):
            inputs.append(("profile", loads(data, label)))
        else:
            inputs.append(("table", read_csv(data, label, progress=progress)))
    (rk, ref), (ck, cur) = inputs
    if rk == ck == "table":
        return build_report(ref, cur, resolved, progress=progress)
    return compare_profiles(ref if rk == "profile" else profile_table(ref), cur if ck == "profile" else profile_table(cur),
                            resolved, progress=progress)


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
    # numpy arrays (natively) are read through a copy as lists: the caller's array is never changed
    reference = reference.tolist() if hasattr(reference, "tolist") else reference
    current = current.tolist() if hasattr(current, "tolist") else current
    for value, label in ((reference, "reference"), (current, "current")):
        if not isinstance(value, (list, tuple)):
            raise InputError(f"{label} must be a list of values, got {type(value).__name__}")
    if kind not in ("numeric", "categorical"):
        raise InputError(f"kind must be 'numeric' or 'categorical', got {kind!r}")
    return compare_samples(reference, current, kind, resolved)


# The drift lab (docs/tools/drift-lab.md): one call per comparison, so the page holds everything it
# shows and exports (report, Markdown, performance) even after the worker is stopped or restarted.

# Per file, in the browser: the file's bytes and its parsed columns (and the text of a file that is
# not numbers only) sit in the 32-bit WebAssembly heap (at most 4 GiB) at once, for both files; a
# pair of 197 MB files (2.3 million rows x 10 columns) compares in Chromium. The CLI has no limit.
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
        # a drift profile's columns with at most this many distinct values keep each value's count
        "profile_exact_max": _profile_exact_max(),
    }


def _profile_exact_max() -> int:
    from .profiles import EXACT_MAX

    return EXACT_MAX


def drift_lab_warm_up() -> dict[str, Any]:
    """Run one tiny lab comparison (`evaluator.lab.warm_up`), so that the modules a comparison needs
    are imported before the reader's first: the page calls it as soon as the evaluator has loaded.
    Returns ``{"columns": n}``, the number of columns the tiny comparison compared."""
    from .lab import warm_up

    result = drift_lab(warm_up.REFERENCE, warm_up.CURRENT, warm_up.OPTIONS, warm_up.PERFORMANCE)
    # and from drift profiles: gzip, the profiles package and the error bounds of a bucket-mode column
    saved = drift_lab_profile(warm_up.BUCKET_REFERENCE, "reference.csv")["bytes"]
    drift_lab_inspect(saved, "reference.profile.json.gz")
    drift_lab(saved, warm_up.BUCKET_CURRENT, reference_name="reference.profile.json.gz")
    return {"columns": result["report"]["summary"]["columns_compared"]}


def drift_lab_columns(
    reference: bytes | None = None,
    current: bytes | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    reference_columns: dict[str, Any] | None = None,
    current_columns: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The column names that the form's pickers offer, from the first bytes of each file (the lab
    sends the first 64 KB): ``{"columns": [...], "numeric": [...]}``, the columns of both files
    given (in the reference's order) or of the one given; ``{"columns": None, "reason": ...}`` when
    the start of a file cannot say (a header longer than the sample, fewer than two rows, not text).
    Never an error for a bad file: the comparison itself reports it. A drift profile is sent whole;
    one the lab has read already (`drift_lab_inspect`) comes as ``*_columns``, its ``{"columns", "numeric"}``.
    """
    found = []
    for head, name, known in ((reference, reference_name, reference_columns), (current, current_name, current_columns)):
        if known is not None:
            if not (isinstance(known, dict) and all(isinstance(known.get(k), list) for k in ("columns", "numeric"))):
                raise InputError(f"{name}: the columns of a profile come as {{'columns': [...], 'numeric': [...]}}")
            found.append({"columns": known["columns"], "numeric": known["numeric"]})
            continue
        if head is None:
            continue
        if not isinstance(head, (bytes, bytearray, memoryview)):
            raise InputError(f"{name}: expected the file's first bytes, got {type(head).__name__}")
        found.append(_lab_columns_of(head, _file_name(name, "file name")))
    if not found:
        raise InputError("give the first bytes of the reference file, the current file or both")
    unknown = next((f for f in found if f["columns"] is None), None)
    if unknown is not None:
        return unknown
    columns = [c for c in found[0]["columns"] if all(c in f["columns"] for f in found[1:])]
    numeric = [c for c in columns if all(c in f["numeric"] for f in found)]
    return {"columns": columns, "numeric": numeric}


def _lab_columns_of(head: bytes, name: str) -> dict[str, Any]:
    """The columns of a CSV file's first bytes, or of a drift profile (the lab sends a profile whole)."""
    from .lab import columns_from_head
    from .lab.inputs import is_profile, profile_columns
    from .profiles import loads

    if not is_profile(head, name):
        return columns_from_head(bytes(head[:_LAB_HEAD_BYTES]), name)
    try:
        return profile_columns(loads(head, name))
    except InputError as exc:
        return {"columns": None, "reason": str(exc)}


def drift_lab_inspect(data: bytes, name: str = "reference.profile.json.gz") -> dict[str, Any]:
    """What the lab says about a file as it is loaded: for a drift profile (by its name or first
    bytes), ``{"kind": "profile", "table", "rows", "columns", "modes", "names"}`` (``names``: the
    ``{"columns", "numeric"}`` the form's pickers offer) once `evaluator.profiles`
    has read and checked it (an `InputError` naming the problem otherwise: another format version,
    truncated or corrupted gzip, not a profile); ``{"kind": "csv"}`` for anything else, which the
    comparison reads."""
    from .lab.inputs import is_profile, load_profile, profile_columns, profile_summary

    name = _file_name(name, "name")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"{name}: expected the file's bytes, got {type(data).__name__}")
    if not is_profile(data, name):
        return {"kind": "csv"}
    profile = load_profile(data, name)
    return {"kind": "profile", **profile_summary(profile), "names": profile_columns(profile)}


def drift_lab_profile(data: bytes, name: str = "reference.csv", progress: Progress | None = None) -> dict[str, Any]:
    """The drift profile of a CSV file the lab has loaded, to download and keep in place of the
    file: ``{"file_name", "bytes", "table", "rows", "columns", "modes"}``. ``bytes`` are exactly what
    ``mlops-kit profile FILE -o NAME.profile.json.gz`` writes for the same file (gzip, the
    profiles package's `dumps`); ``modes`` lists the columns per kind and mode, so the page can say
    which text columns keep each distinct value with its count (exact mode)."""
    from .lab.inputs import is_profile, profile_summary
    from .profiles import dumps, profile_table
    from .tables import read_csv

    name = _file_name(name, "name")
    if is_profile(data, name):
        raise InputError(f"{name} is a drift profile already; save a profile of a CSV file")
    profile = profile_table(read_csv(data, name, progress=progress))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return {"file_name": f"{stem}.profile.json.gz", "bytes": dumps(profile), **profile_summary(profile)}


def drift_lab(
    reference: bytes,
    current: bytes,
    options: dict[str, Any] | None = None,
    performance: dict[str, Any] | None = None,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The drift lab's comparison: ``{"report", "order", "markdown", "performance", "performance_error", "export"}``.

    ``report`` is `drift_report` of the two files with ``options``; either may be a drift profile
    (gzip or plain JSON, known by its name or first bytes), and the report is then the one
    ``mlops-kit drift`` gives for the same pair (a performance comparison needs both files' rows:
    ``performance_error`` says so); ``order`` the indices of its
    columns, most severe first (`evaluator.lab.most_severe_first`); ``markdown`` the same report as
    the CLI's ``--format markdown`` writes it, followed (before the per-column metrics) by the
    performance section when one was asked for; ``export`` the JSON document "Download JSON" saves
    (`evaluator.lab.report_document`: the report, and the performance comparison when asked).
    With ``performance`` = ``{"label", "prediction", "positive"}`` (see `drift_lab_setup`),
    ``performance`` is `performance_comparison` of the same
    files; if that comparison cannot be made (a missing column, a label that is not 0/1), the drift
    report is still returned and ``performance_error`` says why. Each file may be at most
    ``LAB_MAX_FILE_MB`` MB and have at most ``LAB_MAX_COLUMNS`` columns, unless ``options.columns``
    names at most that many.
    """
    from .drift import resolve
    from .drift.config import SEVERITY_LEVELS
    from .lab import drift_and_performance, header_width, most_severe_first, report_document, with_performance
    from .lab.inputs import PERFORMANCE_FROM_PROFILE, compare_inputs, is_profile, read_input
    from .performance.windows import compare_tables

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
            width = 0 if is_profile(data, str(name)) else width  # a profile's columns are counted once it is read
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
        if not isinstance(performance.get("positive") or "1", str):
            raise InputError("performance.positive must be text: the label value that counts as positive")
    resolved = resolve(options)
    reference_name = _file_name(reference_name, "reference_name")
    current_name = _file_name(current_name, "current_name")
    # Each file is read once, for the drift report and the performance comparison both; performance
    # goes first, since the report may sort the numeric columns in place.
    # A drift profile in place of a file (or both): the report is then the command line's for the same pair.
    ref_input = read_input(reference, reference_name, progress=progress)
    cur_input = read_input(current, current_name, progress=progress)
    if not (isinstance(wanted, list) and len(wanted) <= LAB_MAX_COLUMNS):
        for (kind, value), name in ((ref_input, reference_name), (cur_input, current_name)):
            if kind == "profile" and len(value["columns"]) > LAB_MAX_COLUMNS:
                raise InputError(
                    f"{name} has {len(value['columns']):,} columns; the drift lab compares at most {LAB_MAX_COLUMNS:,} at a time. "
                    "Name the ones to compare in the Columns option, or use the command line (mlops-kit drift)."
                )
    ref_table, cur_table = ref_input[1], cur_input[1]
    compared, performance_error = None, None
    if performance is not None and "profile" in (ref_input[0], cur_input[0]):
        performance_error = PERFORMANCE_FROM_PROFILE
    elif performance is not None:
        stage = "comparing model performance"
        if progress is not None:
            progress(stage, 0, 1)
        try:
            compared = compare_tables(ref_table, cur_table, performance["label"], performance["prediction"],
                                      positive=performance.get("positive") or "1")
        except InputError as exc:
            performance_error = str(exc)
        if progress is not None:
            progress(stage, 1, 1)
    report = compare_inputs(ref_input, cur_input, resolved, progress=progress)
    del ref_table, cur_table, ref_input, cur_input
    result: dict[str, Any] = {
        "report": report,
        "order": most_severe_first(report, SEVERITY_LEVELS),
        "markdown": drift_report_markdown(report),
        "performance": None,
        "performance_error": performance_error,
    }
    if performance is not None:
        if compared is not None:
            compared["reading"] = drift_and_performance(compared, report)
            result["performance"] = compared
        result["markdown"] = with_performance(result["markdown"], result["performance"], result["performance_error"])
    result["export"] = report_document(report, result["performance"], result["performance_error"])
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


# --- hiring: job descriptions ----------------------------------------------------------------

# A pasted advert is a few thousand characters; 100,000 (some 15,000 words) leaves room for a long
# careers page, and any text up to it lints in well under a second (tests/unit/jd/test_linter_work.py counts the work; scripts/bench-jd-lint times it).
JD_MAX_CHARS = 100_000


def jd_options() -> dict[str, Any]:
    """The JD builder's form: roles, levels, deployment frequencies, locations, tool suggestions,
    defaults and help texts (defined once, in evaluator.jd.form and docs/data/jd-templates.toml)."""
    from .jd.form import form_options
    from .jd.templates import default_templates

    return {"form": form_options(default_templates())}


def jd_build(form: dict[str, Any]) -> dict[str, Any]:
    """A job description from the builder's form (see `jd_options` for its fields).

    Returns the advert as Markdown (`markdown`, `filename`) and as a `header` (location, work
    arrangement, reporting line, closing date) and sections whose requirements link to the
    scorecard dimension that tests them; the hiring manager's `notes` and `warnings`; the
    pay-transparency `rules` that reach the job (for a remote job, every rule that reaches a remote
    advert) and what they `required` beyond a range; and the `check`: the linter's findings, what
    the advert lacks (`missing`) and whether it `passes`. Bad values raise InputError naming the field.
    """
    import datetime as dt

    from .jd.builder import build_from_form

    return build_from_form(form, dt.date.today())


def jd_template(role: str = "generalist", level: str = "senior", location: str = "us-other") -> dict[str, Any]:
    """The template advert for a role type and level: `jd_build` with nothing but those filled in,
    so the scenario, tools and pay lines are the template's examples to replace."""
    return jd_build({"role": role, "level": level, "location": location})


def jd_lint(text: str) -> dict[str, Any]:
    """Findings for a pasted job description (see evaluator.jd.linter.lint_job_description).

    Positions are in UTF-16 code units, as JavaScript counts, so the page can highlight them.
    """
    from .jd.linter import lint_job_description
    from .jd.rules import default_rules

    if not isinstance(text, str):
        raise InputError(f"the job description must be text, got {type(text).__name__}")
    if not text.strip():
        raise InputError("the job description is empty: paste the advert's text into the box first")
    if len(text) > JD_MAX_CHARS:
        raise InputError(f"the text is {len(text):,} characters long; paste at most {JD_MAX_CHARS:,} (one advert, not a whole site)")
    return lint_job_description(text, default_rules())


# --- hiring: pay -----------------------------------------------------------------------------


def pay_explorer(region: str | None = "all", level: str | None = "all", jurisdiction: str | None = "all") -> dict[str, Any]:
    """Compensation figures for a region (a market id, or "all") and a level (or "all"), each with
    its source, date and caveats; the sources; the regions with no figures; the remote-pay gap
    worked out from the figures; the pay-transparency rules for a jurisdiction ("all", a group such
    as "US", or a rule id) with what a remote advert must carry; and the options of `pay_offer`."""
    import datetime as dt

    from .pay.explorer import explorer_view

    return explorer_view(region, level, dt.date.today(), jurisdiction)


def pay_offer(low: int | str | None, high: int | str | None, evidence: str) -> dict[str, Any]:
    """Where in the band [low, high] to make an offer, given what the interviews showed
    ("growing", "solid" or "strong"); our advice, explained in evaluator.pay.offer."""
    from .pay.offer import suggest_offer

    return suggest_offer(low, high, evidence)


# --- hiring: one generalist or a team --------------------------------------------------------


def team_options() -> dict[str, Any]:
    """The team helper's questions, choices and thresholds (docs/data/team.toml)."""
    from .team.criteria import default_criteria
    from .team.recommend import criteria_options

    return criteria_options(default_criteria())


def team_recommend(answers: dict[str, Any]) -> dict[str, Any]:
    """A recommendation (one generalist, a close call, or a team) from the answers to the team
    helper's questions (question id -> number or option id; leave out what you are not sure of),
    with the reasons that drove it and, for a team, the typical first split."""
    from .team.criteria import default_criteria
    from .team.recommend import recommend_team

    return recommend_team(answers, default_criteria())


# --- interview -------------------------------------------------------------------------------

VARIANT_STAGES = ("stage-2", "stage-3")


def interview_variant(stage: str, seed: int | str, progress: Progress | None = None, practice: bool = False,
                      pack: bytes | str | None = None, pack_name: str | None = None) -> dict[str, Any]:
    """A private variant of an interview exercise for one candidate: their ZIP and the interviewers' key.

    ``stage`` is "stage-2" (production debugging: a churn model's scoring log with planted causes)
    or "stage-3" (code review: a pipeline with planted faults); ``seed`` is a whole number from
    2**48 to 2**53 - 1, or the same as text (digits may be grouped with spaces); a smaller seed
    (which a candidate could find by search) only with ``practice``, and its key says so. ``pack``
    is a private pack's file (a TOML menu in the format of the stage's public menu; see
    evaluator/interview/packs.py) and ``pack_name`` its file name; the key records its name and
    hash. The same stage, seed and pack always give the same bytes, natively and in the browser.

    Returns ``stage``, ``seed``, ``practice``, ``pack`` (None, or its ``name`` and ``sha256``),
    ``zip`` (bytes: the candidate's files and brief), ``zip_name``, ``zip_sha256``, ``files``
    (name, size and SHA-256 of each file in the ZIP), ``key`` (the answer key, Markdown text;
    private), ``key_name`` and ``summary`` (a few figures that give nothing away: for stage 2 the
    accuracy before and after, for both the number planted).
    """
    from .interview.packs import load_pack
    from .interview.seeds import parse_seed
    from .interview.variants import candidate_pack

    if stage not in VARIANT_STAGES:
        raise InputError(f"stage must be one of {', '.join(VARIANT_STAGES)}, got {stage!r}")
    if not isinstance(practice, bool):
        raise InputError(f"practice must be true or false, got {type(practice).__name__}")
    if pack is not None and not isinstance(pack, (bytes, bytearray, str)):
        raise InputError(f"pack must be the file's bytes, got {type(pack).__name__}")
    if pack_name is not None and not isinstance(pack_name, str):
        raise InputError(f"pack_name must be text, got {type(pack_name).__name__}")
    number = parse_seed(seed, practice=practice)
    loaded = load_pack(stage, pack, pack_name) if pack is not None else None
    return candidate_pack(stage, number, progress=progress, pack=loaded)


# --- self-assessment -------------------------------------------------------------------------
# Pure Python: the page that calls these loads no numpy. The bank's computed keys come with the
# wheel (computed by the drift engine when the site is built).


def assessment_bank(seed: int | None = None) -> dict[str, Any]:
    """The self-assessment's questions as the page asks them, with this attempt's option order.

    ``seed`` (a whole number from 0 to 2**32 - 1) fixes the order of the options; without it a new
    seed is drawn, and returned, so saving it with the answers reproduces the order. The result has
    ``version`` and ``hash`` (which questions these are), ``seed``, ``scale`` (the 0-4 scope
    steps), ``areas`` (each with its ``questions``), ``rules`` (every scoring rule in plain words)
    and ``state`` (what the page saves around the answers). It holds no keys, credits or flags;
    questions and options are named by opaque tokens of this seed, which the other assessment
    functions take and give back.
    """
    from .assessment.load import load_bank
    from .assessment.questionnaire import for_page

    return for_page(load_bank(), seed, public=True)


def assessment_restore(saved: str | bytes | dict[str, Any], source: str = "saved") -> dict[str, Any]:
    """Read saved answers (``source`` "saved", from the browser's storage) or an export (``"file"``).

    Damaged, hand-edited or partly valid input keeps every usable answer; answers given to another
    version of the questions are refused. Returns ``{"answers", "seed", "problems", "refused",
    "recovered"}``, where ``problems`` holds one plain sentence per thing dropped or refused.
    """
    from .assessment.restore import restore
    from .assessment.load import load_bank

    if source not in ("saved", "file"):
        raise InputError(f"source must be 'saved' or 'file', got {source!r}")
    return restore(load_bank(), saved, source, public=True)


def assessment_score(answers: dict[str, Any], seed: int, bank_version: str | None = None, bank_hash: str | None = None) -> dict[str, Any]:
    """Score a candidate's answers: per-area scores, floor and mean, level estimate, lean, flags, gaps, probes.

    ``answers`` maps question ids to option ids (scope ratings are "0" to "4") or, for evidence
    prompts, to text. ``bank_version`` and ``bank_hash``, when given, must be the bank's own:
    answers to other questions are refused rather than scored. See docs/tools/self-assessment.md
    for every rule; the result's ``rules`` states them in words.
    """
    from .assessment.answers import check_bank_identity, check_seed
    from .assessment.load import load_bank
    from .assessment.result import score
    from .assessment.tokens import codec

    bank = load_bank()
    check_bank_identity(bank, bank_version, bank_hash)
    names = codec(bank, check_seed(seed))
    return names.encode_result(score(bank, names.decode_answers(answers), seed, names=names))


def assessment_export(answers: dict[str, Any], seed: int, site_url: str = "") -> dict[str, str]:
    """The result as files: ``json`` (answers and result, which this page can load and re-score),
    ``markdown`` (to read; links are absolute when ``site_url`` is the site's address) and
    ``filename`` (a name stem with the bank's version and content hash)."""
    from .assessment.export import export
    from .assessment.load import load_bank

    return export(load_bank(), answers, seed, site_url, public=True)
