"""Calibrate the default drift gate: its false-alarm rate and its power, measured on a grid.

    scripts/calibrate-gate --results FILE       run the grid (long: one niced process), appending to FILE
    scripts/calibrate-gate --quick              a few cells, 200 trials each (a minute), printed only
    scripts/calibrate-gate --markdown FILE      the tables of a results file, as Markdown
    scripts/calibrate-gate --write-page FILE    put those tables into docs/tools/drift-methods.md#calibration

Each trial draws a reference and a current sample (seeded: trial t of a cell uses the seed
``[case, n_ref, n_cur, t]``), builds the drift report of a one-column file pair with the kit's own
code under the default options, and records whether the gate failed and the column's severity
level. For two samples of one distribution every failure is a false alarm; for a shifted current
sample every failure is a detection. A trial takes one of three paths:

- ``raw`` (continuous columns: normal, lognormal, zero-inflated lognormal, the shifts): the values
  themselves, through `evaluator.drift.report.build_report`.
- ``profile`` (discrete numeric columns and dates: Poisson, constant, days of one year): the counts
  of each value are drawn at once (a multinomial over the distribution's values), made into two
  exact drift profiles (`evaluator.profiles.format`) and compared by `compare_profiles`, whose report
  from exact profiles is the report of the files themselves. No value-by-value draw.
- ``counts`` (text categories): the counts drawn the same way, and the report's text-column path
  run on the counts (`categorical_trial`): the type rules of `report.classify_text_counts`, the metrics of
  `engine.categorical_column` (which counts its input with a Counter, so a Counter of the drawn
  counts is the same input), `severity.column_severity` and `severity.gate`. Its cost does not
  depend on the sample size. `tests/unit/drift/test_drift_issue16.py` checks at grid points that the
  gate, the severity level and the distance equal those of `build_report` on the same sample
  written out value by value and shuffled.

Results go to a JSON Lines file, one line per run (its command, start, machine load) and one per
chunk of trials of a cell (its trial range, failures, severity levels, seconds); chunks of one cell
from several runs add up when their trial ranges do not overlap. The tables on the page are made
from that file (`--write-page`), never typed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from evaluator.drift import engine
from evaluator.drift.config import resolve
from evaluator.drift.report import boolean_counts, build_report, classify_text_counts
from evaluator.drift.severity import column_severity, gate
from evaluator.errors import InputError
from evaluator.tables import Column, Table

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "tools" / "drift-methods.md"
RESULTS = ROOT / "scripts" / "calibrate_gate_results.jsonl"
REFERENCE_SIZES = (100, 1_000, 10_000, 100_000, 1_000_000)
CURRENT_SIZES = (30, 100, 1_000, 10_000, 100_000, 1_000_000)
TRIALS = 1000
NAME = "x"

_CATEGORIES_10 = [f"c{i}" for i in range(10)]
_CATEGORIES_500 = [f"k{i:03d}" for i in range(500)]
_DOMINANT = np.array([0.91] + [0.01] * 9)
_DAYS = [(dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(365)]


def _zero_inflated(rng: np.random.Generator, n: int) -> np.ndarray:
    values = rng.lognormal(0, 1, n)
    values[rng.random(n) < 0.7] = 0.0
    return values


def _poisson_support(mean: float) -> tuple[np.ndarray, np.ndarray]:
    """Poisson(mean) on 0..k, k where the tail left out is below 1e-15 (given to k)."""
    from scipy.stats import poisson

    k = int(poisson.isf(1e-15, mean)) + 1
    values = np.arange(k + 1, dtype=np.float64)
    p = poisson.pmf(values, mean)
    p[-1] += 1.0 - p.sum()
    return values, p


@dataclass(frozen=True)
class Case:
    """One distribution of the grid. ``raw``: draw(rng, n) gives the values; ``profile`` and
    ``counts``: ``support`` gives the values and their probabilities."""

    name: str
    kind: str  # "numeric", "text" or "date"
    path: str  # "raw", "profile" or "counts"
    seed: int
    draw: Callable[[np.random.Generator, int], np.ndarray] | None = None
    support: Callable[[], tuple[Any, np.ndarray]] | None = None
    shift: float = 0.0
    scale: float = 1.0
    current_sizes: tuple[int, ...] = CURRENT_SIZES
    null: bool = True  # two samples of one distribution (a failure is a false alarm)


def _uniform(values: list[str]) -> Callable[[], tuple[list[str], np.ndarray]]:
    return lambda: (values, np.full(len(values), 1.0 / len(values)))


_normal = (lambda rng, n: rng.normal(0, 1, n))
CASES: list[Case] = [
    Case("normal", "numeric", "raw", 0, draw=_normal),
    Case("lognormal", "numeric", "raw", 1, draw=lambda rng, n: rng.lognormal(0, 1, n)),
    Case("integer (Poisson 20)", "numeric", "profile", 2, support=lambda: _poisson_support(20.0)),
    Case("heavily tied (70% zeros)", "numeric", "raw", 3, draw=_zero_inflated),
    Case("constant", "numeric", "profile", 4, support=lambda: (np.array([5.0]), np.array([1.0]))),
    Case("2 categories (70/30)", "text", "counts", 5, support=lambda: (["yes", "no"], np.array([0.7, 0.3]))),
    Case("10 categories", "text", "counts", 6, support=_uniform(_CATEGORIES_10)),
    Case("500 categories", "text", "counts", 7, support=_uniform(_CATEGORIES_500)),
    Case("one dominant (91%)", "text", "counts", 8, support=lambda: (_CATEGORIES_10, _DOMINANT)),
    Case("dates (one year)", "date", "profile", 9, support=_uniform(_DAYS)),
    *[Case(f"shift {s} std (normal)", "numeric", "raw", 100 + k, draw=_normal, shift=s, null=False)
      for k, s in enumerate((0.25, 0.5, 1.0))],
    Case("unit change x100 (normal)", "numeric", "raw", 200, draw=_normal, scale=100.0, current_sizes=(30,), null=False),
]
CASE = {c.name: c for c in CASES}


# --- one trial ----------------------------------------------------------------------------------


def _table(name: str, values: Any, kind: str) -> Table:
    if kind == "numeric":
        column = Column(NAME, numeric=np.asarray(values, dtype=np.float64))
    else:
        column = Column(NAME, text=list(values), dates=kind == "date")
    return Table(name, {NAME: column}, len(column), ",", "utf-8")


Outcome = tuple[bool, str, "float | None"]  # gate failed, severity level (or "skipped"), headline distance / its line


def _outcome(report: dict[str, Any]) -> Outcome:
    failed = bool(report["summary"]["gate"]["failed"])
    if not report["columns"]:
        return failed, "skipped", None
    return failed, report["columns"][0]["severity"]["level"], _ratio(report["columns"][0])


def _ratio(column: dict[str, Any]) -> float | None:
    distance = column["metrics"].get(column["headline"].get("distance") or "", {})
    if distance.get("value") is not None and distance.get("threshold"):
        return distance["value"] / distance["threshold"]
    return None


def raw_trial(reference: Any, current: Any, kind: str, options: Any) -> Outcome:
    """The report of the values themselves; a report with no column to compare (a date column,
    high-cardinality text) fails nothing."""
    try:
        return _outcome(build_report(_table("reference.csv", reference, kind), _table("current.csv", current, kind), options))
    except InputError:
        return False, "skipped", None


def exact_profile(values: Any, counts: np.ndarray, kind: str, name: str) -> dict[str, Any]:
    """The exact drift profile of a one-column table holding ``values[i]`` ``counts[i]`` times
    (no missing value), as `evaluator.profiles.local.profile_table` would write it."""
    from evaluator.profiles.format import make_profile, numeric_entry, text_entry

    keep = np.flatnonzero(counts)
    n = int(counts.sum())
    if kind == "numeric":
        v = np.asarray(values, dtype=np.float64)[keep]
        entry = numeric_entry(NAME, n, 0, 0, 0, None, v, counts[keep], whole=bool(np.all(np.floor(v) == v)),
                              order=[float(v[-1]), float(v[0]), False] if v.size > 1 else [float(v[0])] * 2 + [False])
    else:
        entry = text_entry(NAME, n, 0, [values[i] for i in keep], [int(counts[i]) for i in keep], None, dates=kind == "date")
    return make_profile(name, n, ",", "utf-8", [], [entry])


def profile_trial(values: Any, ref_counts: np.ndarray, cur_counts: np.ndarray, kind: str, options: Any) -> Outcome:
    from evaluator.profiles.compare import compare_profiles

    try:
        return _outcome(compare_profiles(exact_profile(values, ref_counts, kind, "reference.csv"),
                                         exact_profile(values, cur_counts, kind, "current.csv"), options))
    except InputError:
        return False, "skipped", None


def categorical_trial(values: list[str], ref_counts: np.ndarray, cur_counts: np.ndarray, options: Any) -> Outcome:
    """The one-column report's gate, severity and headline distance for a text column holding
    ``values[i]`` ``ref_counts[i]`` / ``cur_counts[i]`` times (no missing value), computed from the
    counts by the report's own steps (`report.analyse_column`'s text branch and `build_report`'s
    summary for one column)."""
    ref = Counter({values[i]: int(c) for i, c in enumerate(ref_counts) if c})
    cur = Counter({values[i]: int(c) for i, c in enumerate(cur_counts) if c})
    ctype, _ = classify_text_counts(NAME, ref, cur)
    if ctype == "skip":
        return False, "skipped", None  # "no column can be compared": fails nothing
    if ctype == "boolean":  # yes/no, t/f, ... counted as true/false
        ref, cur = boolean_counts(ref), boolean_counts(cur)
    # a Counter of a Counter is its counts: the same input as the values one by one
    result = engine.categorical_column(ref, cur, options)
    n_ref, n_cur = sum(ref.values()), sum(cur.values())
    entry = {
        "name": NAME, "type": ctype, "distinct_values": result["distinct_values"],
        "counts": {"reference": {"rows": n_ref, "missing": 0, "non_finite": 0, "used": n_ref},
                   "current": {"rows": n_cur, "missing": 0, "non_finite": 0, "used": n_cur}},
        "headline": result["headline"], "metrics": result["metrics"], "histogram": result["histogram"], "notes": [],
    }
    entry["severity"] = column_severity(entry)
    drifted = bool(entry["headline"]["drifted"])
    dataset_drift = (1.0 if drifted else 0.0) >= options.drift_share
    failed = bool(gate([entry], [], dataset_drift, "dataset drift", options)["failed"])
    return failed, entry["severity"]["level"], _ratio(entry)


def draw_counts(rng: np.random.Generator, p: np.ndarray, n_ref: int, n_cur: int) -> tuple[np.ndarray, np.ndarray]:
    return rng.multinomial(n_ref, p), rng.multinomial(n_cur, p)


def run_trial(case: Case, n_ref: int, n_cur: int, t: int, options: Any, support: Any = None) -> Outcome:
    rng = np.random.default_rng([case.seed, n_ref, n_cur, t])
    if case.path == "raw":
        reference = case.draw(rng, n_ref)
        current = case.draw(rng, n_cur)
        if case.shift or case.scale != 1.0:
            current = current * case.scale + case.shift
        return raw_trial(reference, current, case.kind, options)
    values, p = support if support is not None else case.support()
    ref_counts, cur_counts = draw_counts(rng, p, n_ref, n_cur)
    if case.path == "profile":
        return profile_trial(values, ref_counts, cur_counts, case.kind, options)
    return categorical_trial(values, ref_counts, cur_counts, options)


def run_chunk(case: Case, n_ref: int, n_cur: int, first: int, trials: int) -> dict[str, Any]:
    options = resolve({})
    support = case.support() if case.support else None
    failures = 0
    levels = {"none": 0, "low": 0, "medium": 0, "high": 0, "skipped": 0}
    largest = 0.0
    started = time.perf_counter()
    # one value (constant): every trial draws the same two samples (n_ref and n_cur copies of it),
    # so one report is every trial's report
    identical = support is not None and len(support[0]) == 1
    once = run_trial(case, n_ref, n_cur, first, options, support) if identical else None
    for t in range(first, first + trials):
        failed, level, ratio = once or run_trial(case, n_ref, n_cur, t, options, support)
        failures += failed
        levels[level] += 1
        if ratio is not None and math.isfinite(ratio):
            largest = max(largest, ratio)
    return {"case": case.name, "path": case.path, "n_ref": n_ref, "n_cur": n_cur, "first_trial": first, "trials": trials,
            "failures": failures, "levels": levels, "largest_distance_over_line": round(largest, 6),
            "seconds": round(time.perf_counter() - started, 3), "load": round(os.getloadavg()[0], 2),
            **({"identical_samples": True} if identical else {})}


# --- the plan: which cells first ----------------------------------------------------------------


def cells(case: Case) -> list[tuple[int, int]]:
    return [(r, c) for r in REFERENCE_SIZES for c in case.current_sizes]


def tier(n_ref: int, n_cur: int) -> int:
    """0: no sample above 100,000 values; 1: a million-value sample and one of at most 1,000 (the
    test decides there: the most informative of the costly cells); 2: the rest."""
    if max(n_ref, n_cur) <= 100_000:
        return 0
    return 1 if min(n_ref, n_cur) <= 1_000 else 2


ROUNDS = (100, 250, 500, 1000)  # the costly cells reach these trial counts one round after the other


def priority(case: Case, n_ref: int, n_cur: int) -> int:
    """Order of the costly cells within a round: false alarms where the test decides (one small
    sample), the unit change, detection where one sample is small, then the cells where both
    samples are large and the distance decides."""
    if tier(n_ref, n_cur) == 1:
        return 0 if case.null else (1 if case.current_sizes != CURRENT_SIZES else 2)
    return 3 if case.null else 4


def plan(cases: list[Case], trials: int, done: dict[tuple[str, int, int], set[int]],
         rounds: tuple[int, ...] = ROUNDS) -> list[tuple[Case, int, int, int, int]]:
    """Chunks (case, n_ref, n_cur, first trial, trials) not done yet: every cheap cell (the counts
    path, and no sample above 100,000 values) to the full count first, then the costly cells in
    rounds (`ROUNDS`), each round in the order of `priority`, so a run stopped early leaves every
    costly cell measured and the most informative ones measured most."""
    out = []
    costly = []
    for case in cases:
        for n_ref, n_cur in cells(case):
            have = done.get((case.name, n_ref, n_cur), set())
            if case.path == "counts" or tier(n_ref, n_cur) == 0:
                missing = [t for t in range(trials) if t not in have]
                if missing:
                    out.append((case, n_ref, n_cur, missing[0], len(missing)))
            else:
                costly.append((priority(case, n_ref, n_cur), case, n_ref, n_cur, have))
    costly.sort(key=lambda item: item[0])
    bounds = [0] + [r for r in rounds if r < trials] + [trials]
    for lo, hi in zip(bounds, bounds[1:]):
        for _, case, n_ref, n_cur, have in costly:
            todo = [i for i in range(lo, hi) if i not in have]
            if todo:
                out.append((case, n_ref, n_cur, todo[0], len(todo)))
    return out


# --- results -------------------------------------------------------------------------------------


def read_results(path: Path) -> tuple[list[dict[str, Any]], dict[tuple[str, int, int], dict[str, Any]]]:
    """The runs and, per cell, its chunks added up (a chunk whose trials a cell already has is
    left out: the same seeds give the same trials)."""
    runs, merged = [], {}
    if not path.exists():
        return runs, merged
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if "run" in rec and "case" not in rec:
            runs.append(rec)
            continue
        key = (rec["case"], rec["n_ref"], rec["n_cur"])
        span = set(range(rec["first_trial"], rec["first_trial"] + rec["trials"]))
        cell = merged.setdefault(key, {"case": rec["case"], "path": rec["path"], "n_ref": rec["n_ref"], "n_cur": rec["n_cur"],
                                       "trials": 0, "failures": 0, "levels": Counter(), "largest_distance_over_line": 0.0,
                                       "seconds": 0.0, "seeds": set(), "runs": set(), "identical_samples": False})
        if cell["seeds"] & span:
            continue
        cell["seeds"] |= span
        cell["trials"] += rec["trials"]
        cell["failures"] += rec["failures"]
        cell["levels"].update(rec["levels"])
        cell["largest_distance_over_line"] = max(cell["largest_distance_over_line"], rec["largest_distance_over_line"])
        cell["seconds"] += rec["seconds"]
        cell["runs"].add(rec["run"])
        cell["identical_samples"] |= bool(rec.get("identical_samples"))
    return runs, merged


def upper_bound(failures: int, trials: int) -> float:
    """One-sided 95% upper confidence bound of a rate (Clopper-Pearson)."""
    from scipy.stats import beta

    return 1.0 if failures >= trials else float(beta.ppf(0.95, failures + 1, trials - failures))


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=None, help="run the grid, appending to this JSON Lines file")
    parser.add_argument("--trials", type=int, default=TRIALS)
    parser.add_argument("--only", default=None,
                        help="only the cases whose name contains one of these texts (comma-separated; =name: that name exactly)")
    parser.add_argument("--until", default=None, metavar="HH:MM", help="start no chunk after this UTC time")
    parser.add_argument("--quick", action="store_true", help="a few cells, 200 trials each, printed only")
    parser.add_argument("--markdown", type=Path, default=None, metavar="RESULTS", help="print the tables of a results file")
    parser.add_argument("--write-page", type=Path, default=None, metavar="RESULTS",
                        help="write the tables of a results file into docs/tools/drift-methods.md")
    args = parser.parse_args(argv)
    if args.markdown or args.write_page:
        runs, merged = read_results(args.markdown or args.write_page)
        text = markdown(runs, merged)
        if args.write_page:
            write_page(text)
        else:
            print(text)
        return 0
    cases = [c for c in CASES if not args.only or any(_named(part, c.name) for part in args.only.split(","))]
    if args.quick:
        for case in cases:
            for n_ref, n_cur in ((100, 30), (10_000, 1_000)):
                if n_cur in case.current_sizes:
                    print(_line(run_chunk(case, n_ref, n_cur, 0, 200)), flush=True)
        return 0
    if args.results is None:
        parser.error("give --results FILE (or --quick, --markdown, --write-page)")
    _, merged = read_results(args.results)
    done = {key: cell["seeds"] for key, cell in merged.items()}
    todo = plan(cases, args.trials, done)
    run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    header = {"run": run_id, "command": "scripts/calibrate-gate " + shlex.join(sys.argv[1:] if argv is None else argv),
              "commit": _commit(), "python": platform.python_version(), "numpy": np.__version__, "cpus": os.cpu_count(),
              "load_at_start": [round(x, 2) for x in os.getloadavg()], "chunks_planned": len(todo),
              "seeds": "trial t of a cell: numpy default_rng([case seed, n_ref, n_cur, t])",
              "case_seeds": {c.name: c.seed for c in cases}}
    with args.results.open("a", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
    until = None
    if args.until:
        hh, mm = (int(x) for x in args.until.split(":"))
        until = dt.datetime.now(dt.timezone.utc).replace(hour=hh, minute=mm, second=0, microsecond=0)
    for case, n_ref, n_cur, first, trials in todo:
        if until and dt.datetime.now(dt.timezone.utc) >= until:
            print(f"stopped at {args.until} UTC", file=sys.stderr)
            break
        rec = {"run": run_id, **run_chunk(case, n_ref, n_cur, first, trials)}
        with args.results.open("a", encoding="utf-8") as out:
            out.write(json.dumps(rec) + "\n")
        print(_line(rec), flush=True, file=sys.stderr)
    return 0


def _named(part: str, name: str) -> bool:
    return part[1:] == name if part.startswith("=") else part in name


def _line(row: dict[str, Any]) -> str:
    lv = row["levels"]
    return (f"{row['case']:<28} {row['path']:<7} ref {row['n_ref']:>9,} cur {row['n_cur']:>9,} trials {row.get('first_trial', 0)}+"
            f"{row['trials']:<5} fail {row['failures']:>4} levels n{lv['none']} l{lv['low']} m{lv['medium']} h{lv['high']}"
            f" s{lv['skipped']} max d/line {row['largest_distance_over_line']:.3g} {row['seconds']:.1f}s")


# --- the page ------------------------------------------------------------------------------------


START, END = "<!-- calibration tables: made by scripts/calibrate-gate --write-page -->", "<!-- end of the calibration tables -->"


def _pct(failures: int, trials: int) -> str:
    return f"{failures / trials:.1%}" if trials else "-"


def _cell_text(cell: dict[str, Any] | None) -> str:
    if cell is None:
        return "not run"
    if cell["levels"].get("skipped", 0) == cell["trials"]:
        text = "not compared"
    else:
        text = _pct(cell["failures"], cell["trials"])
    return text if cell["trials"] == TRIALS else f"{text} ({cell['trials']:,})"


def _grid_table(cases: list[Case], merged: dict, label: str, aria: str) -> list[str]:
    out = [f'<div class="kit-scroll" tabindex="0" role="region" aria-label="{aria} (table; scrolls sideways on narrow screens)" markdown>', "",
           f"| {label} | reference | " + " | ".join(f"{c:,}" for c in CURRENT_SIZES) + " |",
           "|---|---:|" + "---:|" * len(CURRENT_SIZES)]
    for case in cases:
        for n_ref in REFERENCE_SIZES:
            row = [_cell_text(merged.get((case.name, n_ref, n_cur))) for n_cur in CURRENT_SIZES]
            out.append(f"| {case.name} | {n_ref:,} | " + " | ".join(row) + " |")
    return out + ["", "</div>", ""]


def _lowest(merged: dict, case: str, keep: Callable[[int, int], bool]) -> dict[str, Any] | None:
    mine = [c for (name, r, n), c in merged.items() if name == case and keep(r, n)]
    return min(mine, key=lambda c: c["failures"] / c["trials"], default=None)


def _detection(merged: dict) -> list[str]:
    """Where detection must stay (the issue's lines), each with its weakest measured cell."""
    checks = [("unit change x100 (normal)", lambda r, n: True, "a unit change (x100) at 30 current rows, any reference size"),
              ("shift 1.0 std (normal)", lambda r, n: min(r, n) >= 100, "a 1-std mean shift, both samples at least 100 values"),
              ("shift 0.5 std (normal)", lambda r, n: min(r, n) >= 1_000, "a 0.5-std shift, both samples at least 1,000 values"),
              ("shift 0.25 std (normal)", lambda r, n: min(r, n) >= 1_000, "a 0.25-std shift, both samples at least 1,000 values")]
    parts = []
    for case, keep, words in checks:
        cell = _lowest(merged, case, keep)
        if cell is not None:
            parts.append(f"{words}: at least {_pct(cell['failures'], cell['trials'])} "
                         f"(weakest cell: reference {cell['n_ref']:,}, current {cell['n_cur']:,}, {cell['failures']:,} of {cell['trials']:,})")
    return (["Detection (the gate failing on a shifted sample), weakest cell of each: " + "; ".join(parts) + ".", ""]
            if parts else [])


def _ms(cell: dict[str, Any]) -> float:
    return 1000 * cell["seconds"] / cell["trials"]


def markdown(runs: list[dict[str, Any]], merged: dict[tuple[str, int, int], dict[str, Any]]) -> str:
    """The page's tables: false alarms and detections by reference and current size (each cell the
    gate's failure rate, with its trials in brackets where fewer than 1,000), the unit change, and
    per case the pooled rates, the worst cell, the severity levels and the cost of a trial."""
    null = [c for c in CASES if c.null]
    shifts = [c for c in CASES if not c.null and c.current_sizes == CURRENT_SIZES]
    unit = [c for c in CASES if c.current_sizes != CURRENT_SIZES]
    all_cells = [(c, r, n) for c in CASES for r, n in cells(c)]
    have = [merged[(c.name, r, n)] for c, r, n in all_cells if (c.name, r, n) in merged]
    full = sum(1 for cell in have if cell["trials"] >= TRIALS)
    short = sorted((cell for cell in have if cell["trials"] < TRIALS), key=lambda x: (x["trials"], x["case"]))
    compared_null = [merged[(c.name, r, n)] for c, r, n in all_cells
                     if c.null and (c.name, r, n) in merged and merged[(c.name, r, n)]["levels"].get("skipped", 0) == 0]
    trials = sum(cell["trials"] for cell in compared_null)
    failures = sum(cell["failures"] for cell in compared_null)
    worst = max(compared_null, key=lambda x: (x["failures"] / x["trials"], x["trials"]), default=None)
    out = [START, ""]
    out.append(f"Cells measured: {len(have)} of {len(all_cells)}; {full} with {TRIALS:,} trials"
               + (f", {len(short)} with fewer (their count in brackets in the tables)" if short else "")
               + ". Trials in all: " + f"{sum(cell['trials'] for cell in have):,}.")
    out.append("")
    for count in sorted({c["trials"] for c in short}):
        by_case: dict[str, list[str]] = {}
        for c in short:
            if c["trials"] == count:
                by_case.setdefault(c["case"], []).append(f"{c['n_ref']:,} x {c['n_cur']:,}")
        out.append(f"- {count:,} trials (reference x current): "
                   + "; ".join(f"{case}: {', '.join(sizes)}" for case, sizes in by_case.items()))
    if short:
        out.append("")
    missing = [(c, r, n) for c, r, n in all_cells if (c.name, r, n) not in merged]
    if missing:
        out.append(f"Not run ({len(missing)} cells, shown as \"not run\"): "
                   + "; ".join(f"{c.name} {r:,} x {n:,}" for c, r, n in missing) + ".")
        out.append("")
    if worst is not None:
        out.append(f"No change, over every compared cell: {failures:,} gate failures in {trials:,} trials ({failures / trials:.2%}); "
                   f"the worst cell: {worst['case']}, reference {worst['n_ref']:,}, current {worst['n_cur']:,}, "
                   f"{worst['failures']} in {worst['trials']:,} ({_pct(worst['failures'], worst['trials'])}; "
                   f"95% upper bound {upper_bound(worst['failures'], worst['trials']):.1%}).")
        out.append("")
    out += _detection(merged)
    out += _grid_table(null, merged, "no change (false alarms)", "False-alarm rate of the default gate by reference and current size")
    out += _grid_table(shifts, merged, "shifted mean (detections)", "Detection rate of the default gate for shifted means")
    for case in unit:
        out.append(f"| {case.name}, {case.current_sizes[0]} current rows | " + " | ".join(f"{r:,}" for r in REFERENCE_SIZES) + " |")
        out.append("|---|" + "---:|" * len(REFERENCE_SIZES))
        out.append("| gate failed | " + " | ".join(_cell_text(merged.get((case.name, r, case.current_sizes[0]))) for r in REFERENCE_SIZES) + " |")
        out.append("")
    out.append("Per case, over every cell: the gate's failures, the worst cell of 1,000 trials (with the 95% upper bound of its "
               "rate), the severity levels the column reached, how a trial was computed and what it cost (milliseconds, "
               "median over the cells and at the costliest cell):")
    out.append("")
    out.append('<div class="kit-scroll" tabindex="0" role="region" aria-label="The gate\'s failures and severity levels per case, over every cell '
               '(table; scrolls sideways on narrow screens)" markdown>')
    out.append("")
    out.append("| case | trials | gate failed (pooled) | worst cell of 1,000 trials | severity low or above | medium or above | high | path | ms a trial: median, largest |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for case in CASES:
        mine = [merged[(case.name, r, n)] for r, n in cells(case) if (case.name, r, n) in merged]
        if not mine:
            continue
        n = sum(c["trials"] for c in mine)
        lv = Counter()
        for c in mine:
            lv.update(c["levels"])
        costs = sorted(_ms(c) for c in mine)
        cost = f"{costs[len(costs) // 2]:.3g}, {costs[-1]:.3g}"
        if any(c["identical_samples"] for c in mine):
            cost = "one report a cell (every trial draws the same samples)"
        if lv["skipped"] == n:
            out.append(f"| {case.name} | {n:,} | not compared (never fails) | - | - | - | - | {case.path} | {cost} |")
            continue
        fails = sum(c["failures"] for c in mine)
        full_cells = [c for c in mine if c["trials"] >= TRIALS]
        top = max(full_cells, key=lambda x: x["failures"], default=None)
        top_text = f"{_pct(top['failures'], top['trials'])} (<= {upper_bound(top['failures'], top['trials']):.1%})" if top else "-"
        low = lv["low"] + lv["medium"] + lv["high"]
        out.append(f"| {case.name} | {n:,} | {fails / n:.2%} | {top_text} | {low / n:.2%} | {(lv['medium'] + lv['high']) / n:.2%} "
                   f"| {lv['high'] / n:.2%} | {case.path} | {cost} |")
    out += ["", "</div>", ""]
    out.append("Runs (each appends to `scripts/calibrate_gate_results.jsonl`; trials of one cell from several runs add up, "
               "their seeds never overlap):")
    out.append("")
    out.append("| run (UTC) | command | commit | load at start (1, 5, 15 min) |")
    out.append("|---|---|---|---|")
    used = set().union(*(cell["runs"] for cell in have)) if have else set()
    for run in runs:
        if run["run"] in used:
            out.append(f"| {run['run']} | `{run['command']}` | {run['commit']} | {', '.join(str(x) for x in run['load_at_start'])} |")
    out += ["", END]
    return "\n".join(out)


def write_page(text: str, page: Path = PAGE) -> None:
    """Replace the tables between the two markers of the page's calibration section."""
    doc = page.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{page}: the calibration section has no markers ({START!r} ... {END!r})")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    page.write_text(head + text + tail, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
