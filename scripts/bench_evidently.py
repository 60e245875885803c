"""Benchmark the drift CLI against Evidently's DataDriftPreset, end to end, on the same CSV files.

    scripts/bench-evidently                  1,000,000 rows x 10 numeric columns in each file
    scripts/bench-evidently --rows 200000    smaller
    scripts/bench-evidently --repeat 3       three rounds (ours and Evidently alternate)
    scripts/bench-evidently --readers        also time reading one file three ways
    scripts/bench-evidently --parquet        the same data as Parquet (both sides read Parquet)

Both sides start from the two CSV files on disk and end with a JSON-able result in memory: ours
is ``python -m evaluator drift REF CUR --format json`` (reading, every metric, the JSON
report); Evidently's is ``pandas.read_csv`` of both files, ``Report([DataDriftPreset()]).run``
and ``Snapshot.dict()``. Each run is a fresh process, so both pay their imports; its peak
memory is the larger of its maximum resident set (``os.wait4``) and the largest sum of the
proportional set sizes of it and its children, sampled every 100 ms. Ours reads through Apache
Arrow (the ``arrow`` extra, installed in both venvs). Runs alternate round by round
so machine noise hits both alike; the script prints each run, the medians and the ratios (goals:
ours at least 20x faster on CSV with at most a fifth of Evidently's peak memory; 40x on Parquet,
where Evidently reads with ``pandas.read_parquet``).

It runs in the Evidently venv (``.venv-evidently``: Evidently 0.7.23, pandas<3, the evaluator
installed editable), so both sides use the same Python, numpy and scipy. The files are written
once under ``build/bench/`` and kept; timings are noisy on a shared machine: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "build" / "bench"


def pair_paths(rows: int, columns: int, shift: float) -> tuple[Path, Path]:
    return DATA / f"reference-{rows}x{columns}-{shift}.csv", DATA / f"current-{rows}x{columns}-{shift}.csv"


def write_pair(rows: int, columns: int, shift: float) -> tuple[Path, Path]:
    """The reference and current CSV files (7 significant digits, about 70 MB a file at 1M x 10)."""
    import numpy as np

    from scripts.bench_drift import make_columns

    ref_path, cur_path = pair_paths(rows, columns, shift)
    if ref_path.exists() and cur_path.exists():
        return ref_path, cur_path
    DATA.mkdir(parents=True, exist_ok=True)
    cols = make_columns(rows, columns, shift)
    header = ",".join(f"c{i}" for i in range(columns))
    for which, path in ((0, ref_path), (1, cur_path)):
        body = np.column_stack([pair[which] for pair in cols])
        tmp = path.with_suffix(".tmp")
        np.savetxt(tmp, body, delimiter=",", fmt="%.7g", header=header, comments="")
        tmp.replace(path)
    return ref_path, cur_path


def write_parquet(ref: Path, cur: Path) -> tuple[Path, Path]:
    """Parquet copies of the CSV pair (float64 columns, as pandas reads the CSV)."""
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    out = []
    for path in (ref, cur):
        target = path.with_suffix(".parquet")
        if not target.exists():
            tmp = target.with_suffix(".tmp")
            pq.write_table(pcsv.read_csv(path), tmp)
            tmp.replace(target)
        out.append(target)
    return out[0], out[1]


def run_evidently(reference: str, current: str) -> None:
    """The Evidently side, in a child process: read with pandas, run the preset, export a dict."""
    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset

    read = pd.read_parquet if reference.endswith(".parquet") else pd.read_csv
    ref = read(reference)
    cur = read(current)
    snapshot = Report([DataDriftPreset()]).run(cur, ref)
    result = snapshot.dict()
    print(json.dumps({"metrics": len(result.get("metrics", []))}))


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc; the command line forks one to read)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return out


def _pss_bytes(pids: list[int]) -> int:
    """The proportional set size of the processes together: shared pages counted once in all."""
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
    return total


def measure(command: list[str]) -> tuple[float, int, bytes, bytes, int]:
    """Wall seconds and peak memory (bytes) of one child process and the processes it starts.

    The peak is the larger of two measures: the kernel's maximum resident set of the process (and
    of the largest process it waited for; ``os.wait4``), and the largest sum of the proportional
    set sizes of the process and its children, sampled every 100 ms (a process that reads with a
    second process counts both; pages they share count once)."""
    import tempfile
    import threading

    peak_pss = 0
    done = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)

        def sample() -> None:
            nonlocal peak_pss
            while not done.wait(0.1):
                peak_pss = max(peak_pss, _pss_bytes(_descendants(proc.pid)))

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return seconds, max(usage.ru_maxrss * 1024, peak_pss), out.read(), err.read(), proc.returncode


def time_readers(path: Path, repeat: int) -> None:
    """Reading alone, in this process, interleaved: the general reader (stdlib csv), the fast path
    (numpy's C reader by pieces) and plain ``numpy.loadtxt`` of the whole file (no checks)."""
    import numpy as np

    from evaluator.tables import read_csv, read_text_csv

    data = path.read_bytes()
    readers = {
        "general reader (csv module)": lambda: read_text_csv(data, path.name),
        "fast path (numpy's C reader)": lambda: read_csv(data, path.name),
        "numpy.loadtxt, whole file": lambda: np.loadtxt(path, delimiter=",", skiprows=1),
    }
    best = {name: float("inf") for name in readers}
    for _ in range(repeat):
        for name, read in readers.items():
            start = time.perf_counter()
            read()
            best[name] = min(best[name], time.perf_counter() - start)
    base = best["numpy.loadtxt, whole file"]
    for name, seconds in best.items():
        print(f"reading {path.name}: {name:30} {seconds:6.2f} s  ({seconds / base:.2f}x numpy.loadtxt)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench-evidently", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--shift", type=float, default=0.1, help="how far the current data moves")
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each round runs both once")
    parser.add_argument("--readers", action="store_true", help="also time reading one file: general reader, fast path, numpy.loadtxt")
    parser.add_argument("--parquet", action="store_true", help="compare the same data as Parquet files")
    parser.add_argument("--child", choices=("evidently", "readers", "write", "parquet"), help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "evidently":
        run_evidently(*args.files)
        return 0
    if args.child == "readers":
        time_readers(Path(args.files[0]), max(args.repeat, 1))
        return 0
    if args.child == "write":
        write_pair(args.rows, args.columns, args.shift)
        return 0
    if args.child == "parquet":
        write_parquet(*pair_paths(args.rows, args.columns, args.shift))
        return 0

    ref, cur = pair_paths(args.rows, args.columns, args.shift)
    if not (ref.exists() and cur.exists()):
        # Written by a child process too: a child's peak memory (os.wait4) counts the peak of the
        # parent it was started from, so this process must never hold the generated columns.
        subprocess.run([sys.executable, "-m", "scripts.bench_evidently", "--child", "write", "--rows", str(args.rows),
                        "--columns", str(args.columns), "--shift", str(args.shift)], cwd=ROOT, check=True)
    if args.parquet:
        subprocess.run([sys.executable, "-m", "scripts.bench_evidently", "--child", "parquet", "--rows", str(args.rows),
                        "--columns", str(args.columns), "--shift", str(args.shift)], cwd=ROOT, check=True)
        ref, cur = ref.with_suffix(".parquet"), cur.with_suffix(".parquet")
    size = (ref.stat().st_size + cur.stat().st_size) / 1e6
    kind = "Parquet" if args.parquet else "CSV"
    print(f"files: {ref.name} and {cur.name}, {size:.0f} MB of {kind} in all ({args.rows:,} rows x {args.columns} columns each)")
    print(f"python: {sys.executable}")
    print("load average at the start: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)")
    if args.readers:
        # in a child process: the arrays it reads would otherwise stay in this process, and every
        # later child starts as a copy of it (fork), which inflates the peak memory they report
        subprocess.run([sys.executable, "-m", "scripts.bench_evidently", "--child", "readers", "--repeat", str(args.repeat), str(ref)],
                       cwd=ROOT, check=True)
    ours_cmd = [sys.executable, "-m", "evaluator", "drift", str(ref), str(cur), "--format", "json", "--output", os.devnull, "--progress", "never"]
    theirs_cmd = [sys.executable, "-m", "scripts.bench_evidently", "--child", "evidently", str(ref), str(cur)]
    runs: dict[str, list[tuple[float, int]]] = {"ours": [], "evidently": []}
    for round_ in range(args.repeat):
        order = (("ours", ours_cmd), ("evidently", theirs_cmd))
        if round_ % 2:
            order = order[::-1]
        for name, command in order:
            seconds, peak, _, err, code = measure(command)
            if code not in (0, 1):
                print(f"{name} failed (exit {code}):\n{err.decode()[-3000:]}", file=sys.stderr)
                return 2
            runs[name].append((seconds, peak))
            print(f"round {round_ + 1}: {name:9} {seconds:7.2f} s   peak {peak / 2**20:6.0f} MiB", flush=True)
    ours_t = statistics.median(s for s, _ in runs["ours"])
    theirs_t = statistics.median(s for s, _ in runs["evidently"])
    ours_m = max(m for _, m in runs["ours"])
    theirs_m = max(m for _, m in runs["evidently"])
    print("load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    goal = 40 if args.parquet else 20
    print(f"median time: ours {ours_t:.2f} s, Evidently {theirs_t:.2f} s -> ours is {theirs_t / ours_t:.1f}x faster (goal: {goal}x)")
    print(f"peak memory: ours {ours_m / 2**20:.0f} MiB, Evidently {theirs_m / 2**20:.0f} MiB -> "
          f"ours is {ours_m / theirs_m:.2f} of Evidently's (goal: at most 0.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
