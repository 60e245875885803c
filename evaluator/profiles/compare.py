"""Drift reports from profiles: two profiles, or a profile and a table.

Exact-mode columns are turned back into a table (`table_of`): each value repeated as often as
counted, so the report from two exact profiles *is* the report of the files (the report never reads
the order of rows, except where noted below).

A numeric column with a bucket-mode side is compared from its counts (`model`, O(buckets) per
column, at the files' true sizes): each exact value is an atom; a bucket of whole numbers, or of
numbers with ``d`` decimals (``decimals``), that holds at most `model.LATTICE_ATOMS` such numbers
puts its count on them, shared evenly (so a bucket holding one such number puts all its values on
it, as the raw data did); any other bucket spreads its count uniformly over its width, the end
buckets cut at the exact minimum and maximum. The cumulative distribution is then piecewise
linear between the buckets' edges: the KS statistic is its largest difference over the union of
both sides' knots, Wasserstein-1 the exact integral of the difference, the quantile bin edges come
from the values the model places, the bin shares from the distribution at the edges, the standard
deviation from the profile's exact sums, and the KS p-value is the asymptotic one at the true
sizes. Everything else (the histogram, ranges, verdicts and the headline) is the drift engine's
own (`engine.binned_metrics`, `engine.numeric_entry`). Such a column is rebuilt as values instead
(each bucket's count spread evenly over its whole numbers, numbers with ``d`` decimals, or width),
and run through the engine, under the ``evidently`` preset, with extra tests that read values, or
when neither file has more than 10,000 values (the exact KS p-value needs samples; rebuilding so few
costs little). Rebuilt columns with more than `SCALE_LIMIT` values are rebuilt with their counts
scaled down (cumulative shares kept to within 1/(2 x limit)); their bounds include that, and their
p-values are those of samples of the scaled size, so they are marked as not offered.

`annotate` adds to every metric of a column compared from buckets the most it can differ from the
metric of the raw data (``error_bound``), derived from the bucket counts. They hold wherever the
values sit inside their buckets, so for the counts model and the rebuilt values alike:

- KS statistic: the CDFs of the raw data and of the model differ only inside a bucket, by at most
  its share, so ``|dD| <= max over buckets (reference share + current share)``.
- Wasserstein-1: ``|dW| <= sum over buckets (share x width)`` for each file.
- Binned measures (PSI, KL, JS, Hellinger): a bin edge of the raw data and of the model lie in the
  same buckets, so each bin's count is known to within the counts of the buckets at its edges; the
  measure's change is bounded by its largest partial derivatives over that box (each is monotone
  in each share, so the largest sits at a corner).
- The normalised Wasserstein divides by the reference's standard deviation, which the profile
  knows exactly (exact sums); its bound follows from those of W and the deviation.

Not offered from profiles (they need the rows in file order): drift over time (``by``), MMD and
the TVD permutation test.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputError
from ..tables import Column, Table
from . import grid
from .format import EXACT_MAX, bucket_state

SCALE_LIMIT = 4_000_000  # values of one column of one file rebuilt at most
FILE_ORDER_TESTS = ("mmd", "tvd")
DURBIN_UPPER_MIN_N = 10_000  # from this effective size up, a p-value in Durbin's region is taken as 1 at the top of its interval


# --- from a profile back to a table --------------------------------------------------------------


class Side:
    """What the bounds need of one column of one profile: its items (exact values or buckets)."""

    def __init__(self, col: dict[str, Any]):
        self.mode = col["mode"]
        if self.mode == "exact":
            v = np.asarray(col["values"], dtype=np.float64)
            self.lo, self.hi = v, v
            self.counts = np.asarray(col["counts"], dtype=np.int64)
            self.exact = np.ones(v.size, dtype=bool)
            self.min = float(v[0]) if v.size else 0.0
            self.max = float(v[-1]) if v.size else 0.0
            self.sum, self.squares = grid.exact_sums_sorted(v, self.counts)
        else:
            keys, counts, self.min, self.max, self.sum, self.squares = bucket_state(col)
            self.lo, self.hi = grid.bucket_bounds(keys)
            self.counts = counts
            self.exact = self.lo == self.hi
        self.keys = grid.bucket_keys(self.lo) if self.mode == "exact" else keys
        self.n = int(self.counts.sum())
        self.scaled = self.n > SCALE_LIMIT  # as rebuilt; compared from counts (`model`), never scaled
        self.whole = col["whole"]
        self.col = col
        self.decimals = col.get("decimals") if self.mode == "bucket" else None

    @property
    def rebuilt_counts(self) -> np.ndarray:
        return _scale(self.counts, SCALE_LIMIT) if self.scaled else self.counts

    @property
    def approximate(self) -> bool:
        return self.scaled or not bool(self.exact.all())

    def std(self) -> float:
        """Population standard deviation, from the exact sums."""
        if self.n == 0:
            return 0.0
        var = Fraction(self.squares, 1 << -grid.SQUARES_SCALE) / self.n - (Fraction(self.sum, 1 << -grid.SUM_SCALE) / self.n) ** 2
        return math.sqrt(float(var)) if var > 0 else 0.0

    def values(self) -> np.ndarray:
        """The rebuilt finite values, sorted.

        Each bucket's arrays are repeated once (its index per value), and the spread is computed
        on the values of spread buckets only; the arithmetic per value is the same as before, so
        the values are the same to the bit (tested against a plain re-expansion)."""
        # np.repeat wants intp counts, 32 bits in the browser (Pyodide is wasm32); each is at most SCALE_LIMIT
        counts = self.rebuilt_counts.astype(np.intp)
        out = np.repeat(self.lo, counts)
        spread = ~self.exact
        if spread.any():
            total = out.size
            ends = np.cumsum(counts)
            starts = ends - counts
            if spread.all():
                which = np.repeat(np.arange(counts.size), counts)
                at = None
            else:
                keep = np.flatnonzero(spread & (counts > 0))
                kc = counts[keep]
                which = np.repeat(keep, kc)
                # positions of the spread buckets' values in `out`
                at = np.arange(int(kc.sum())) + np.repeat(starts[keep] - (np.cumsum(kc) - kc), kc)
            within = (np.arange(total) if at is None else at) - starts[which]
            c = counts[which].astype(np.float64)
            lo, hi = self.lo[which], self.hi[which]
            if self.whole:  # whole numbers: spread over the bucket's integers
                first, last = self._integers()
                first, last = first[which], last[which]
                width = np.maximum(last - first + 1, 1)
                points = first + np.floor((within + 0.5) * width / c)
            else:
                points = lo + (hi - lo) * ((within + 0.5) / c)
                if self.decimals is not None:
                    points = self._on_decimals(points, within, c, which)
            if at is None:
                out = points
            else:
                out[at] = points
            if out.size:
                out[0], out[-1] = self.min, self.max
        return out

    def _integers(self) -> tuple[np.ndarray, np.ndarray]:
        """The first and last whole number in each item (a positive bucket is ``[lo, hi)``, a
        negative one ``(lo, hi]``)."""
        lo, hi = self.lo, self.hi
        first = np.where(lo < 0, np.floor(lo) + 1, np.ceil(lo))
        last = np.where(hi > 0, np.ceil(hi) - 1, np.floor(hi))
        return first, last

    def _decimal_numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``first``, ``last`` (in units of ``10**-decimals``) of the numbers with ``decimals``
        decimals in each bucket, and whether they were found."""
        scale = 10.0**self.decimals
        keys = self.keys
        with np.errstate(over="ignore", invalid="ignore"):
            lo_k, hi_k = np.floor(self.lo * scale), np.ceil(self.hi * scale)
            usable = ~self.exact & (np.abs(self.lo) < 1e300) & (np.maximum(np.abs(lo_k), np.abs(hi_k)) < 2.0**50)
            usable &= (np.abs(keys) > grid.UNDERFLOW)
            first = np.full(keys.size, np.nan)
            last = np.full(keys.size, np.nan)
            # the first and last multiple of 10**-d in the bucket: within two steps of lo * 10**d and hi * 10**d
            for step in range(-2, 3):
                cand = lo_k + step
                inside = usable & (grid.bucket_keys(np.where(usable, cand / scale, 1.0)) == keys)
                first = np.where(inside & np.isnan(first), cand, first)
            for step in range(2, -3, -1):
                cand = hi_k + step
                inside = usable & (grid.bucket_keys(np.where(usable, cand / scale, 1.0)) == keys)
                last = np.where(inside & np.isnan(last), cand, last)
        found = usable & ~np.isnan(first) & ~np.isnan(last) & (last >= first)
        return first, last, found

    def lattice(self) -> tuple[np.ndarray, np.ndarray, float]:
        """For each item, the first and last number the column's values can take in it (whole
        numbers, or numbers with ``decimals`` decimals), in units of ``1 / scale``; NaN where not
        known (values of more decimals, or a bucket whose numbers cannot be found)."""
        nothing = np.full(self.lo.size, np.nan)
        if self.mode != "bucket":
            return nothing, nothing, 1.0
        if self.whole:
            first, last = self._integers()
            found = ~self.exact & (last >= first) & (np.abs(self.lo) < 2.0**52) & (np.abs(self.hi) < 2.0**52)
            return np.where(found, first, np.nan), np.where(found, last, np.nan), 1.0
        if self.decimals is None:
            return nothing, nothing, 1.0
        first, last, found = self._decimal_numbers()
        return np.where(found, first, np.nan), np.where(found, last, np.nan), 10.0**self.decimals

    def _on_decimals(self, points: np.ndarray, within: np.ndarray, c: np.ndarray, which: np.ndarray) -> np.ndarray:
        """The points of each spread bucket moved onto the numbers with `decimals` decimals that
        the bucket holds, evenly (a bucket whose numbers cannot be found keeps its points)."""
        scale = 10.0**self.decimals
        first, last, found = self._decimal_numbers()
        if not found.any():
            return points
        width = np.where(found, last - first + 1, 1)
        k = np.where(found, first, 0)[which] + np.floor((within + 0.5) * width[which] / c)
        return np.where(found[which], k / scale, points)


