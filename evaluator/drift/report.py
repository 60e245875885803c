"""The drift report over two tables: column types, counts, every metric, verdicts, dataset summary.

Each compared column also gets a severity level, and the report a gate that says whether it
fails a CI check (`severity`); with a date column (``options.by``), each period of the current
file is compared with the reference too (`over_time`).

Policy for missing and non-finite values: they are counted per column and file, and left out of
every metric (each metric compares the distributions of the values that are there). A change in
the share of missing values of more than 5 percentage points is reported as a note on the column.

Column types, decided over both files:

- numeric: every non-missing cell in both files is a number;
- boolean: text whose values are all true/false, yes/no, t/f or y/n (any case);
- categorical: other text with few enough distinct values;
- skipped, with the reason: date columns (every value an ISO date: they move with time), identifiers (a name such as ``id`` or ``user_id`` with every value
  distinct, or text / whole numbers that are all distinct, or a row counter 1, 2, 3, ...), free
  text (long strings), high-cardinality text, columns in only one file, columns numeric in one
  file and text in the other, and columns with no usable values in either file.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Callable, Iterator

import numpy as np

from .. import __version__
from ..errors import InputError
from ..tables import Column, Table, read_csv, types
from . import engine, over_time
from .config import LABELS, SCHEMA, SEVERITY_LEVELS, SOURCES, Options
from .severity import column_severity, describe_rule, gate, skip_severity

Progress = Callable[[str, int, int], Any]
# A numeric column compared from counts: {"result": the engine's result, "counts": the report's
# counts}, {"identifier": True}, or None (compare the column's values).
Counted = Callable[[str], "dict[str, Any] | None"]

_ID_NAME = re.compile(r"(^|[_\-\s.])(id|uuid|guid|key)$|^(id|uuid|guid)([_\-\s.]|$)|[a-z]Id$", re.IGNORECASE)
_BOOLEAN = {"true": "true", "false": "false", "yes": "true", "no": "false", "t": "true", "f": "false", "y": "true", "n": "false"}
MAX_CATEGORIES = 100
FREE_TEXT_MEAN_LENGTH = 40
MISSING_SHARE_NOTE = 0.05


def _skip(name: str, reason: str, kind: str, *, broken: bool = False) -> dict[str, Any]:
    """A skipped column; ``broken`` when the current file lost it (gone, type changed, emptied)."""
    return {"name": name, "reason": reason, "kind": kind, "severity": skip_severity(reason, broken=broken)}


def _counts(col: Column, used: int) -> dict[str, int]:
    if used == len(col):  # every value finite: nothing missing (saves two passes over a large column)
        return {"rows": used, "missing": 0, "non_finite": 0, "used": used}
    return {"rows": len(col), "missing": col.missing, "non_finite": col.non_finite, "used": used}


def _is_identifier_numeric(name: str, values: np.ndarray) -> bool:
    if values.size < 2 or not _all_whole(values):
        return False
    if float(values.max()) - float(values.min()) + 1 < values.size:
        return False  # fewer whole numbers in the range than values: some repeat (no sort needed)
    s = np.sort(values)
    all_distinct = bool(np.all(s[1:] != s[:-1]))
    return identifier_rule(name, all_distinct, lambda: bool(values.size >= 10 and np.all(np.diff(values) == 1)))


def identifier_rule(name: str, all_distinct: bool, counts_up: Callable[[], bool]) -> bool:
    """Whether a column of whole numbers is an identifier: all distinct, and an id-like name or a
    row counter (0, 1, 2, ... or 1, 2, 3, ... in file order: ``counts_up``)."""
    if not all_distinct:
        return False
    return bool(_ID_NAME.search(name)) or counts_up()


NUMERIC_IDENTIFIER = "identifier (whole numbers, all distinct, with an id-like name or counting up by one)"


def _all_whole(values: np.ndarray, block: int = 1 << 16) -> bool:
    """Whether every value is a whole number, block by block: a column of fractions is told by its
    first block, and no full-size copy is made."""
    for start in range(0, values.size, block):
        part = values[start : start + block]
        if not np.all(np.floor(part) == part):
            return False
    return True


def _text_values(col: Column) -> list[str]:
    return [v for v in col.text or [] if v is not None]


def _value_counts(col: Column) -> Counter:
    """How often each value occurs in a text column: from its values, or from the column's own
    counts where it keeps them (``value_counts``, a profile's exact-mode column)."""
    counted = getattr(col, "value_counts", None)
    return counted() if counted is not None else Counter(_text_values(col))


def classify_text_counts(name: str, ref: Counter, cur: Counter) -> tuple[str, str | None]:
    """'boolean', 'categorical' or ('skip', reason), from each file's count of every value (the
    one rule for text columns; the calibration script reads it from drawn counts)."""
    values = set(ref) | set(cur)
    if values and all(v.lower() in _BOOLEAN for v in values):
        return "boolean", None
    n_ref = sum(ref.values())
    distinct_ref = len(ref)
    if distinct_ref > 0.5 * n_ref:  # the mean length only matters then (it reads every value)
        mean_len = sum(len(v) * c for v, c in ref.items()) / n_ref
        if mean_len > FREE_TEXT_MEAN_LENGTH:
            return "skip", f"free text (values average {mean_len:.0f} characters and are mostly distinct)"
    if n_ref >= 10 and distinct_ref == n_ref:
        return "skip", f"identifier (all {n_ref} reference values are distinct)"
    if _ID_NAME.search(name) and distinct_ref >= 0.9 * n_ref:
        return "skip", "identifier (an id-like name and almost every value distinct)"
    if len(values) > MAX_CATEGORIES:
        return "skip", f"high-cardinality text ({len(values)} distinct values; at most {MAX_CATEGORIES} are compared as categories)"
    return "categorical", None


def boolean_counts(counts: Counter) -> Counter:
    """Counts of yes/no, t/f, ... as true/false."""
    out: Counter = Counter()
    for value, count in counts.items():
        out[_BOOLEAN[value.lower()]] += count
    return out


_KIND_WORDS = {"numeric": "numeric", "text": "text", "date": "dates"}


def _mismatch(rcol: Column, ccol: Column, ref_name: str, cur_name: str) -> str:
    """Why a column whose type differs between the files is not compared, with the first cell that
    made the difference where the reader kept it."""
    rank = {"numeric": 0, "date": 1, "text": 2}
    # the file whose column is the more general type holds the cell that broke the narrower rule
    wider, wider_file = (rcol, ref_name) if rank[rcol.kind] > rank[ccol.kind] else (ccol, cur_name)
    narrower, narrower_file = (ccol, cur_name) if wider is rcol else (rcol, ref_name)
    where = ""
    if narrower.kind == "numeric" and wider.first_non_number:
        line, token = wider.first_non_number
        where = f" (line {line}: {token!r})"
    elif narrower.kind == "date":
        bad = next((v for v in wider.text or [] if v is not None and not types.is_date(v)), None)
        if bad is not None:
            where = f" (first value that is not a date: {bad!r})"
    return (f"{_KIND_WORDS[narrower.kind]} in {narrower_file} but {_KIND_WORDS[wider.kind]} in {wider_file}{where}; "
            "fix the values or the export, then compare again")


def analyse_column(name: str, rcol: Column, ccol: Column, options: Options, ref_name: str, cur_name: str,
                   owned: bool = False, counted: Counted | None = None) -> dict[str, Any]:
    """One column's entry, or a skip entry (``{"skip": {...}}``). ``owned``: the columns are the
    report's to change (read for it alone), so a numeric column may be sorted in place.
    ``counted``: compares a numeric column from counts (a profile's) instead of its values, when
    it can (see `build_report`)."""
    compared = counted(name) if counted is not None and rcol.kind == "numeric" and ccol.kind == "numeric" else None
    if compared is not None and compared.get("identifier"):
        return {"skip": _skip(name, NUMERIC_IDENTIFIER, "identifier")}
    if compared is not None:
        result, counts, ctype = compared["result"], compared["counts"], "numeric"
    elif rcol.kind == "numeric" and ccol.kind == "numeric":
        r_all, c_all = rcol.numeric, ccol.numeric
        r_ok, c_ok = np.isfinite(r_all), np.isfinite(c_all)
        r = r_all if r_ok.all() else r_all[r_ok]
        c = c_all if c_ok.all() else c_all[c_ok]
        # the report may sort only arrays of its own (the masked copies, or columns read for it alone),
        # never a caller's table
        own = owned or (r is not r_all and c is not c_all)
        del r_ok, c_ok
        for values, fname in ((r, ref_name), (c, cur_name)):
            if values.size == 0:
                broken = fname == cur_name and r.size > 0
                return {"skip": _skip(name, f"no usable values in {fname} (all missing or non-finite)", "empty", broken=broken)}
        if _is_identifier_numeric(name, r):
            return {"skip": _skip(name, NUMERIC_IDENTIFIER, "identifier")}
        # Without a date split nothing reads this column in file order again: it may be sorted in
        # place, which saves a copy of both columns on large files.
        try:
            result = engine.numeric_column(r, c, options, sort_in_place=own and options.by is None)
        except (OverflowError, FloatingPointError, ValueError) as exc:
            return {"skip": _skip(name, f"values the metrics cannot handle ({exc}); the column is not compared", "values")}
        ctype = "numeric"
        counts = {"reference": _counts(rcol, int(r.size)), "current": _counts(ccol, int(c.size))}
    elif rcol.kind != ccol.kind:
        return {"skip": _skip(name, _mismatch(rcol, ccol, ref_name, cur_name), "type-mismatch", broken=True)}
    elif rcol.kind == "date":
        return {"skip": _skip(name, "dates (a date column moves with time, so it is not compared; give it as the date "
                                    "column, by, to compare each period)", "date")}
    else:
        rc, cc = _value_counts(rcol), _value_counts(ccol)
        for values, fname in ((rc, ref_name), (cc, cur_name)):
            if not values:
                broken = fname == cur_name and bool(rc)
                return {"skip": _skip(name, f"no usable values in {fname} (all missing)", "empty", broken=broken)}
        ctype, reason = classify_text_counts(name, rc, cc)
        if ctype == "skip":
            kind = "identifier" if reason and reason.startswith("identifier") else "text"
            return {"skip": _skip(name, reason or "", kind)}
        r_text: list[str] = []
        c_text: list[str] = []
        if options.preset == "evidently" and options.wants("tvd"):  # Evidently's TVD permutes the values in file order
            r_text, c_text = _text_values(rcol), _text_values(ccol)
        if ctype == "boolean":
            rc, cc = boolean_counts(rc), boolean_counts(cc)
            r_text = [_BOOLEAN[v.lower()] for v in r_text]
            c_text = [_BOOLEAN[v.lower()] for v in c_text]
        result = engine.categorical_column(r_text, c_text, options, counts=(rc, cc))
        counts = {"reference": _counts(rcol, sum(rc.values())), "current": _counts(ccol, sum(cc.values()))}
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
    entry = {
        "name": name,
        "type": ctype,
        "distinct_values": result["distinct_values"],
        "counts": counts,
        "headline": result["headline"],
        "metrics": result["metrics"],
        "histogram": hist,
        "notes": notes,
    }
    if "range" in result:
        entry["range"] = result["range"]
    if "not_applicable" in result:
        entry["not_applicable"] = result["not_applicable"]
    entry["severity"] = column_severity(entry)
    return entry


def _rows_comparer(entry: dict[str, Any], rcol: Column, ccol: Column) -> over_time.CompareRows:
    """Compares the column's reference with some rows of the current file (for drift over time)."""
    if entry["type"] == "numeric":
        r_all = rcol.numeric
        r = r_all[np.isfinite(r_all)]
        sorted_ref = np.sort(r)
        c_all = ccol.numeric

        def compare(rows: np.ndarray, options: Options) -> dict[str, Any] | None:
            cells = c_all[rows]
            c = cells[np.isfinite(cells)]
            if c.size < over_time.MIN_VALUES:
                return None
            result = engine.numeric_column(r, c, options, sorted_ref=sorted_ref, only={"ks", options.headline or options.show})
            missing = int(np.count_nonzero(np.isnan(cells)))
            return _period_result(entry, result, rows=int(cells.size), missing=missing, used=int(c.size))

        return compare
    boolean = entry["type"] == "boolean"
    r_text = _text_values(rcol)
    if boolean:
        r_text = [_BOOLEAN[v.lower()] for v in r_text]
    c_cells = np.array(ccol.text or [], dtype=object)

    def compare_text(rows: np.ndarray, options: Options) -> dict[str, Any] | None:
        cells = c_cells[rows].tolist()
        c = [v for v in cells if v is not None]
        if boolean:
            c = [_BOOLEAN[v.lower()] for v in c]
        if len(c) < over_time.MIN_VALUES:
            return None
        result = engine.categorical_column(r_text, c, options)
        return _period_result(entry, result, rows=len(cells), missing=len(cells) - len(c), used=len(c))

    return compare_text


def _period_result(entry: dict[str, Any], result: dict[str, Any], *, rows: int, missing: int, used: int) -> dict[str, Any]:
    """A period's headline and severity level (its measures read as a whole column's would)."""
    counts = {"reference": entry["counts"]["reference"], "current": {"rows": rows, "missing": missing, "non_finite": 0, "used": used}}
    as_column = {**result, "counts": counts}
    return {"used": used, "headline": result["headline"], "severity": column_severity(as_column)["level"]}


def compare_files(
    reference: bytes,
    current: bytes,
    options: Options,
    reference_name: str = "reference.csv",
    current_name: str = "current.csv",
    progress: Progress | None = None,
    read_in_parallel: bool = False,
) -> dict[str, Any]:
    """The drift report of two CSV files given as bytes (read by `evaluator.tables.read_csv`);
    with ``read_in_parallel`` (the command line), two files on disk are read natively through
    Apache Arrow, each column when the report reaches it (`evaluator.tables.arrow_reader`)."""
    if read_in_parallel and options.by is None and _on_disk(reference, current):
        # two files on disk, natively: each column read when the report reaches it (the tables are
        # read for this report alone, so their columns may be sorted in place); one column computed
        # at a time, since a second (threads) adds its working memory to the group of columns held
        from ..tables.arrow_reader import open_tables

        ref, cur = open_tables(reference.name, current.name, reference_name, current_name, ("csv", "csv"),
                               order=options.columns, progress=progress)
        return build_report(ref, cur, options, progress=progress, owned=True, workers=1)
    if read_in_parallel:
        from ..tables.arrow_reader import read_pair

        ref, cur = read_pair(reference, current, reference_name, current_name, progress=progress)
    else:
        ref = read_csv(reference, reference_name, progress=progress)
        cur = read_csv(current, current_name, progress=progress)
    return build_report(ref, cur, options, progress=progress)


def _column_entries(wanted: list[str], reference: Table, current: Table, options: Options, progress: Progress | None,
                    owned: bool, workers: int, counted: Counted | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each wanted column's entry, in order; with ``workers`` above 1, that many columns at a time
    in threads (numpy sorts and counts outside the GIL). Each column is computed alone, so the
    entries are the same either way."""
    ref_cols, cur_cols = reference.columns, current.columns

    def entry(name: str) -> dict[str, Any]:
        return analyse_column(name, ref_cols[name], cur_cols[name], options, reference.name, current.name, owned=owned,
                              counted=counted)

    if workers <= 1 or len(wanted) < 2:
        for i, name in enumerate(wanted):
            if progress is not None:
                progress("comparing columns", i, len(wanted))
            yield name, entry(name)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="column") as pool:
        futures = [pool.submit(entry, name) for name in wanted]
        try:
            for i, (name, future) in enumerate(zip(wanted, futures)):
                if progress is not None:
                    progress("comparing columns", i, len(wanted))
                yield name, future.result()
        finally:
            for future in futures:
                future.cancel()


def _on_disk(*files: Any) -> bool:
    """Whether the inputs are open files on disk and pyarrow is there to read them column-wise."""
    import importlib.util
    import os
    import sys

    if sys.platform == "emscripten" or importlib.util.find_spec("pyarrow") is None:
        return False
    return all(isinstance(getattr(f, "name", None), str) and os.path.isfile(f.name) for f in files)


def build_report(reference: Table, current: Table, options: Options, progress: Progress | None = None, *,
                 owned: bool = False, workers: int = 1, counted: Counted | None = None) -> dict[str, Any]:
    """The report of two tables. ``owned``: the tables were read for this report alone, so it may
    sort their columns in place; ``workers``: columns computed at a time (threads; the command line
    uses two, the browser one); ``counted``: gives a numeric column's result from counts where it
    can (two profiles' buckets, `profiles.compare`), the other columns are compared by value."""
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
    if options.by is not None and options.by not in cur_cols:
        raise InputError(f"by: column {options.by!r} is not in {cur_name} (its columns: {', '.join(list(cur_cols)[:8])})")
    if options.by is not None:
        over_time.check_date_column(cur_cols[options.by], cur_name)
    if options.columns is not None:
        unknown = [c for c in options.columns if c not in ref_cols and c not in cur_cols]
        if unknown:
            raise InputError(f"column(s) not found in either file: {', '.join(map(repr, unknown))}; shared columns: {', '.join(shared)}")
        one_sided = [c for c in options.columns if c not in shared]
        if one_sided:
            where = [f"{c!r} is only in {ref_name if c in ref_cols else cur_name}" for c in one_sided]
            raise InputError("requested column(s) not in both files: " + "; ".join(where))
        wanted = [c for c in dict.fromkeys(options.columns) if c != options.by]
    else:
        wanted = [n for n in shared if n != options.by]
        skipped += [_skip(n, f"only in {ref_name}", "schema", broken=True)
                    for n in ref_cols if n not in cur_cols and n != options.by]
        skipped += [_skip(n, f"only in {cur_name}", "schema") for n in cur_cols if n not in ref_cols and n != options.by]
    if options.by is not None:
        skipped.append(_skip(options.by, f"the date column that splits {cur_name} into periods (by)", "by"))
    columns = []
    comparers: dict[str, over_time.CompareRows] = {}
    if options.by is not None:
        owned, workers = False, 1  # drift over time reads the columns again, in file order
    for name, entry in _column_entries(wanted, reference, current, options, progress, owned, workers, counted):
        if "skip" in entry:
            if options.columns is not None and entry["skip"]["kind"] in ("empty", "type-mismatch"):
                raise InputError(f"column {name!r}: {entry['skip']['reason']}")
            skipped.append(entry["skip"])
        else:
            columns.append(entry)
            if options.by is not None:
                comparers[name] = _rows_comparer(entry, ref_cols[name], cur_cols[name])
    if progress is not None:
        progress("comparing columns", len(wanted), len(wanted))
    if not columns:
        reasons = "; ".join(f"{s['name']}: {s['reason']}" for s in skipped[:8])
        raise InputError(f"no column can be compared ({reasons})")
    drifted = [c["name"] for c in columns if c["headline"]["drifted"]]
    share = len(drifted) / len(columns)
    dataset_drift = share >= options.drift_share
    schema_issues = [s for s in skipped if s["kind"] in ("schema", "type-mismatch")]
    dataset_words = (
        f"{'Dataset drift' if dataset_drift else 'No dataset drift'}: {len(drifted)} of {len(columns)} compared columns drifted "
        f"({share:.0%}; dataset drift is called at {options.drift_share:.0%} or more)."
    )
    verdict = dataset_words
    if schema_issues:
        verdict += f" {len(schema_issues)} column(s) changed shape between the files (see skipped)."
    the_gate = gate(columns, skipped, dataset_drift, dataset_words.rstrip("."), options)
    severity_counts = {level: sum(1 for c in columns if c["severity"]["level"] == level) for level in SEVERITY_LEVELS}
    worst = [c["name"] for c in columns if c["severity"]["level"] == "high"]
    if the_gate["failed"]:
        verdict += f" Gate failed ({describe_rule(options.fail_on)}): {len(the_gate['reasons'])} reason(s)"
        verdict += f", first: {the_gate['reasons'][0]}." if the_gate["reasons"] else "."
    else:
        verdict += f" Gate passed ({describe_rule(options.fail_on)})."
        if worst:
            verdict += f" Severity high: {', '.join(worst)}."
    return {
        "schema": SCHEMA,
        "evaluator": __version__,
        "options": options.to_dict(),
        "ignored_options": options.ignored(),
        "inputs": {"reference": reference.describe(), "current": current.describe()},
        "summary": {
            "columns_compared": len(columns),
            "columns_drifted": len(drifted),
            "drifted_columns": drifted,
            "drifted_share": share,
            "drift_share_threshold": options.drift_share,
            "dataset_drift": dataset_drift,
            "columns_skipped": len(skipped),
            "severity_counts": severity_counts,
            "gate": the_gate,
            "verdict": verdict,
        },
        "columns": columns,
        "skipped": skipped,
        "over_time": _over_time(current, columns, comparers, options, progress),
        "conventions": {
            "missing": "missing and non-finite values are counted and left out of every metric",
            "kl_direction": "KL(reference || current)",
            "log": "natural log (nats)" if options.log_base is None else "log base 2 (bits)",
            "js": "value is the Jensen-Shannon distance (square root of the divergence); the divergence is given alongside",
            "binning": _binning_words(options),
            "severity": "the highest level any measure reaches (see severity.bands); at least low when the headline test drifted",
            "gate": describe_rule(options.fail_on),
            "threshold_sources": dict(SOURCES),
            "labels": dict(LABELS),
        },
    }


def _over_time(current: Table, columns: list[dict[str, Any]], comparers: dict[str, over_time.CompareRows],
               options: Options, progress: Progress | None) -> dict[str, Any] | None:
    if options.by is None:
        return None
    periods, index, undated = over_time.split(current.columns[options.by], current.name, options.period, current.line_of_row)
    out: dict[str, Any] = {"by": options.by, "period": options.period, "periods": periods, "rows_without_date": undated, "columns": {}}
    for i, col in enumerate(columns):
        if progress is not None:
            progress("comparing periods", i, len(columns))
        out["columns"][col["name"]] = over_time.column_over_time(col["headline"], periods, index, options, comparers[col["name"]])
    if progress is not None:
        progress("comparing periods", len(columns), len(columns))
    return out


def _binning_words(options: Options) -> str:
    if options.preset == "evidently":
        return ("Evidently's: Sturges equal-width bins over both samples for numeric columns with more than 20 distinct "
                "reference values, one bin per value otherwise; Hellinger on Sturges bins over the distinct values")
    masses = "a value holding at least 1/bins of the reference keeps a bin of its own"
    if options.method == "quantile":
        return f"{options.bins} quantile bins of the reference, open outer bins, tied edges merged, {masses}, bins [a, b)"
    if options.method == "equal-width":
        return f"{options.bins} equal-width bins over the reference range, open outer bins, {masses}, bins [a, b)"
    return f"given edges {options.edges}, open outer bins, bins [a, b)"
