"""The drift report over two tables: column types, counts, every metric, verdicts, dataset summary.

Policy for missing and non-finite values: they are counted per column and file, and left out of
every metric (each metric compares the distributions of the values that are there). A change in
the share of missing values of more than 5 percentage points is reported as a note on the column.

Column types, decided over both files:

- numeric: every non-missing cell in both files is a number;
- boolean: text whose values are all true/false, yes/no, t/f or y/n (any case);
- categorical: other text with few enough distinct values;
- skipped, with the reason: identifiers (a name such as ``id`` or ``user_id`` with every value
  distinct, or text / whole numbers that are all distinct, or a row counter 1, 2, 3, ...), free
  text (long strings), high-cardinality text, columns in only one file, columns numeric in one
  file and text in the other, and columns with no usable values in either file.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import numpy as np

from .. import __version__
from ..errors import InputError
from ..tables import Column, Table, read_csv
from . import engine
from .config import LABELS, SCHEMA, SOURCES, Options

Progress = Callable[[str, int, int], Any]

_ID_NAME = re.compile(r"(^|[_\-\s.])(id|uuid|guid|key)$|^(id|uuid|guid)([_\-\s.]|$)|[a-z]Id$", re.IGNORECASE)
_BOOLEAN = {"true": "true", "false": "false", "yes": "true", "no": "false", "t": "true", "f": "false", "y": "true", "n": "false"}
MAX_CATEGORIES = 100
FREE_TEXT_MEAN_LENGTH = 40
MISSING_SHARE_NOTE = 0.05


def _skip(name: str, reason: str, kind: str) -> dict[str, Any]:
    return {"name": name, "reason": reason, "kind": kind}


def _counts(col: Column, used: int) -> dict[str, int]:
    return {"rows": len(col), "missing": col.missing, "non_finite": col.non_finite, "used": used}


def _is_identifier_numeric(name: str, values: np.ndarray) -> bool:
    if values.size < 2 or not np.all(np.floor(values) == values):
        return False
    s = np.sort(values)
    all_distinct = bool(np.all(s[1:] != s[:-1]))
    if not all_distinct:
        return False
    if _ID_NAME.search(name):
        return True
    # a row counter: 0, 1, 2, ... or 1, 2, 3, ... in file order
    return bool(values.size >= 10 and np.all(np.diff(values) == 1))


def _text_values(col: Column) -> list[str]:
    return [v for v in col.text or [] if v is not None]


def _classify_text(name: str, ref: list[str], cur: list[str]) -> tuple[str, str | None]:
    """'boolean', 'categorical' or ('skip', reason)."""
    values = set(ref) | set(cur)
    if values and all(v.lower() in _BOOLEAN for v in values):
        return "boolean", None
    distinct_ref = len(set(ref))
    mean_len = sum(len(v) for v in ref) / len(ref)
    if mean_len > FREE_TEXT_MEAN_LENGTH and distinct_ref > 0.5 * len(ref):
        return "skip", f"free text (values average {mean_len:.0f} characters and are mostly distinct)"
    if len(ref) >= 10 and distinct_ref == len(ref):
        return "skip", f"identifier (all {len(ref)} reference values are distinct)"
    if _ID_NAME.search(name) and distinct_ref >= 0.9 * len(ref):
        return "skip", "identifier (an id-like name and almost every value distinct)"
    if len(values) > MAX_CATEGORIES:
        return "skip", f"high-cardinality text ({len(values)} distinct values; at most {MAX_CATEGORIES} are compared as categories)"
    return "categorical", None


def analyse_column(name: str, rcol: Column, ccol: Column, options: Options, ref_name: str, cur_name: str) -> dict[str, Any]:
    """One column's entry, or a skip entry (``{"skip": {...}}``)."""
    if rcol.kind == "numeric" and ccol.kind == "numeric":
        r_all, c_all = rcol.numeric, ccol.numeric
        r = r_all[np.isfinite(r_all)]
        c = c_all[np.isfinite(c_all)]
        for values, fname in ((r, ref_name), (c, cur_name)):
            if values.size == 0:
                return {"skip": _skip(name, f"no usable values in {fname} (all missing or non-finite)", "empty")}
        if _is_identifier_numeric(name, r):
            return {"skip": _skip(name, "identifier (whole numbers, all distinct, with an id-like name or counting up by one)", "identifier")}
        result = engine.numeric_column(r, c, options)
        ctype = "numeric"
        counts = {"reference": _counts(rcol, int(r.size)), "current": _counts(ccol, int(c.size))}
    elif rcol.kind != ccol.kind:
        text_col, text_file = (rcol, ref_name) if rcol.kind == "text" else (ccol, cur_name)
        num_file = cur_name if text_file == ref_name else ref_name
        where = ""
        if text_col.first_non_number:
            line, token = text_col.first_non_number
            where = f" (line {line}: {token!r})"
        return {"skip": _skip(name, f"numeric in {num_file} but text in {text_file}{where}; fix the values or the export, then compare again", "type-mismatch")}
    else:
        r_text, c_text = _text_values(rcol), _text_values(ccol)
        for values, fname in ((r_text, ref_name), (c_text, cur_name)):
            if not values:
                return {"skip": _skip(name, f"no usable values in {fname} (all missing)", "empty")}
        ctype, reason = _classify_text(name, r_text, c_text)
        if ctype == "skip":
            kind = "identifier" if reason and reason.startswith("identifier") else "text"
            return {"skip": _skip(name, reason or "", kind)}
        if ctype == "boolean":
            r_text = [_BOOLEAN[v.lower()] for v in r_text]
            c_text = [_BOOLEAN[v.lower()] for v in c_text]
        result = engine.categorical_column(r_text, c_text, options)
        counts = {"reference": _counts(rcol, len(r_text)), "current": _counts(ccol, len(c_text))}
    notes = []
    r_miss = counts["reference"]["missing"] / max(counts["reference"]["rows"], 1)
    c_miss = counts["current"]["missing"] / max(counts["current"]["rows"], 1)
    if abs(c_miss - r_miss) > MISSING_SHARE_NOTE:
        notes.append(f"missing values changed from {r_miss:.1%} to {c_miss:.1%} of rows (not part of the drift metrics)")
    for which, fname in (("reference", ref_name), ("current", cur_name)):
        nf = counts[which]["non_finite"]
        if nf:
            notes.append(f"{nf} non-finite value(s) (infinity) in {fname} left out of the metrics")
    hist = result["histogram"]
    if hist["kind"] == "categories" and hist.get("unseen_in_reference"):
        unseen = hist["unseen_in_reference"]
        notes.append(f"{len(unseen)} value(s) in {cur_name} never seen in {ref_name}: {', '.join(unseen[:5])}{' ...' if len(unseen) > 5 else ''}")
    return {
        "name": name,
        "type": ctype,
        "distinct_values": result["distinct_values"],
        "counts": counts,
        "headline": result["headline"],
        "metrics": result["metrics"],
        "histogram": hist,
        "notes": notes,
    }


