"""Keys of the computed items: each item's table read by the kit's own drift engine.

A computed item shows counts per bin (or a few raw values) and asks for a reading: which PSI band,
which column drifted, what KS statistic or Wasserstein distance. The answer is never typed into
the bank; `compute` runs the drift engine on the item's data (natively, at build time: numpy and
scipy are imported here, so the page never loads this module) and picks the option that matches.
"""

from __future__ import annotations

from typing import Any

from ..datafile import DataError
from .bank import Column, Item

# The engine's PSI verdict sentence starts with one of these; the bank's options name the band.
_BAND_OF_VERDICT = (("no significant", "low"), ("moderate", "moderate"), ("significant", "high"))


def column_values(column: Column) -> tuple[list[Any], list[Any]]:
    """Samples with exactly the column's counts: one representative value per bin or category.

    Numeric bins are open at both ends (as the engine's `edges` binning is): the first bin is
    represented by a value below the first edge, the last by one above the last edge.
    """
    if column.edges is None:
        values: list[Any] = list(column.labels)
    else:
        e = column.edges
        below = e[0] - (e[1] - e[0]) / 2 if len(e) > 1 else e[0] - 1
        above = e[-1] + (e[-1] - e[-2]) / 2 if len(e) > 1 else e[-1] + 1
        values = [below, *((a + b) / 2 for a, b in zip(e, e[1:])), above]
    reference = [v for v, n in zip(values, column.reference) for _ in range(n)]
    current = [v for v, n in zip(values, column.current) for _ in range(n)]
    return reference, current


def column_psi(column: Column) -> dict[str, Any]:
    """PSI of one counted column by the drift engine (default preset: epsilon 1e-4, drift at 0.25)."""
    from ..drift import resolve
    from ..drift.samples import compare_samples

    reference, current = column_values(column)
    if column.edges is None:
        result = compare_samples(reference, current, "categorical", resolve(None))
    else:
        result = compare_samples(reference, current, "numeric", resolve({"binning": {"method": "edges", "edges": list(column.edges)}}))
    return result["metrics"]["psi"]


def psi_band(value: float) -> str:
    """The bank's band id ("low", "moderate", "high") for a PSI value, by the engine's own verdict."""
    from ..drift.verdicts import psi_band as verdict

    sentence = verdict(value)
    for start, band in _BAND_OF_VERDICT:
        if sentence.startswith(start):
            return band
    raise DataError(f"the drift engine's PSI verdict {sentence!r} matches no band of the bank")


def measure(item: Item) -> dict[str, Any]:
    """What the engine reads from a computed item's data, as plain numbers."""
    from ..drift import resolve
    from ..drift.samples import compare_samples

    reading = item.reading
    assert reading is not None, item.id
    if reading.ask == "psi_band":
        return {"psi": column_psi(reading.columns[0])["value"]}
    if reading.ask == "drifted_column":
        return {"psi": {c.name: column_psi(c)["value"] for c in reading.columns}}
    result = compare_samples(list(reading.reference), list(reading.current), "numeric", resolve(None))
    if reading.ask == "ks_statistic":
        return {"statistic": result["metrics"]["ks"]["statistic"]}
    return {"distance": result["metrics"]["wasserstein"]["value"]}


def key_for(item: Item, measured: dict[str, Any]) -> str:
    """The id of the option that matches the engine's reading; `DataError` if none or several do."""
    reading = item.reading
    assert reading is not None, item.id
    where = f"computed item {item.id!r}"
    if reading.ask == "psi_band":
        band = psi_band(measured["psi"])
        matches = [o for o in item.options if o.band == band]
        what = f"PSI {measured['psi']:.4f} (band {band!r})"
    elif reading.ask == "drifted_column":
        from ..drift.config import THRESHOLDS

        threshold = THRESHOLDS["default"]["psi"]
        drifted = [name for name, value in measured["psi"].items() if value >= threshold]
        if len(drifted) > 1:
            raise DataError(f"{where}: the engine finds several drifted columns ({', '.join(drifted)}); the question needs exactly one or none")
        column = drifted[0] if drifted else ""
        matches = [o for o in item.options if o.column == column]
        what = f"drifted column {column or 'none'!r}"
    else:
        name = "statistic" if reading.ask == "ks_statistic" else "distance"
        value = measured[name]
        matches = [o for o in item.options if abs(o.value - value) <= 1e-9 * max(1.0, abs(value))]
        what = f"{reading.ask.replace('_', ' ')} {value:.6g}"
    if len(matches) != 1:
        raise DataError(f"{where}: the drift engine reads {what}, which matches {len(matches)} options; exactly one must match")
    return matches[0].id


def compute(items: list[Item] | tuple[Item, ...]) -> dict[str, dict[str, Any]]:
    """For every computed item: {"key": option id, "measured": the engine's numbers}."""
    out = {}
    for item in items:
        if item.kind == "computed":
            measured = measure(item)
            out[item.id] = {"key": key_for(item, measured), "measured": measured}
    return out
