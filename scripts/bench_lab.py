"""Benchmark: the drift lab in Chromium against the native CLI and a bare Pyodide boot, in one run.

Two measurements, each against its baseline measured in the same run, round by round:
  large pair   two CSV files of 1,000,000 rows x 10 numeric columns (about 90 MB each; the current
               one shifted), given to the lab's file inputs in a booted page: the time from pressing
               Compare (files chosen) to the report's table on the page, against the native CLI
               (`python -m evaluator drift ... --format json`) on the same files. Goal: at most 3x.
  example      a fresh browser context (cold cache) opening the lab page and pressing "Load the
               example" at once: the time to the example's live result, against a bare Pyodide
               boot (the core alone, in a worker) in a fresh context.
Timings stay out of the pass/fail suite; this script is run by hand (scripts/bench-lab).
"""

from __future__ import annotations

import argparse
import json
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
    args = parser.parse_args(argv)
    manifest = json.loads((args.site / "runtime/manifest.json").read_text())
    reference, current = write_pair(args.data, args.rows)
    size_mb = [p.stat().st_size / 2**20 for p in (reference, current)]
    print(f"large pair: {args.rows:,} rows x {COLUMNS} columns, {size_mb[0]:.0f} MB and {size_mb[1]:.0f} MB", file=sys.stderr)

    lab, cli, stages = [], [], []
    bare, example, example_compute = [], [], []
    bare_worker = {"/bench/bare-worker.js": ("text/javascript", BARE_WORKER.encode())}
    with SiteServer(args.site, extra=bare_worker) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        cli_seconds(reference, current)  # warm the OS file cache once, not counted
        for r in range(args.rounds):
            cli.append(cli_seconds(reference, current))
            seconds, seen = lab_seconds(browser, base, reference, current)
            lab.append(seconds)
            stages.append(seen)
            print(f"large pair round {r + 1}/{args.rounds}: lab {lab[-1]:.1f} s, CLI {cli[-1]:.1f} s", file=sys.stderr)
        boot_time(browser, base, "bare", manifest)  # warm the OS file cache once, not counted
        for r in range(args.example_rounds):
            bare.append(boot_time(browser, base, "bare", manifest)[0])
            total, compute = example_seconds(browser, base)
            example.append(total)
            example_compute.append(compute)
            print(f"example round {r + 1}/{args.example_rounds}: bare boot {bare[-1]:.2f} s, example {example[-1]:.2f} s", file=sys.stderr)
        browser.close()

    m = {k: statistics.median(v) for k, v in {"lab": lab, "cli": cli, "bare": bare, "example": example}.items()}
    print(f"\nDrift lab in headless Chromium (Pyodide {manifest['pyodide_version']}) against its baselines, medians")
    print(f"{'measurement':<48}{'median':>9}{'ratio':>8}{'goal':>7}")
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
                          "rounds": {"lab": lab, "cli": cli, "bare": bare, "example": example, "example_compute": example_compute}, "stages": stages,
                          "file_mb": size_mb, "rows": args.rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