def compare_files(
    reference: bytes,
    current: bytes,
    options: Options,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The drift report of two CSV files given as bytes (read by `evaluator.tables.read_csv`)."""
    ref = read_csv(reference, reference_name, progress=progress)
    cur = read_csv(current, current_name, progress=progress)
    return build_report(ref, cur, options, progress=progress)


def build_report(reference: Table, current: Table, options: Options, progress: Progress | None = None) -> dict[str, Any]:
    ref_name, cur_name = reference.name, current.name
    ref_cols, cur_cols = reference.columns, current.columns
    shared = [n for n in ref_cols if n in cur_cols]
    if not shared:
        raise InputError(
            f"{ref_name} and {cur_name} share no column names "
            f"({ref_name}: {', '.join(list(ref_cols)[:6])}; {cur_name}: {', '.join(list(cur_cols)[:6])}); "
            "the two files must describe the same columns"
        )
    skipped: list[dict[str, Any]] = []
    if options.columns is not None:
        unknown = [c for c in options.columns if c not in ref_cols and c not in cur_cols]
        if unknown:
            raise InputError(f"column(s) not found in either file: {', '.join(map(repr, unknown))}; shared columns: {', '.join(shared)}")
        one_sided = [c for c in options.columns if c not in shared]
        if one_sided:
            where = [f"{c!r} is only in {ref_name if c in ref_cols else cur_name}" for c in one_sided]
            raise InputError("requested column(s) not in both files: " + "; ".join(where))
        wanted = list(dict.fromkeys(options.columns))
    else:
        wanted = shared
        skipped += [_skip(n, f"only in {ref_name}", "schema") for n in ref_cols if n not in cur_cols]
        skipped += [_skip(n, f"only in {cur_name}", "schema") for n in cur_cols if n not in ref_cols]
    columns = []
    for i, name in enumerate(wanted):
        if progress is not None:
            progress("comparing columns", i, len(wanted))
        entry = analyse_column(name, ref_cols[name], cur_cols[name], options, ref_name, cur_name)
        if "skip" in entry:
            if options.columns is not None and entry["skip"]["kind"] in ("empty", "type-mismatch"):
                raise InputError(f"column {name!r}: {entry['skip']['reason']}")
            skipped.append(entry["skip"])
        else:
            columns.append(entry)
    if progress is not None:
        progress("comparing columns", len(wanted), len(wanted))
    if not columns:
        reasons = "; ".join(f"{s['name']}: {s['reason']}" for s in skipped[:8])
        raise InputError(f"no column can be compared ({reasons})")
    drifted = [c["name"] for c in columns if c["headline"]["drifted"]]
    share = len(drifted) / len(columns)
    dataset_drift = share >= options.drift_share
    schema_issues = [s for s in skipped if s["kind"] in ("schema", "type-mismatch")]
    verdict = (
        f"{'Dataset drift' if dataset_drift else 'No dataset drift'}: {len(drifted)} of {len(columns)} compared columns drifted "
        f"({share:.0%}; dataset drift is called at {options.drift_share:.0%} or more)."
    )
    if schema_issues:
        verdict += f" {len(schema_issues)} column(s) changed shape between the files (see skipped)."
    return {
        "schema": SCHEMA,
        "evaluator": __version__,
        "options": options.to_dict(),
        "inputs": {"reference": reference.describe(), "current": current.describe()},
        "summary": {
            "columns_compared": len(columns),
            "columns_drifted": len(drifted),
            "drifted_columns": drifted,
            "drifted_share": share,
            "drift_share_threshold": options.drift_share,
            "dataset_drift": dataset_drift,
            "columns_skipped": len(skipped),
            "verdict": verdict,
        },
        "columns": columns,
        "skipped": skipped,
        "conventions": {
            "missing": "missing and non-finite values are counted and left out of every metric",
            "kl_direction": "KL(reference || current)",
            "log": "natural log (nats)" if options.log_base is None else "log base 2 (bits)",
            "js": "value is the Jensen-Shannon distance (square root of the divergence); the divergence is given alongside",
            "binning": _binning_words(options),
            "threshold_sources": dict(SOURCES),
            "labels": dict(LABELS),
        },
    }


def _binning_words(options: Options) -> str:
    if options.preset == "evidently":
        return "Evidently's: Sturges equal-width bins over both samples for numeric columns with more than 20 distinct reference values, one bin per value otherwise"
    if options.method == "quantile":
        return f"{options.bins} quantile bins of the reference, open outer bins, tied edges merged, bins [a, b)"
    if options.method == "equal-width":
        return f"{options.bins} equal-width bins over the reference range, open outer bins, bins [a, b)"
    return f"given edges {options.edges}, open outer bins, bins [a, b)"
