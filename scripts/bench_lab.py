"""Benchmark: the drift lab in Chromium against the native CLI and a bare Pyodide boot, in one run.

Two measurements, each against its baseline measured in the same run, round by round:
  large pair   two CSV files of 1,000,000 rows x 10 numeric columns (about 90 MB each; the current
               one shifted), given to the lab's file inputs in a booted page: the time from pressing
               Compare (files chosen) to the report's table on the page, against the native CLI
               (`python -m evaluator drift ... --format json`) on the same files. Goal: at most 3x.
  example      a fresh browser context (cold cache) opening the lab page and pressing "Load the
               example" at once: the time to the example's live result, against a bare Pyodide
               boot (the core alone, in a worker) in a fresh context.
  profiles     two drift profiles of 500 columns each (400 numeric in bucket mode, 50 numeric and 50
               text in exact mode), dropped on the lab's boxes in a booted, warm page: the time from
               the first drop to the report's table (the page reads each profile as it is dropped,
               then Compare), against the native CLI (`mlops-kit drift` on the same two profiles,
               a fresh process). Goal (issue 20): at most 3 s.
Timings stay out of the pass/fail suite; this script is run by hand (scripts/bench-lab).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from scripts.bench_runtime import BARE_WORKER
from scripts.bench_runtime import measure as boot_time
from scripts.browser import launch_args
from scripts.site_server import SiteServer

LAB = "tools/drift-lab/"
COLUMNS = 10
TIMEOUT = 600_000  # ms


def write_pair(folder: Path, rows: int) -> tuple[Path, Path]:
    """A reference and a current CSV file of ``rows`` rows x 10 numeric columns (fixed seed; the
    current file shifted by a tenth of a unit), written once and reused."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"reference-{rows}.csv", folder / f"current-{rows}.csv"
    rng = np.random.default_rng(2026)
    for path, shift in zip(paths, (0.0, 0.1)):
        if path.exists():
            continue
        header = ",".join(f"x{i}" for i in range(COLUMNS))
        with open(path, "w", encoding="ascii") as fh:
            fh.write(header + "\n")
            for start in range(0, rows, 100_000):
                block = rng.normal(shift, 1.0, size=(min(100_000, rows - start), COLUMNS)) * 10 + 50
                np.savetxt(fh, block, fmt="%.5f", delimiter=",")
    return paths


PROFILE_COLUMNS = {"bucket": 400, "exact": 50, "text": 50}


def write_profiles(folder: Path, rows: int) -> tuple[Path, Path]:
    """Two profiles of 500 columns (see PROFILE_COLUMNS) of ``rows`` rows each, made natively by the
    profiles package from columns generated in memory (fixed seed; every fifth column of the current
    one shifted), written once and reused."""
    from evaluator.profiles import dumps, profile_table
    from evaluator.tables import Column, Table

    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"reference-500-{rows}.profile.json.gz", folder / f"current-500-{rows}.profile.json.gz"
    rng = np.random.default_rng(500)
    for path, current in zip(paths, (False, True)):
        if path.exists():
            continue
        columns = {}
        for i in range(PROFILE_COLUMNS["bucket"]):
            shift = 0.2 if current and i % 5 == 0 else 0.0
            columns[f"amount_{i}"] = Column(f"amount_{i}", numeric=rng.lognormal(3 + shift, 1, rows))
        for i in range(PROFILE_COLUMNS["exact"]):
            columns[f"count_{i}"] = Column(f"count_{i}", numeric=rng.poisson(5 + (1 if current and i % 5 == 0 else 0), rows).astype(np.float64))
        plans = np.array(["basic", "plus", "pro", "team", "enterprise"])
        for i in range(PROFILE_COLUMNS["text"]):
            p = [0.3, 0.3, 0.2, 0.1, 0.1] if current and i % 5 == 0 else [0.4, 0.3, 0.15, 0.1, 0.05]
            columns[f"plan_{i}"] = Column(f"plan_{i}", text=plans[rng.choice(5, rows, p=p)].tolist())
        table = Table(path.name.split(".")[0] + ".csv", columns, rows, ",", "utf-8", [])
        path.write_bytes(dumps(profile_table(table)))
    return paths


