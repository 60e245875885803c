"""Drift over time: the current file split into days, weeks or months by a date column, each period
compared with the whole reference on every column's headline metric.

A report says whether a column moved; this says when. Dates are ISO 8601 (``2026-10-05``,
optionally with a time, ``2026-10-05T14:30:00Z``); only the calendar date as written counts.
Weeks start on Monday and are labelled by their ISO week (``2026-W41``); months as ``2026-10``.
Periods with no rows between the first and the last date are listed too (with no values), so the
periods form an even time axis. Rows without a date are left out of every period and counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Callable

import numpy as np

from ..errors import InputError
from ..tables import Column
from .config import LABELS, SEVERITY_LEVELS, Options

# A period needs at least this many values in a column to be judged: the smallest current sample
# the gate is calibrated for (scripts/calibrate-gate); a period with fewer is shown as "too few rows".
MIN_VALUES = 30

# Compares one column's reference with a subset of the current rows (a boolean mask); returns
# ``{"used", "headline", "severity"}`` (the period's headline entry and severity level), or None
# when fewer than MIN_VALUES values are left.
CompareRows = Callable[[np.ndarray, Options], "dict[str, Any] | None"]


def check_date_column(col: Column, file_name: str) -> None:
    """Refuse a numeric column as the date column (before any other column is compared)."""
    if col.kind == "numeric":
        raise InputError(
            f"by: column {col.name!r} of {file_name} holds numbers, not dates; give a column of ISO dates such as 2026-10-05"
        )


def _parse_dates(col: Column, file_name: str, line_of_row: Callable[[int], int]) -> np.ndarray:
    """The day number (days since 1970-01-01) of every row; -1 where the date is missing."""
    check_date_column(col, file_name)
    values = np.array([v if v is not None else "" for v in col.text or []], dtype=str)
    uniques, inverse = np.unique(values, return_inverse=True)
    days = np.empty(uniques.size, dtype=np.int64)
    epoch = dt.date(1970, 1, 1)
    bad = []
    for i, text in enumerate(uniques.tolist()):  # each distinct value once, not each cell
        if text == "":
            days[i] = -1
            continue
        try:
            days[i] = (dt.datetime.fromisoformat(text).date() - epoch).days
        except ValueError:
            bad.append(i)
    if bad:
        row = int(np.flatnonzero(np.isin(inverse, bad))[0])  # the first one in the file
        raise InputError(
            f"by: column {col.name!r} of {file_name}, line {line_of_row(row)}: {str(values[row])!r} is not a date in ISO form "
            f"(YYYY-MM-DD, optionally with a time such as 2026-10-05T14:30:00); {len(bad)} distinct value(s) do not parse; "
            "fix the values or export the dates in that form"
        )
    return days[inverse]


def _period_starts(days: np.ndarray, period: str) -> np.ndarray:
    """The first day (a day number) of each row's period."""
    if period == "day":
        return days
    if period == "week":
        return days - (days + 3) % 7  # 1970-01-01 was a Thursday: weekday 3 counting Monday as 0
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def _next_start(start: int, period: str) -> int:
    if period == "day":
        return start + 1
    if period == "week":
        return start + 7
    month = np.datetime64(start, "D").astype("datetime64[M]") + 1
    return int(month.astype("datetime64[D]").astype(np.int64))


def _label(start: dt.date, period: str) -> str:
    if period == "day":
        return start.isoformat()
    if period == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


def split(col: Column, file_name: str, period: str, line_of_row: Callable[[int], int]) -> tuple[list[dict[str, Any]], np.ndarray, int]:
    """The periods (``label``, ``start``, ``end``, ``rows``), each row's period index (-1: no
    date) and the number of rows without a date."""
    days = _parse_dates(col, file_name, line_of_row)
    dated = days >= 0
    if not np.any(dated):
        raise InputError(f"by: column {col.name!r} of {file_name} has no dates (every value is missing)")
    starts = _period_starts(days[dated], period)
    first, last = int(starts.min()), int(starts.max())
    bounds = [first]
    while bounds[-1] < last:
        bounds.append(_next_start(bounds[-1], period))
    bounds_arr = np.array(bounds, dtype=np.int64)
    index = np.full(days.size, -1, dtype=np.int64)
    index[dated] = np.searchsorted(bounds_arr, starts, "left")
    # bincount refuses int64 where the platform's intp is 32 bits (Pyodide's wasm32): cast first.
    counts = np.bincount(index[dated].astype(np.intp), minlength=len(bounds))
    epoch = dt.date(1970, 1, 1)
    periods = []
    for i, start in enumerate(bounds):
        end = (bounds[i + 1] if i + 1 < len(bounds) else _next_start(start, period)) - 1
        start_date = epoch + dt.timedelta(days=start)
        periods.append({
            "label": _label(start_date, period),
            "start": start_date.isoformat(),
            "end": (epoch + dt.timedelta(days=end)).isoformat(),
            "rows": int(counts[i]),
        })
    return periods, index, int(np.count_nonzero(~dated))


def column_over_time(headline: dict[str, Any], periods: list[dict[str, Any]], index: np.ndarray, options: Options,
                     compare_rows: CompareRows) -> dict[str, Any]:
    """One column's headline metric for every period, against the whole reference."""
    metric = headline["metric"]
    # the same rule decides every period as the whole column; only the metric shown is fixed
    forced = dataclasses.replace(options, show=metric) if options.headline is None else dataclasses.replace(options, headline=metric)
    values: list[float | None] = []
    drifted: list[bool | None] = []
    severity: list[str | None] = []
    used: list[int] = []
    status: list[str] = []
    for i in range(len(periods)):
        result = compare_rows(index == i, forced) if periods[i]["rows"] else None
        if result is None or result["headline"]["metric"] != metric:
            values.append(None)
            drifted.append(None)
            severity.append(None)
            used.append(0 if result is None else result["used"])
            status.append("no rows" if not periods[i]["rows"] else
                          f"too few rows (fewer than {MIN_VALUES} values)" if result is None else "not comparable")
            continue
        status.append("compared")
        values.append(result["headline"]["value"])
        drifted.append(result["headline"]["drifted"])
        severity.append(result["severity"])
        used.append(result["used"])
    first_at = {}
    for level in SEVERITY_LEVELS[1:]:
        rank = SEVERITY_LEVELS.index(level)
        first_at[level] = next((periods[i]["label"] for i, lvl in enumerate(severity)
                                if lvl is not None and SEVERITY_LEVELS.index(lvl) >= rank), None)
    return {
        "metric": metric,
        "label": LABELS[metric],
        "threshold": headline["threshold"],
        "values": values,
        "drifted": drifted,
        "severity": severity,
        "used": used,
        "status": status,
        "min_values": MIN_VALUES,
        "first_drifted": next((periods[i]["label"] for i, d in enumerate(drifted) if d), None),
        "first_at_level": first_at,
    }
