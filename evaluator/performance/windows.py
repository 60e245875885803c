"""Classification performance of a deployed model in two windows, overall and per segment.

Drift metrics compare inputs; this compares outcomes. It needs the model's prediction and the
true label for each row, so it can see what input metrics cannot: concept drift (same inputs, a
changed relation to the label) shows here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InputError
from ..tables import Column, Table, read_csv, value_label


def read_table(data: bytes | str, window: str) -> Table:
    """A window's CSV file, read by the evaluator's one CSV reader."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(f"{window} must be CSV bytes, got {type(data).__name__}")
    return read_csv(bytes(data), f"{window}.csv")


def _values(column: Column) -> list[str | None]:
    """A column's cells as text; numbers in their shortest form ("1", "0.5"), so 1 and 1.0 are one value."""
    if column.kind == "numeric":
        return [value_label(v) for v in column.numeric.tolist()]
    return list(column.text)


def _check_columns(table: Table, names: Sequence[str], window: str) -> None:
    """Every named column is in the table and has no empty cell: a row without a label or a
    prediction cannot be scored."""
    missing = [n for n in names if n not in table.columns]
    if missing:
        raise InputError(f"the {window} CSV has no column {missing[0]!r}; its columns are {', '.join(table.columns)}")
    for name in names:
        column = table.columns[name]
        gaps = int(np.count_nonzero(np.isnan(column.numeric))) if column.kind == "numeric" else sum(v is None for v in column.text)
        if gaps:
            raise InputError(f"the {window} CSV's column {name!r} has {gaps} empty cell(s); fill or drop those rows first")
    if table.n_rows == 0:
        raise InputError(f"the {window} CSV has a header but no data rows")


def read_columns(data: bytes | str, names: Sequence[str], window: str) -> dict[str, list[str]]:
    """The named columns of a CSV file as lists of strings, read by the evaluator's one CSV reader.

    Numbers come back in their shortest form ("1", "0.5"), so 1 and 1.0 fall in the same segment.
    A missing cell is an error here: a row without a label or a prediction cannot be scored.
    """
    table = read_table(data, window)
    _check_columns(table, names, window)
    return {name: _values(table.columns[name]) for name in names}


RATES = ("accuracy", "precision", "recall", "positive_rate", "predicted_positive_rate")


def classification_summary(label: np.ndarray, prediction: np.ndarray) -> dict[str, Any]:
    """Accuracy, precision, recall and the confusion counts of boolean predictions.

    accuracy = (TP + TN) / n; precision = TP / (TP + FP); recall = TP / (TP + FN). Precision or
    recall is None when its denominator is zero (no predicted or no actual positives), as
    scikit-learn's ``zero_division`` would otherwise have to guess.
    """
    label = np.asarray(label, dtype=bool)
    prediction = np.asarray(prediction, dtype=bool)
    if label.shape != prediction.shape:
        raise InputError(f"label and prediction differ in length ({label.size} and {prediction.size})")
    n = int(label.size)
    tp = int(np.sum(label & prediction))
    tn = int(np.sum(~label & ~prediction))
    fp = int(np.sum(~label & prediction))
    fn = int(np.sum(label & ~prediction))
    return {
        "n": n,
        "accuracy": (tp + tn) / n if n else None,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "positive_rate": (tp + fn) / n if n else None,
        "predicted_positive_rate": (tp + fp) / n if n else None,
        "confusion": {"tp": tp, "fp": fp, "tn": tn, "fn": fn},
    }


_KNOWN = ("0", "1", "true", "false", "yes", "no")  # what a label or prediction cell may hold, besides the positive value
_TRUE = ("1", "true", "yes")


def _as_bool(values: list[str], column: str, window: str, positive: str) -> np.ndarray:
    known = {positive.lower(), *_KNOWN}
    bad = next((v for v in values if v.lower() not in known), None)
    if bad is not None:
        raise InputError(
            f"{window} column {column!r} holds {bad!r}; use 0/1, true/false, yes/no or the positive value {positive!r}"
        )
    true = {positive.lower(), *_TRUE}
    return np.array([v.lower() in true for v in values])