def profiles_lab_seconds(browser, base: str, names: tuple[str, str]) -> tuple[float, float, float]:
    """Seconds from dropping the reference profile on the lab (booted and warm; the files already in
    the page's memory, as a dragged file is) to the report's table shown: both drops, the page's
    reading of each profile, Compare and the comparison; the seconds of that until both profiles
    were read; and the seconds the comparison took in the worker (as the page states it, to 0.1 s)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + LAB)
    page.wait_for_selector('.drift-lab[data-warm="true"]', timeout=TIMEOUT)
    seconds = page.evaluate(
        """async (names) => {
          const files = await Promise.all(names.map(async (name) =>
            new File([await (await fetch(`/bench/${name}`)).blob()], name)));
          const lab = document.querySelector('.drift-lab');
          const slot = (role) => lab.querySelector(`.drift-file[data-role="${role}"]`);
          const drop = (role, file) => {
            const data = new DataTransfer();
            data.items.add(file);
            slot(role).querySelector('.drift-file__zone').dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
          };
          const until = (test) => new Promise((resolve, reject) => {
            const check = () => {
              const error = lab.querySelector('.drift-lab__error:not([hidden]), .drift-file__error:not([hidden])');
              if (error) { watch.disconnect(); reject(new Error(error.textContent)); return true; }
              if (test()) { watch.disconnect(); resolve(); return true; }
              return false;
            };
            const watch = new MutationObserver(check);
            watch.observe(lab, { childList: true, subtree: true, characterData: true, attributes: true });
            check();
          });
          const started = performance.now();
          drop('reference', files[0]);
          drop('current', files[1]);
          await until(() => ['reference', 'current'].every((r) => slot(r).dataset.input === 'profile' && !slot(r).dataset.checking));
          const read = (performance.now() - started) / 1000;
          lab.querySelector('.drift-lab__compare').click();
          await until(() => lab.querySelector('.drift-lab__live .drift-table table'));
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const computed = lab.querySelector('.drift-lab__live .drift-lab__provenance').textContent.match(/in ([0-9.]+) s/);
          return [(performance.now() - started) / 1000, read, Number(computed[1])];
        }""",
        [n for n in names],
    )
    context.close()
    return seconds[0], seconds[1], seconds[2]


def cli_seconds(reference: Path, current: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "evaluator", "drift", str(reference), str(current), "--format", "json", "--output", "/dev/null"],
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"the CLI failed: {done.stderr}")
    return seconds


def lab_seconds(browser, base: str, reference: Path, current: Path) -> tuple[float, dict]:
    """Seconds from pressing Compare (both files chosen, evaluator ready and warm) to the report's table,
    and the worker's own progress stages (seconds from the press at which each was first seen)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + LAB)
    # A reader chooses files after the page has loaded and warmed up (drift_lab_warm_up).
    page.wait_for_selector('.drift-lab[data-warm="true"]', timeout=TIMEOUT)
    page.locator('.drift-file[data-role="reference"] input[type=file]').set_input_files(str(reference))
    page.locator('.drift-file[data-role="current"] input[type=file]').set_input_files(str(current))
    out = page.evaluate(
        """() => new Promise((resolve, reject) => {
          const lab = document.querySelector('.drift-lab');
          const stage = lab.querySelector('.drift-lab__stage');
          const stages = {};
          const started = performance.now();
          const watch = new MutationObserver(() => {
            const name = stage.textContent.split(':')[0];
            if (name && !(name in stages)) stages[name] = (performance.now() - started) / 1000;
            const table = lab.querySelector('.drift-lab__live .drift-table table');
            const error = lab.querySelector('.drift-lab__error:not([hidden])');
            if (error) { watch.disconnect(); reject(new Error(error.textContent)); }
            if (table) {
              watch.disconnect();
              // the table is in the DOM: wait for the frame that shows it
              requestAnimationFrame(() => requestAnimationFrame(() => resolve({ seconds: (performance.now() - started) / 1000, stages })));
            }
          });
          watch.observe(lab, { childList: true, subtree: true, characterData: true, attributes: true });
          lab.querySelector('.drift-lab__compare').click();
        })""",
    )
    context.close()
    return out["seconds"], out["stages"]


