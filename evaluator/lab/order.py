"""The order in which the drift lab lists a report's columns: most severe first."""

from __future__ import annotations

from typing import Any


def most_severe_first(report: dict[str, Any], levels: tuple[str, ...] = ()) -> list[int]:
    """Indices of ``report["columns"]``, most severe first.

    ``levels`` are the severity levels from least to most severe; a column's ``severity.level``
    ranks it, then whether its headline test drifted; ties keep the report's (the files') order.
    Without levels (or a column without a severity), the headline verdict alone decides.
    """
    rank = {level: i for i, level in enumerate(levels)}

    def key(index: int) -> tuple[int, int, int]:
        column = report["columns"][index]
        level = (column.get("severity") or {}).get("level")
        return (-rank.get(level, -1), 0 if column["headline"]["drifted"] else 1, index)

    return sorted(range(len(report["columns"])), key=key)
