"""Calibrate the default drift gate: its false-alarm rate and its power, measured on a grid.

    scripts/calibrate-gate                     the whole grid (long: run it niced, on a quiet machine)
    scripts/calibrate-gate --quick             a few cells, 200 trials each (a minute)
    scripts/calibrate-gate --markdown          print the tables as Markdown (for docs/tools/drift-methods.md)

Each trial draws a reference and a current sample (seeded: trial t of a cell uses seed
(cell, t)), builds the drift report of a one-column file pair with the kit's own code
(`evaluator.drift.report.build_report` under the default options) and records whether the gate
failed and the column's severity level. For two samples of one distribution every failure is a
false alarm; for a shifted current sample every failure is a detection.

Trials per cell: 1,000 when neither sample exceeds 100,000 values; cells with a 1,000,000-value
sample run fewer (``--large-trials``, 100 by default), because each trial sorts and counts a
million values; the table prints the trials of each cell, and the largest null distance seen
against its line (the margin that makes the rate there zero, whatever the trial count).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from typing import Any, Callable

import numpy as np

from evaluator.drift.config import resolve
from evaluator.drift.report import build_report
from evaluator.tables import Column, Table

REFERENCE_SIZES = (100, 1_000, 10_000, 100_000, 1_000_000)
CURRENT_SIZES = (30, 100, 1_000, 10_000, 100_000, 1_000_000)
LARGE = 1_000_000

_CATEGORIES_10 = [f"c{i}" for i in range(10)]
_CATEGORIES_500 = [f"k{i:03d}" for i in range(500)]
_DOMINANT = np.array([0.91] + [0.01] * 9)
_DAYS = [(dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(365)]


def _zero_inflated(rng: np.random.Generator, n: int) -> np.ndarray:
    values = rng.lognormal(0, 1, n)
    values[rng.random(n) < 0.7] = 0.0
    return values


# name -> (kind, draw(rng, n)); numeric draws return float arrays, the others lists of strings
DISTRIBUTIONS: dict[str, tuple[str, Callable[[np.random.Generator, int], Any]]] = {
    "normal": ("numeric", lambda rng, n: rng.normal(0, 1, n)),
    "lognormal": ("numeric", lambda rng, n: rng.lognormal(0, 1, n)),
    "integer (Poisson 20)": ("numeric", lambda rng, n: rng.poisson(20, n).astype(np.float64)),
    "heavily tied (70% zeros)": ("numeric", _zero_inflated),
    "constant": ("numeric", lambda rng, n: np.full(n, 5.0)),
    "2 categories (70/30)": ("text", lambda rng, n: np.array(["yes", "no"])[(rng.random(n) < 0.3).astype(int)].tolist()),
    "10 categories": ("text", lambda rng, n: np.array(_CATEGORIES_10)[rng.integers(0, 10, n)].tolist()),
    "500 categories": ("text", lambda rng, n: np.array(_CATEGORIES_500)[rng.integers(0, 500, n)].tolist()),
    "one dominant (91%)": ("text", lambda rng, n: np.array(_CATEGORIES_10)[rng.choice(10, n, p=_DOMINANT)].tolist()),
    "dates (one year)": ("text", lambda rng, n: np.array(_DAYS)[rng.integers(0, 365, n)].tolist()),
}
SHIFTS = (0.25, 0.5, 1.0)  # mean shifts of a normal column, in standard deviations


def _table(name: str, values: Any, kind: str) -> Table:
    if kind == "numeric":
        column = Column("x", numeric=np.asarray(values, dtype=np.float64))
    else:
        column = Column("x", text=values, dates=all(v in _DAY_SET for v in values[:50]))
    return Table(name, {"x": column}, len(values), ",", "utf-8")


_DAY_SET = frozenset(_DAYS)


def trial(reference: Any, current: Any, kind: str, options: Any) -> tuple[bool, str, float | None]:
    """(gate failed, severity level of the column or "skipped", the headline distance over its line)."""
    report = build_report(_table("reference.csv", reference, kind), _table("current.csv", current, kind), options)
    failed = bool(report["summary"]["gate"]["failed"])
    if not report["columns"]:
        return failed, "skipped", None
    column = report["columns"][0]
    distance = column["metrics"].get(column["headline"].get("distance") or "", {})
    ratio = None
    if distance.get("value") is not None and distance.get("threshold"):
        ratio = distance["value"] / distance["threshold"]
    return failed, column["severity"]["level"], ratio


def _no_column(reference: Any, current: Any, kind: str, options: Any) -> tuple[bool, str, float | None]:
    from evaluator.errors import InputError

    try:
        return trial(reference, current, kind, options)
    except InputError:  # "no column can be compared": a skipped column (dates, identifiers) fails nothing
        return False, "skipped", None


def run_cell(draw: Callable, kind: str, n_ref: int, n_cur: int, trials: int, seed: int, *,
             shift: float = 0.0, scale: float = 1.0) -> dict[str, Any]:
    options = resolve({})
    failures = 0
    levels = {"none": 0, "low": 0, "medium": 0, "high": 0, "skipped": 0}
    largest = 0.0
    for t in range(trials):
        rng = np.random.default_rng([seed, n_ref, n_cur, t])
        reference = draw(rng, n_ref)
        current = draw(rng, n_cur)
        if shift or scale != 1.0:
            current = current * scale + shift
        failed, level, ratio = _no_column(reference, current, kind, options)
        failures += failed
        levels[level] += 1
        if ratio is not None and math.isfinite(ratio):
            largest = max(largest, ratio)
    return {"n_ref": n_ref, "n_cur": n_cur, "trials": trials, "failures": failures, "rate": failures / trials,
            "levels": levels, "largest_distance_over_line": largest}


TRIALS: dict[int, int] = {}  # the largest sample of a cell -> its trials (set from the command line)


def trials_for(n_ref: int, n_cur: int, trials: int, large_trials: int) -> int:
    largest = max(n_ref, n_cur)
    for size in sorted(TRIALS):
        if largest <= size:
            return TRIALS[size]
    return large_trials if largest >= LARGE else trials


def upper_bound(failures: int, trials: int) -> float:
    """One-sided 95% upper confidence bound of a rate (Clopper-Pearson)."""
    from scipy.stats import beta

    return 1.0 if failures >= trials else float(beta.ppf(0.95, failures + 1, trials - failures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--large-trials", type=int, default=100)
    parser.add_argument("--trials-at", action="append", default=[], metavar="SIZE=N",
                        help="N trials for cells whose larger sample has at most SIZE values (repeatable)")
    parser.add_argument("--quick", action="store_true", help="a few cells, 200 trials each")
    parser.add_argument("--only", default=None, help="only the cases whose name contains one of these texts (comma-separated)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--largest", default=None, metavar="LO-HI",
                        help="only the cells whose larger sample has from LO to HI values (to add trials to some cells)")
    args = parser.parse_args(argv)
    refs, curs = REFERENCE_SIZES, CURRENT_SIZES
    if args.quick:
        refs, curs, args.trials, args.large_trials = (100, 10_000), (30, 1_000), 200, 200
    if args.largest:
        lo, hi = (int(x) for x in args.largest.split("-"))
        wanted = (lambda n_ref, n_cur: lo <= max(n_ref, n_cur) <= hi)
    else:
        wanted = (lambda n_ref, n_cur: True)
    for item in args.trials_at:
        size, n = item.split("=")
        TRIALS[int(size)] = int(n)
    started = time.time()
    rows = []
    worst = 0.0
    for d_index, (name, (kind, draw)) in enumerate(DISTRIBUTIONS.items()):
        if args.only and not any(part in name for part in args.only.split(",")):
            continue
        for n_ref in refs:
            for n_cur in curs:
                if not wanted(n_ref, n_cur):
                    continue
                cell = run_cell(draw, kind, n_ref, n_cur, trials_for(n_ref, n_cur, args.trials, args.large_trials), d_index)
                worst = max(worst, cell["rate"])
                rows.append({"what": f"no change: {name}", **cell})
                print(_line(rows[-1]), flush=True, file=sys.stderr)
    if not args.only or "shift" in args.only:
        for k, shift in enumerate(SHIFTS):
            for n_ref in refs:
                for n_cur in curs:
                    if not wanted(n_ref, n_cur):
                        continue
                    cell = run_cell(DISTRIBUTIONS["normal"][1], "numeric", n_ref, n_cur,
                                    trials_for(n_ref, n_cur, args.trials, args.large_trials), 100 + k, shift=shift)
                    rows.append({"what": f"shift {shift} std (normal)", **cell})
                    print(_line(rows[-1]), flush=True, file=sys.stderr)
        for n_ref in refs:
            cell = run_cell(DISTRIBUTIONS["normal"][1], "numeric", n_ref, 30, trials_for(n_ref, 30, args.trials, args.large_trials),
                            200, scale=100.0)
            rows.append({"what": "unit change x100 (normal)", **cell})
            print(_line(rows[-1]), flush=True, file=sys.stderr)
    if args.markdown:
        print(markdown(rows))
    else:
        for row in rows:
            print(_line(row))
    print(f"largest false-alarm rate: {worst:.2%}; {time.time() - started:.0f} s", file=sys.stderr)
    return 0


def _line(row: dict[str, Any]) -> str:
    lv = row["levels"]
    return (f"{row['what']:<40} ref {row['n_ref']:>9,} cur {row['n_cur']:>9,}  fail {row['failures']:>4}/{row['trials']:<5}"
            f" = {row['rate']:6.1%}  levels none {lv['none']} low {lv['low']} medium {lv['medium']} high {lv['high']}"
            f" skipped {lv['skipped']}  max distance/line {row['largest_distance_over_line']:.3g}")


def markdown(rows: list[dict[str, Any]]) -> str:
    """One table per case: reference sizes down, current sizes across; each cell the gate's failure
    rate (false alarms for "no change", detections otherwise), with the trials where fewer than 1,000."""
    out = []
    cases = list(dict.fromkeys(r["what"] for r in rows))
    for case in cases:
        mine = [r for r in rows if r["what"] == case]
        curs = sorted({r["n_cur"] for r in mine})
        refs = sorted({r["n_ref"] for r in mine})
        out.append(f"**{case}**\n")
        out.append("| reference \\ current | " + " | ".join(f"{c:,}" for c in curs) + " |")
        out.append("|---|" + "---:|" * len(curs))
        for n_ref in refs:
            cells = []
            for n_cur in curs:
                r = next((r for r in mine if r["n_ref"] == n_ref and r["n_cur"] == n_cur), None)
                if r is None:
                    cells.append("")
                    continue
                text = f"{r['rate']:.1%}"
                if r["trials"] != 1000:
                    text += f" ({r['trials']})"
                if r["levels"]["skipped"] == r["trials"]:
                    text = "skipped"
                cells.append(text)
            out.append(f"| {n_ref:,} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