def example_seconds(browser, base: str) -> tuple[float, float]:
    """Seconds from opening the lab page (cold cache) to the example's live result, and the
    seconds of that which the comparison itself took (as the page states it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + LAB, wait_until="commit")
    page.get_by_role("button", name="Load the example").click(timeout=TIMEOUT)
    page.wait_for_selector(".drift-lab__live .drift-table table", timeout=TIMEOUT)
    seconds = time.perf_counter() - started
    provenance = page.locator(".drift-lab__live .drift-lab__provenance").inner_text()
    context.close()
    return seconds, float(re.search(r"in ([0-9.]+) s", provenance).group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per file of the large pair")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the large pair")
    parser.add_argument("--example-rounds", type=int, default=5, help="rounds of the example against a bare boot")
    parser.add_argument("--data", type=Path, default=Path("build/bench-lab"), help="where the large pair is written")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--profile-rows", type=int, default=100_000, help="rows each 500-column profile counts")
    parser.add_argument("--profile-rounds", type=int, default=5, help="rounds of the 500-column profile pair")
    parser.add_argument("--only-profiles", action="store_true", help="measure the 500-column profile pair alone")
    args = parser.parse_args(argv)
    manifest = json.loads((args.site / "runtime/manifest.json").read_text())
    profiles = write_profiles(args.data, args.profile_rows)
    profile_kb = [p.stat().st_size / 1024 for p in profiles]
    print(f"profile pair: 500 columns of {args.profile_rows:,} rows, {profile_kb[0]:.0f} KB and {profile_kb[1]:.0f} KB", file=sys.stderr)
    if args.only_profiles:
        args.rounds = args.example_rounds = 0
    else:
        reference, current = write_pair(args.data, args.rows)
        size_mb = [p.stat().st_size / 2**20 for p in (reference, current)]
        print(f"large pair: {args.rows:,} rows x {COLUMNS} columns, {size_mb[0]:.0f} MB and {size_mb[1]:.0f} MB", file=sys.stderr)

    lab, cli, stages = [], [], []
    bare, example, example_compute = [], [], []
    prof_lab, prof_cli, prof_read, prof_compute, load = [], [], [], [], []
    extra = {"/bench/bare-worker.js": ("text/javascript", BARE_WORKER.encode())}
    extra.update({f"/bench/{p.name}": ("application/gzip", p.read_bytes()) for p in profiles})
    with SiteServer(args.site, extra=extra) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        cli_seconds(*profiles)  # warm the OS file cache once, not counted
        for r in range(args.profile_rounds):
            load.append(os.getloadavg()[0])
            prof_cli.append(cli_seconds(*profiles))
            total, read, compute = profiles_lab_seconds(browser, base, tuple(p.name for p in profiles))
            prof_lab.append(total)
            prof_read.append(read)
            prof_compute.append(compute)
            print(f"profile pair round {r + 1}/{args.profile_rounds}: lab {prof_lab[-1]:.2f} s (both read at {read:.2f} s, "
                  f"comparison in the worker {compute:.1f} s), CLI {prof_cli[-1]:.2f} s, "
                  f"load {load[-1]:.1f}", file=sys.stderr)
        if args.rounds:
            cli_seconds(reference, current)  # warm the OS file cache once, not counted
        for r in range(args.rounds):
            cli.append(cli_seconds(reference, current))
            seconds, seen = lab_seconds(browser, base, reference, current)
            lab.append(seconds)
            stages.append(seen)
            print(f"large pair round {r + 1}/{args.rounds}: lab {lab[-1]:.1f} s, CLI {cli[-1]:.1f} s", file=sys.stderr)
        if args.example_rounds:
            boot_time(browser, base, "bare", manifest)  # warm the OS file cache once, not counted
        for r in range(args.example_rounds):
            bare.append(boot_time(browser, base, "bare", manifest)[0])
            total, compute = example_seconds(browser, base)
            example.append(total)
            example_compute.append(compute)
            print(f"example round {r + 1}/{args.example_rounds}: bare boot {bare[-1]:.2f} s, example {example[-1]:.2f} s", file=sys.stderr)
        browser.close()

    series = {"lab": lab, "cli": cli, "bare": bare, "example": example, "profiles_lab": prof_lab, "profiles_cli": prof_cli,
              "profiles_read": prof_read, "profiles_compute": prof_compute}
    m = {k: statistics.median(v) if v else float("nan") for k, v in series.items()}
    print(f"\nDrift lab in headless Chromium (Pyodide {manifest['pyodide_version']}) against its baselines, medians")
    print(f"{'measurement':<48}{'median':>9}{'ratio':>8}{'goal':>7}")
    print(f"{'native CLI, two 500-column profiles (JSON)':<48}{m['profiles_cli']:>8.2f}s{1:>7.2f}x")
    print(f"{'lab, two 500-column profiles: drop to table':<48}{m['profiles_lab']:>8.2f}s{m['profiles_lab'] / m['profiles_cli']:>7.2f}x{'<=3s':>7}")
    if load:
        print(f"{'  of which both profiles read on drop':<48}{statistics.median(prof_read):>8.2f}s")
        print(f"{'  of which the comparison in the worker':<48}{statistics.median(prof_compute):>8.2f}s")
        print(f"{'  load average (1 min) during those rounds':<48}{statistics.median(load):>9.1f}")
    if args.only_profiles:
        if args.json:
            print(json.dumps({"median_s": {k: v for k, v in m.items() if series[k]}, "rounds": series, "load": load, "profile_kb": profile_kb, "profile_rows": args.profile_rows}))
        return 0
    print(f"{'native CLI, large pair (JSON report)':<48}{m['cli']:>8.1f}s{1:>7.2f}x")
    print(f"{'lab, large pair: Compare to table shown':<48}{m['lab']:>8.1f}s{m['lab'] / m['cli']:>7.2f}x{'<=3':>7}")
    print(f"{'bare Pyodide boot (core, in a worker)':<48}{m['bare']:>8.2f}s{1:>7.2f}x")
    print(f"{'lab opened to the example result, cold cache':<48}{m['example']:>8.2f}s{m['example'] / m['bare']:>7.2f}x")
    print(f"{'  of which the comparison (after warm-up)':<48}{statistics.median(example_compute):>8.2f}s")
    first = {name: statistics.median(s[name] for s in stages if name in s) for name in stages[0]}
    print("\nlarge pair, when each stage was first shown (median seconds after Compare):")
    for name, at in first.items():
        print(f"  {at:6.1f} s  {name}")
    if args.json:
        print(json.dumps({"median_s": m, "ratio": {"lab_to_cli": m["lab"] / m["cli"], "example_to_bare": m["example"] / m["bare"]},
                          "rounds": {**series, "example_compute": example_compute}, "stages": stages, "load": load,
                          "file_mb": size_mb, "rows": args.rows, "profile_kb": profile_kb, "profile_rows": args.profile_rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
