"""Performance next to input drift, in plain words: what a change in accuracy says about data drift
and concept drift (the drift lab shows this beside the drift table)."""

from __future__ import annotations

import math
from typing import Any

# A change in accuracy counts when it is larger than chance explains: a two-proportion z statistic
# of at least this size (the two-sided 5% level).
Z_CRITICAL = 1.959963984540054


def accuracy_change_z(reference: dict[str, Any], current: dict[str, Any]) -> float | None:
    """z statistic of the change in accuracy between two windows (unpooled standard error);
    None when it is undefined (an empty window, or accuracy of exactly 0 or 1 in both)."""
    p1, n1, p2, n2 = reference["accuracy"], reference["n"], current["accuracy"], current["n"]
    if p1 is None or p2 is None or not n1 or not n2:
        return None
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return (p2 - p1) / se if se > 0 else None


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def drift_and_performance(performance: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """``{"accuracy_z", "accuracy_fell", "note"}``: whether accuracy fell by more than chance
    explains, and a short note that reads it together with the drift ``report`` of the same files.

    ``performance`` is a performance comparison (`evaluator.performance.compare_windows`); the
    label and prediction columns themselves are left out of the drifted columns the note counts.
    """
    outcome = {performance["label"], performance["prediction"]}
    compared = sum(1 for c in report["columns"] if c["name"] not in outcome)
    drifted = [n for n in report["summary"]["drifted_columns"] if n not in outcome]
    ref, cur = performance["reference"], performance["current"]
    z = accuracy_change_z(ref, cur)
    moved = z is not None and abs(z) >= Z_CRITICAL
    fell = moved and z < 0
    points = 100 * (cur["accuracy"] - ref["accuracy"])
    change = f"from {_percent(ref['accuracy'])} to {_percent(cur['accuracy'])} ({points:+.1f} points)"
    columns = f"{len(drifted)} of {compared} other column{'s' if compared != 1 else ''}"
    if fell and drifted:
        note = (
            f"Accuracy fell {change}, more than chance explains at these row counts, and {columns} drifted. "
            "Data drift (the inputs changed) can cause a fall like this; so can concept drift (the same inputs "
            "now lead to a different outcome), which no input metric can show. Look for the fall where the "
            "inputs did not move, for example per segment: a fall there is concept drift."
        )
    elif fell:
        note = (
            f"Accuracy fell {change}, more than chance explains, while none of the {compared} other columns drifted. "
            "Inputs that look the same with a model that is wrong more often is the mark of concept drift: the "
            "relation between inputs and outcome changed. Check the labels first (a new definition, a late batch), "
            "then retrain on recent data."
        )
    else:
        went = f"Accuracy rose {change}" if moved else f"Accuracy went {change}, within what chance explains"
        if drifted:
            note = (
                f"{went}, although {columns} drifted: so far the model copes with the change in its inputs "
                "(data drift without harm), or the labels of the current rows are not all in yet."
            )
        else:
            note = f"{went}, and none of the {compared} other columns drifted: no sign of data drift or of concept drift."
    return {"accuracy_z": z, "accuracy_fell": fell, "note": note}


# The measures of a performance comparison, in the order the page's table shows them.
PERFORMANCE_ROWS = (
    ("accuracy", "Accuracy"),
    ("precision", "Precision"),
    ("recall", "Recall"),
    ("positive_rate", "Actual positive rate"),
    ("predicted_positive_rate", "Predicted positive rate"),
)


def _share_or_na(x: float | None) -> str:
    return "n/a" if x is None else _percent(x)


def _points(change: float | None) -> str:
    if change is None:
        return "n/a"
    text = f"{abs(change) * 100:.1f}"
    sign = "±" if text == "0.0" else "-" if change < 0 else "+"
    return f"{sign}{text} points"


def performance_markdown(performance: dict[str, Any] | None, error: str | None = None) -> list[str]:
    """The lab's performance section as Markdown lines (a heading, a table of the measures in both
    windows and the plain-words note); the reason instead when the comparison could not be made;
    no lines when none was asked for."""
    from ..drift.render import _md_cell, _md_table

    if performance is None and error is None:
        return []
    out = ["## Model performance: reference vs current", ""]
    if performance is None:
        return out + [f"Performance was not compared: {_md_cell(error)}", ""]
    ref, cur = performance["reference"], performance["current"]
    rows = [[label, _share_or_na(ref[key]), _share_or_na(cur[key]), _points(performance["changes"].get(key))]
            for key, label in PERFORMANCE_ROWS]
    rows.append(["Rows", f"{ref['n']:,}", f"{cur['n']:,}", ""])
    out += [
        f"Label `{_md_cell(performance['label'])}`, prediction `{_md_cell(performance['prediction'])}` "
        f"(positive: `{_md_cell(performance['positive'])}`).",
        "",
        *_md_table(["measure", "reference", "current", "change"], rows, {1, 2, 3}),
        "",
    ]
    reading = performance.get("reading")
    if reading:
        out += [_md_cell(reading["note"]), ""]
    return out


def with_performance(markdown: str, performance: dict[str, Any] | None, error: str | None = None) -> str:
    """The drift report's Markdown with the performance section put before the per-column metrics
    (at the end when the report has none)."""
    section = performance_markdown(performance, error)
    if not section:
        return markdown
    text = "\n".join(section)
    marker = "\n## Metrics per column"
    if marker in markdown:
        return markdown.replace(marker, "\n" + text + marker, 1)
    return markdown.rstrip("\n") + "\n\n" + text


def report_document(report: dict[str, Any], performance: dict[str, Any] | None, error: str | None = None) -> dict[str, Any]:
    """The lab's whole result as one JSON document, what "Download JSON" saves: the drift report (the
    CLI's ``--format json`` schema) with, when a performance comparison was asked for, its result
    under ``"performance"`` (and ``"performance_error"`` saying why it could not be made), as the
    page and the Markdown export show it. The report itself is not changed."""
    if performance is None and error is None:
        return report
    return {**report, "performance": performance, "performance_error": error}
