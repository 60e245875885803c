"""The chart data of a column (its histogram), built in one place for both presets: bins or categories,
both samples' shares and counts, and the labels the page and the text report print."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tables import value_label


def _edge_text(x: float) -> str:
    return f"{x:.6g}"


def bin_labels(edges: np.ndarray, point: np.ndarray, masses: np.ndarray, *, open_ends: bool) -> list[str]:
    """A label per bin: "< 3", "[3, 5.5)", "0" for a point mass, "(0, 4)" for the values just
    above one, ">= 90"; with closed ends the last bin is "[a, b]"."""
    mass_above = {float(np.nextafter(v, np.inf)): float(v) for v in masses.tolist()}
    labels = []
    k = edges.size + 1 if open_ends else edges.size - 1
    for i in range(k):
        if open_ends:
            lo = None if i == 0 else float(edges[i - 1])
            hi = None if i == k - 1 else float(edges[i])
        else:
            lo, hi = float(edges[i]), float(edges[i + 1])
        if open_ends and point[i]:
            labels.append(value_label(lo) or _edge_text(lo))
            continue
        if lo is not None and lo in mass_above:
            left = f"({_edge_text(mass_above[lo])}"
        else:
            left = None if lo is None else f"[{_edge_text(lo)}"
        if lo is None:
            labels.append(f"< {_edge_text(hi)}")
        elif hi is None:
            labels.append(f"> {_edge_text(mass_above[lo])}" if lo in mass_above else f">= {_edge_text(lo)}")
        elif not open_ends and i == k - 1:
            labels.append(f"{left}, {_edge_text(hi)}]")
        else:
            labels.append(f"{left}, {_edge_text(hi)})")
    return labels


def bins_histogram(method: str, edges: np.ndarray, point: np.ndarray, masses: np.ndarray, ends: tuple[float, float],
                   p_counts: np.ndarray, q_counts: np.ndarray, n_ref: int, n_cur: int, *, open_ends: bool = True) -> dict[str, Any]:
    """The chart data of binned metrics: the bins actually used, both shares and counts.

    With ``open_ends`` (the default preset's bins) ``edges`` are the interior edges and the chart's
    edges get one more entry than the shares: the open outer bins are drawn from the smallest and
    to the largest value seen (``ends``: the smallest and largest value of both samples; or the
    outermost edge, when that is further out). Without, ``edges`` are all the edges of closed bins
    (Evidently's)."""
    if open_ends:
        lo = min(ends[0], float(edges[0]))
        hi = max(ends[1], float(edges[-1]))
        drawn = [lo, *edges.tolist(), hi]
    else:
        drawn = edges.tolist()
    return {
        "kind": "bins",
        "method": method,
        "edges": drawn,
        "open_ends": open_ends,
        "labels": bin_labels(edges, point, masses, open_ends=open_ends),
        "point": point.tolist(),
        "point_masses": masses.tolist(),
        "reference": (p_counts / n_ref).tolist(),
        "current": (q_counts / n_cur).tolist(),
        "reference_counts": p_counts.tolist(),
        "current_counts": q_counts.tolist(),
    }


def categories_histogram(categories: list[str | None], p_counts: np.ndarray, q_counts: np.ndarray) -> dict[str, Any]:
    """The chart data of a column compared as categories: both shares and counts per category, and
    the categories seen in one sample only."""
    n_ref, n_cur = int(p_counts.sum()), int(q_counts.sum())
    return {
        "kind": "categories",
        "categories": categories,
        "reference": (p_counts / n_ref).tolist(),
        "current": (q_counts / n_cur).tolist(),
        "reference_counts": p_counts.tolist(),
        "current_counts": q_counts.tolist(),
        "unseen_in_reference": [k for k, n in zip(categories, p_counts.tolist()) if n == 0],
        "absent_from_current": [k for k, n in zip(categories, q_counts.tolist()) if n == 0],
    }