def _column_as_bool(column: Column, window: str, positive: str) -> np.ndarray:
    """`_as_bool` of a column's cells. A numeric column is judged once per distinct value rather
    than cell by cell, with the same result and the same message (its first bad value in file order)."""
    if column.kind != "numeric":
        return _as_bool(list(column.text), column.name, window, positive)
    values = column.numeric
    distinct = np.unique(values).tolist()
    texts = [value_label(v).lower() for v in distinct]
    known, true = {positive.lower(), *_KNOWN}, {positive.lower(), *_TRUE}
    bad = [v for v, text in zip(distinct, texts) if text not in known]
    if bad:
        first = float(values[np.flatnonzero(np.isin(values, bad))[0]])
        _as_bool([value_label(first)], column.name, window, positive)  # raises, worded as for text
    return np.isin(values, [v for v, text in zip(distinct, texts) if text in true])


def compare_windows(
    reference: bytes | str,
    current: bytes | str,
    label: str,
    prediction: str,
    segment_by: Sequence[str] = (),
    positive: str = "1",
    min_segment_rows: int = 30,
) -> dict[str, Any]:
    """Performance in the reference and the current window, overall and per segment.

    Segments are the combinations of the values of the ``segment_by`` columns (for example
    region x contract type). A segment with fewer than ``min_segment_rows`` rows in either window
    is listed with its counts but without a change, since its accuracy would be mostly noise.
    """
    names = [label, prediction, *segment_by]
    if len(set(names)) != len(names):
        raise InputError("label, prediction and segment columns must all be different columns")
    return compare_tables(read_table(reference, "reference"), read_table(current, "current"), label, prediction,
                          segment_by, positive, min_segment_rows)


def compare_tables(
    reference: Table,
    current: Table,
    label: str,
    prediction: str,
    segment_by: Sequence[str] = (),
    positive: str = "1",
    min_segment_rows: int = 30,
) -> dict[str, Any]:
    """`compare_windows` of two tables already read (the drift lab reads its files once)."""
    names = [label, prediction, *segment_by]
    if len(set(names)) != len(names):
        raise InputError("label, prediction and segment columns must all be different columns")
    windows = {}
    for window, table in (("reference", reference), ("current", current)):
        _check_columns(table, names, window)
        segments = [_values(table.columns[c]) for c in segment_by]
        windows[window] = {
            "label": _column_as_bool(table.columns[label], window, positive),
            "prediction": _column_as_bool(table.columns[prediction], window, positive),
            "segment": [tuple(v) for v in zip(*segments)] if segment_by else None,
        }
    ref, cur = windows["reference"], windows["current"]
    overall = {w: classification_summary(windows[w]["label"], windows[w]["prediction"]) for w in windows}
    report: dict[str, Any] = {
        "version": 1,
        "label": label,
        "prediction": prediction,
        "positive": positive,
        "reference": overall["reference"],
        "current": overall["current"],
        "accuracy_change": overall["current"]["accuracy"] - overall["reference"]["accuracy"],
        # current minus reference for every rate (None where a rate is undefined in either window)
        "changes": {
            rate: None if overall["current"][rate] is None or overall["reference"][rate] is None
            else overall["current"][rate] - overall["reference"][rate]
            for rate in RATES
        },
        "segment_by": list(segment_by),
        "segments": [],
    }
    if segment_by:
        keys = sorted(set(ref["segment"]) | set(cur["segment"]))
        for key in keys:
            entry: dict[str, Any] = {"values": dict(zip(segment_by, key))}
            for window, rows in (("reference", ref), ("current", cur)):
                mask = np.array([s == key for s in rows["segment"]])
                entry[window] = classification_summary(rows["label"][mask], rows["prediction"][mask])
            small = min(entry["reference"]["n"], entry["current"]["n"]) < min_segment_rows
            entry["accuracy_change"] = None if small else entry["current"]["accuracy"] - entry["reference"]["accuracy"]
            report["segments"].append(entry)
    return report