def _scale(counts: np.ndarray, limit: int) -> np.ndarray:
    """Counts scaled to sum to ``limit``, each cumulative share within ``1/(2 limit)`` of the true one."""
    total = int(counts.sum())
    cum = np.cumsum(counts).astype(object)
    scaled = np.array([(2 * int(c) * limit + total) // (2 * total) for c in cum], dtype=np.int64)
    return np.diff(scaled, prepend=0)


def _numeric_column(col: dict[str, Any], side: Side) -> Column:
    finite = side.values()
    order = col["order"]
    if finite.size >= 2 and (order is None or not order[2]):
        finite = finite[::-1].copy()  # not a row counter in the file: nor here (only the order differs)
    neg, pos = col["infinities"]
    missing = col["missing"]
    if side.scaled:
        neg, pos, missing = (int(round(x * SCALE_LIMIT / max(side.n, 1))) for x in (neg, pos, missing))
    values = np.concatenate((finite, np.full(missing, np.nan), np.full(neg, -np.inf), np.full(pos, np.inf)))
    return Column(col["name"], numeric=values)


class CountedText(Column):
    """A text column of a profile: each value's count; the values themselves (each repeated as
    often as counted, then the missing cells) are made only if something reads ``text``."""

    def __init__(self, col: dict[str, Any]):
        exact = col["mode"] == "exact"
        self._values, self._counts = (col["values"], col["counts"]) if exact else ([], [])
        self._missing = col["missing"] if exact else 0
        self._text: list[str | None] | None = None
        first = tuple(col["first_non_number"]) if col["first_non_number"] is not None else None
        super().__init__(col["name"], text=None, first_non_number=first, dates=col["dates"])

    @property  # type: ignore[override]
    def text(self) -> list[str | None]:
        if self._text is None:
            text: list[str | None] = []
            for v, c in zip(self._values, self._counts):
                text.extend([v] * c)
            text.extend([None] * self._missing)
            self._text = text
        return self._text

    @text.setter
    def text(self, value: list[str | None] | None) -> None:
        if value is not None:
            self._text = value

    def __len__(self) -> int:
        return sum(self._counts) + self._missing

    @property
    def missing(self) -> int:
        return self._missing

    def value_counts(self) -> Counter:
        return Counter(dict(zip(self._values, self._counts)))


def sides_of(profile: dict[str, Any]) -> dict[str, Side]:
    """The numeric columns' sides of a profile."""
    return {col["name"]: Side(col) for col in profile["columns"] if col["kind"] == "numeric"}


def table_of(profile: dict[str, Any], sides: dict[str, Side] | None = None,
             counted: set[str] = frozenset()) -> tuple[Table, dict[str, Side], list[str]]:
    """The table a profile describes (see the module's docstring), the numeric columns' sides,
    and the names of text columns with more than `EXACT_MAX` values. The columns named in
    ``counted`` are compared from their counts: they are not rebuilt (an empty numeric column
    stands in for each)."""
    t = profile["table"]
    sides = sides_of(profile) if sides is None else sides
    columns, overflow = {}, []
    for col in profile["columns"]:
        if col["kind"] == "numeric":
            if col["name"] in counted:
                columns[col["name"]] = Column(col["name"], numeric=np.empty(0))
            else:
                columns[col["name"]] = _numeric_column(col, sides[col["name"]])
        else:
            columns[col["name"]] = CountedText(col)
            if col["mode"] == "overflow":
                overflow.append(col["name"])
    table = Table(t["name"], columns, t["rows"], t["delimiter"] or ",", t["encoding"] or "utf-8", list(t["notes"]))
    return table, sides, overflow


# --- the report ----------------------------------------------------------------------------------


def compare_profiles(reference: dict[str, Any], current: dict[str, Any], options: Any, progress: Any = None) -> dict[str, Any]:
    """The drift report of two profiles (see the module's docstring)."""
    from ..drift.report import build_report

    if options.by is not None:
        raise InputError("drift over time (by) needs the current file's rows and their dates; a profile keeps counts only: "
                         "compare the current file itself")
    refused = [name for name in FILE_ORDER_TESTS if options.wants(name)]
    if refused:
        raise InputError(f"{', '.join(refused)}: not offered from profiles (these tests read the rows in file order); "
                         "compare the files themselves")
    ref_sides, cur_sides = sides_of(reference), sides_of(current)
    counted = _countable(ref_sides, cur_sides, options)
    ref_table, ref_sides, ref_over = table_of(reference, ref_sides, counted)
    cur_table, cur_sides, cur_over = table_of(current, cur_sides, counted)
    skipped = []
    for name in dict.fromkeys(ref_over + cur_over):
        rc, cc = ref_table.columns.get(name), cur_table.columns.get(name)
        if rc is None or cc is None or rc.kind != "text" or cc.kind != "text":
            continue  # a type mismatch, dates or a one-sided column: the report says so
        if options.columns is not None and name in options.columns:
            raise InputError(f"column {name!r}: text with more than {EXACT_MAX:,} distinct values, which a profile "
                             "does not keep value by value (and the report compares at most 100 categories)")
        del ref_table.columns[name], cur_table.columns[name]
        skipped.append({"name": name, "reason": f"high-cardinality text (more than {EXACT_MAX:,} distinct values in a profile)",
                        "kind": "text", "severity": _skip_severity()})
    report = build_report(ref_table, cur_table, options, progress=progress,
                          counted=lambda name: _from_counts(name, ref_sides, cur_sides, options) if name in counted else None)
    if skipped:
        report["skipped"].extend(skipped)
        report["summary"]["columns_skipped"] += len(skipped)
    annotate(report, ref_sides, cur_sides, options)
    return report


def _countable(ref_sides: dict[str, Side], cur_sides: dict[str, Side], options: Any) -> set[str]:
    """The numeric columns compared from their counts (`model`): at least one side in bucket mode,
    the default preset without extra tests on the values, more than `KS_EXACT_MAX_N` values in a
    file (below, the exact KS p-value needs samples, and rebuilding them costs little), more than
    `FEW_VALUES` places, and magnitudes where differences do not overflow. The others are rebuilt."""
    from ..drift.config import EXTRA_METRICS, FEW_VALUES, NUMERIC_ONLY
    from ..drift.metrics import KS_EXACT_MAX_N

    if options.preset == "evidently" or any(options.wants(n) for n in EXTRA_METRICS if n in NUMERIC_ONLY):
        return set()
    out = set()
    for name, r in ref_sides.items():
        c = cur_sides.get(name)
        if c is None or r.mode == c.mode == "exact" or min(r.n, c.n) == 0 or max(r.n, c.n) <= KS_EXACT_MAX_N:
            continue
        peak = max(abs(r.min), abs(r.max), abs(c.min), abs(c.max))
        if peak > 2.0**900 or 0 < peak < 2.0**-900:
            continue
        if np.unique(np.concatenate((r.keys[r.counts > 0], c.keys[c.counts > 0]))).size <= FEW_VALUES:
            continue
        out.add(name)
    return out


def _is_identifier(name: str, side: Side) -> bool:
    """The report's identifier rule (`report.identifier_rule`) on a reference's counts: whole
    numbers, no item holding more values than it has whole numbers, and an id-like name or
    counting up by one in file order."""
    from ..drift.report import identifier_rule

    if not side.whole or side.n < 2 or side.max - side.min + 1 < side.n:
        return False
    first, last = side._integers()
    room = np.where(side.exact, 1, np.maximum(last - first + 1, 1))
    order = side.col["order"]
    return identifier_rule(name, bool(np.all(side.counts <= room)),
                           lambda: side.n >= 10 and order is not None and bool(order[2]) and side.max - side.min + 1 == side.n)


def _from_counts(name: str, ref_sides: dict[str, Side], cur_sides: dict[str, Side], options: Any) -> dict[str, Any]:
    """A numeric column's result from both profiles' counts (see `model`), and the report's counts."""
    from . import model

    r, c = ref_sides[name], cur_sides[name]
    r.scaled = c.scaled = False  # compared at the true sizes
    if _is_identifier(name, r):
        return {"identifier": True}
    result = model.numeric_column(model.BucketSample(r), model.BucketSample(c), options)
    counts = {}
    for which, side in (("reference", r), ("current", c)):
        col = side.col
        counts[which] = {"rows": col["rows"], "missing": col["missing"], "non_finite": int(sum(col["infinities"])), "used": side.n}
    return {"result": result, "counts": counts}


def _skip_severity() -> dict[str, Any]:
    from ..drift.severity import skip_severity

    return skip_severity("high-cardinality text", broken=False)


def annotate(report: dict[str, Any], ref_sides: dict[str, Side], cur_sides: dict[str, Side], options: Any) -> None:
    """Error bounds on every metric of each column rebuilt from buckets or scaled counts."""
    approximate = False
    for entry in report["columns"]:
        r, c = ref_sides.get(entry["name"]), cur_sides.get(entry["name"])
        if r is None or c is None or not (r.approximate or c.approximate):
            continue
        approximate = True
        for which, side in (("reference", r), ("current", c)):
            if side.scaled:
                counts = entry["counts"][which]
                share = side.n / SCALE_LIMIT
                counts.update({"rows": int(round(counts["rows"] * share)), "missing": int(round(counts["missing"] * share)),
                               "non_finite": int(round(counts["non_finite"] * share)), "used": side.n})
        entry["profile"] = {"reference": r.mode, "current": c.mode,
                            "scaled_to": SCALE_LIMIT if (r.scaled or c.scaled) else None,
                            "distinct_values": "not known exactly (more than 4,096 values in a bucket-mode profile)"}
        bounds(entry, r, c, options)
        _headline_certainty(entry)
    if approximate:
        report["profile_bounds"] = (
            "Some columns were compared from a profile's bucket counts: their values carry a ± bound, the most each "
            "can differ from the same measure on the raw data (in the JSON export: each metric's error_bound, and "
            "bound_note where there is no bound)")


def _headline_certainty(entry: dict[str, Any]) -> None:
    """Say on the headline whether its verdict could differ on the raw data (its metric's threshold
    within the metric's error bound, or no bound: ``verdict_certain`` false or null, with a
    ``verdict_note``); the verdict itself stays the one computed from the buckets."""
    headline = entry.get("headline")
    metric = entry["metrics"].get(headline.get("metric")) if headline else None
    if metric is None or headline.get("drifted") is None:
        return
    certain = metric.get("verdict_certain")
    headline["verdict_certain"] = certain
    if certain is False:
        headline["verdict_note"] = (f"the threshold lies within the error bound of {headline['metric']} "
                                    f"({metric['error_bound']:.2g}): on the raw data the verdict could be the other one")
    elif certain is None and metric.get("error_bound") is None:
        headline["verdict_note"] = (f"{headline['metric']} has no error bound from a profile "
                                    f"({metric.get('bound_note') or 'none derived'}): on the raw data the verdict could be the other one")


# --- error bounds --------------------------------------------------------------------------------


def _uncertain_shares(side: Side) -> tuple[np.ndarray, np.ndarray]:
    """Keys and shares of the items whose values are not known exactly."""
    keep = ~side.exact
    return side.keys[keep], side.counts[keep] / max(side.n, 1)


def _scale_slack(side: Side) -> float:
    return 1.0 / SCALE_LIMIT if side.scaled else 0.0


def ks_bound(r: Side, c: Side) -> float:
    kr, sr = _uncertain_shares(r)
    kc, sc = _uncertain_shares(c)
    keys, inverse = np.unique(np.concatenate((kr, kc)), return_inverse=True)
    total = np.zeros(keys.size)
    np.add.at(total, inverse, np.concatenate((sr, sc)))
    return float(total.max() if total.size else 0.0) + _scale_slack(r) + _scale_slack(c)


def wasserstein_bound(r: Side, c: Side) -> float:
    out = 0.0
    for side in (r, c):
        keep = ~side.exact
        out += float(np.sum(side.counts[keep] / max(side.n, 1) * (side.hi[keep] - side.lo[keep])))
        out += _scale_slack(side) * (side.max - side.min)
    return out


def _uncertain_mass(side: Side, low: float, high: float) -> float:
    """Share of the side's values that may lie on either side of an edge somewhere in [low, high]."""
    buckets = ~side.exact & (side.lo <= high) & (side.hi >= low)
    points = side.exact & (low < high) & (side.lo >= low) & (side.lo <= high)
    return float(side.counts[buckets | points].sum()) / max(side.n, 1) + _scale_slack(side)


def _uncertain_masses(side: Side, windows: list[tuple[float, float]]) -> np.ndarray:
    """`_uncertain_mass` of every window at once. A side's items are sorted and do not overlap, so
    both their starts and their ends increase: the items meeting [low, high] are a run, found by
    two binary searches, and the counts are differences of cumulative counts (whole numbers, so
    the shares are the same floats as summed item by item)."""
    lo, hi = side.lo, side.hi
    if windows and lo.size > 1 and not (np.all(lo[1:] >= lo[:-1]) and np.all(hi[1:] >= hi[:-1])):
        return np.array([_uncertain_mass(side, a, b) for a, b in windows])
    low = np.array([a for a, _ in windows], dtype=np.float64)
    high = np.array([b for _, b in windows], dtype=np.float64)
    first = np.searchsorted(hi, low, "left")  # the first item ending at or after low
    stop = np.searchsorted(lo, high, "right")  # past the last item starting at or before high
    stop = np.maximum(stop, first)
    counts = side.counts.astype(np.int64)
    uncertain = np.concatenate(([0], np.cumsum(np.where(side.exact, 0, counts))))
    points = np.concatenate(([0], np.cumsum(np.where(side.exact, counts, 0))))
    total = (uncertain[stop] - uncertain[first]) + np.where(low < high, points[stop] - points[first], 0)
    return np.array([float(t) / max(side.n, 1) + _scale_slack(side) for t in total.tolist()])


def _edge_windows(entry: dict[str, Any], r: Side, c: Side, options: Any) -> list[tuple[float, float]] | str:
    """For each interior bin edge, an interval holding both the raw data's edge and the rebuilt
    data's; or the reason there is none."""
    hist = entry["histogram"]
    interior = hist["edges"][1:-1]
    uncertain_ref = r.counts[~r.exact]
    if options.preset == "evidently":
        if r.scaled:
            return "Sturges' bin count depends on the number of values, which was scaled"
        if int(np.count_nonzero(r.counts)) <= 20:
            return "the raw reference may have 20 distinct values or fewer, which Evidently compares value by value"
        return [(e, e) for e in interior]  # from the exact minimum, maximum and count
    if int(np.count_nonzero(r.counts)) + int(np.count_nonzero(c.counts)) <= 5:
        return "the raw data may have 5 distinct values or fewer, which are compared value by value"
    if uncertain_ref.size and int(uncertain_ref.max()) * options.bins >= r.n - options.bins:
        return "a bucket holds a whole bin's share of the reference: the raw data's bins may differ (ties, a point mass)"
    if options.method != "quantile":
        return [(e, e) for e in interior]  # given edges, or from the exact minimum and maximum
    if hist.get("point_masses") or len(interior) != options.bins - 1:
        return "tied quantiles or a value holding a whole bin's share: the raw data's bins may differ"
    if not r.approximate:
        return [(e, e) for e in interior]
    cum = np.cumsum(r.counts)
    slack = r.n / SCALE_LIMIT + 1 if r.scaled else 0
    out = []
    for k in range(1, options.bins):
        h = (r.n - 1) * k / options.bins
        first = int(np.searchsorted(cum, math.floor(h) - slack, "right"))
        last = int(np.searchsorted(cum, math.ceil(h) + slack, "right"))
        first, last = min(max(first, 0), cum.size - 1), min(last, cum.size - 1)
        out.append((float(r.lo[first]), float(r.hi[last])))
    return out


def _corner_sup(partial, p_lo, p_hi, q_lo, q_hi) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        corners = [np.abs(partial(p, q)) for p in (p_lo, p_hi) for q in (q_lo, q_hi)]
    return np.max(corners, axis=0)


_PARTIALS = {
    # d/dp and d/dq of each bin's term of the measure (shares p, q)
    "psi": (lambda p, q: np.log(p / q) + 1 - q / p, lambda p, q: np.log(q / p) + 1 - p / q),
    "kl": (lambda p, q: np.log(p / q) + 1, lambda p, q: -p / q),
    "js": (lambda p, q: 0.5 * np.log(2 * p / (p + q)), lambda p, q: 0.5 * np.log(2 * q / (p + q))),
    "hellinger": (lambda p, q: 1 - np.sqrt(q / p), lambda p, q: 1 - np.sqrt(p / q)),
}


def binned_bounds(entry: dict[str, Any], r: Side, c: Side, options: Any) -> dict[str, float | str]:
    """Bounds of PSI, KL, JS and Hellinger (a reason instead where there is none)."""
    hist = entry["histogram"]
    if hist["kind"] != "bins":
        return {name: "compared as values, not bins" for name in _PARTIALS}
    windows = _edge_windows(entry, r, c, options)
    if isinstance(windows, str):
        return {name: windows for name in _PARTIALS}
    p = np.asarray(hist["reference"], dtype=np.float64)
    q = np.asarray(hist["current"], dtype=np.float64)
    u_ref = _uncertain_masses(r, windows)
    u_cur = _uncertain_masses(c, windows)
    dp = np.concatenate(([0.0], u_ref)) + np.concatenate((u_ref, [0.0]))
    dq = np.concatenate(([0.0], u_cur)) + np.concatenate((u_cur, [0.0]))
    keep = (p + q > 0) | (dp + dq > 0)
    p, q, dp, dq = p[keep], q[keep], dp[keep], dq[keep]
    p_lo, p_hi = np.maximum(p - dp, 0), np.minimum(p + dp, 1)
    q_lo, q_hi = np.maximum(q - dq, 0), np.minimum(q + dq, 1)
    if np.any(p_lo <= 0) or np.any(q_lo <= 0):
        why = "a bin's share may be 0, where these measures change without bound"
        return {name: why for name in _PARTIALS}
    scale = 1.0 if options.log_base is None else math.log(options.log_base)
    out: dict[str, float | str] = {}
    for name, (d_p, d_q) in _PARTIALS.items():
        if name == "hellinger" and options.preset == "evidently":
            out[name] = "Evidently's Hellinger bins the distinct values of both files, which buckets do not give"
            continue
        b = float(np.sum(_corner_sup(d_p, p_lo, p_hi, q_lo, q_hi) * dp + _corner_sup(d_q, p_lo, p_hi, q_lo, q_hi) * dq))
        if name in ("kl", "js"):
            b /= scale
        value = entry["metrics"].get(name, {}).get("value")
        if name == "js" and value is not None:  # the value is the distance, sqrt of the divergence (bounded above)
            d2 = value * value
            b = max(math.sqrt(d2 + b) - value, value - math.sqrt(max(d2 - b, 0.0)))
        if name == "hellinger" and value is not None:  # H = sqrt(S / 2), the bound above is on S
            s = 2 * value * value
            b = max(math.sqrt((s + b) / 2) - value, value - math.sqrt(max(s - b, 0.0) / 2))
        out[name] = b
    return out


def _set(entry: dict[str, Any], name: str, bound: float | str | None) -> None:
    metric = entry["metrics"].get(name)
    if metric is None:
        return
    if isinstance(bound, str) or bound is None:
        metric["error_bound"] = None
        metric["bound_note"] = bound or "no bound from a profile"
        return
    metric["error_bound"] = bound
    value, threshold = metric.get("value"), metric.get("threshold")
    if value is not None and threshold is not None and metric.get("drifted") is not None:
        metric["verdict_certain"] = not (value - bound <= threshold <= value + bound)


def bounds(entry: dict[str, Any], r: Side, c: Side, options: Any) -> None:
    d_ks = ks_bound(r, c)
    d_w = wasserstein_bound(r, c)
    for name, b in binned_bounds(entry, r, c, options).items():
        _set(entry, name, b)
    _set(entry, "wasserstein", d_w)
    norm = entry["metrics"].get("wasserstein_norm")
    if norm is not None and norm.get("value") is not None:
        w = entry["metrics"]["wasserstein"]["value"]
        floor = 0.001 if options.preset == "evidently" else 0.0
        std = max(r.std(), floor)
        if std > 0:
            _set(entry, "wasserstein_norm", max(abs((w + d_w) / std - norm["value"]), abs(max(w - d_w, 0.0) / std - norm["value"])))
        else:
            _set(entry, "wasserstein_norm", "the reference is constant")
    ks = entry["metrics"].get("ks")
    if ks is not None:
        stat = ks.get("statistic")
        ks["statistic_error_bound"] = d_ks
        if r.scaled or c.scaled:
            _set(entry, "ks", "p-value of samples of the scaled size: not offered from profiles this large")
        elif ks.get("method") != "asymptotic" or stat is None:
            _set(entry, "ks", "exact p-value (10,000 values or fewer): needs the values themselves")
        else:
            from ..drift.smirnov import DURBIN_MAX_N, kstwo_sf

            m, n = sorted([float(r.n), float(c.n)], reverse=True)
            en = int(np.round(m * n / (m + n)))
            p_low = kstwo_sf(min(stat + d_ks, 1.0), en)
            low = max(stat - d_ks, 0.0)
            if DURBIN_UPPER_MIN_N <= en <= DURBIN_MAX_N and en * low**1.5 <= 1.4:
                # the p-value there is within 5e-7 of 1 (4.8e-7 at n = 10,000, less above): 1 bounds it
                # from above, without Durbin's matrix method (n steps in extended precision, slow in the browser)
                p_high = 1.0
            else:
                p_high = kstwo_sf(low, en)
            ks["p_value_interval"] = [p_low, p_high]
            _set(entry, "ks", max(abs(p_high - ks["value"]), abs(ks["value"] - p_low)))
    for name in list(entry["metrics"]):
        if "error_bound" not in entry["metrics"][name]:
            _set(entry, name, "no bound derived for this measure from a profile")
