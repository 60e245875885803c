"""Benchmark: how much the evaluator adds to a bare Pyodide boot, in Chromium, in one run.

Three measurements, interleaved round by round so machine noise hits them alike, each in a
fresh browser context (cold HTTP cache) on the built site served from 127.0.0.1:
  bare     a Web Worker that only runs loadPyodide() from the site's runtime folder
  pure     PythonRuntime([]) from the site's client: core + evaluator wheel, ready to answer
  numpy    PythonRuntime(["numpy"]): core + numpy + evaluator wheel, ready to answer
Prints medians and each as a ratio to the bare boot (goals: pure <= 1.15x, numpy <= 1.4x).
On a busy machine the core's own boot time swings by 20% or more between runs, so the script
also prints what the evaluator adds after the core is up (from the worker's own progress
timestamps), which barely moves, and the ratio that this addition gives on the bare median.
Timings stay out of the pass/fail suite; this script is run by hand.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.browser import launch_args
from scripts.site_server import SiteServer

# A worker that boots Pyodide and nothing else: the baseline. Served beside the site, not in it.
BARE_WORKER = """
const t0 = performance.now();
self.onmessage = async (e) => {
  importScripts(e.data.pyodideURL + "pyodide.js");
  await loadPyodide({ indexURL: e.data.pyodideURL });
  postMessage(performance.now() - t0);
};
"""


def measure(browser, base: str, kind: str, manifest: dict) -> tuple[float, float | None]:
    """(seconds to ready, seconds the worker spent after the core was up) for one fresh boot."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "about/maintaining/")  # a page with no tool on it
    if kind == "bare":
        ms = page.evaluate(
            """(url) => new Promise((resolve) => {
                 const t0 = performance.now();
                 const w = new Worker("../../bench/bare-worker.js");
                 w.onmessage = () => resolve(performance.now() - t0);
                 w.postMessage({ pyodideURL: url });
               })""",
            base + "runtime/" + manifest["pyodide"],
        )
    else:
        packages = [] if kind == "pure" else ["numpy"]
        ms = page.evaluate(
            """async ([client, packages]) => {
                 const { PythonRuntime } = await import(client);
                 const t0 = performance.now();
                 const rt = new PythonRuntime(packages);
                 let coreDone = null;
                 rt.addEventListener("progress", (e) => {
                   if (coreDone === null && (e.detail.stage === "packages" || e.detail.stage === "evaluator")) coreDone = e.detail.ms;
                 });
                 await rt.ready;
                 const out = [performance.now() - t0, rt.bootMs - coreDone];
                 rt.dispose();
                 return out;
               }""",
            [base + "assets/javascripts/evaluator/client.js", packages],
        )
    context.close()
    if kind == "bare":
        return ms / 1000, None
    return ms[0] / 1000, ms[1] / 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    manifest = json.loads((args.site / "runtime/manifest.json").read_text())

    times: dict[str, list[float]] = {"bare": [], "pure": [], "numpy": []}
    added: dict[str, list[float]] = {"pure": [], "numpy": []}
    bare_worker = {"/bench/bare-worker.js": ("text/javascript", BARE_WORKER.encode())}
    with SiteServer(args.site, extra=bare_worker) as base, sync_playwright() as p:
        browser = p.chromium.launch(**launch_args())
        measure(browser, base, "bare", manifest)  # warm the OS file cache once, not counted
        for r in range(args.rounds):
            for kind in times:
                total, after_core = measure(browser, base, kind, manifest)
                times[kind].append(total)
                if after_core is not None:
                    added[kind].append(after_core)
            print(f"round {r + 1}/{args.rounds}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), file=sys.stderr)
        browser.close()

    median = {k: statistics.median(v) for k, v in times.items()}
    goals = {"pure": 1.15, "numpy": 1.4}
    print(f"\nPyodide {manifest['pyodide_version']} boot in a Web Worker, headless Chromium, median of {args.rounds} rounds")
    print(f"{'measurement':<28}{'median':>9}{'ratio':>8}{'goal':>8}")
    labels = {"bare": "bare Pyodide core", "pure": "evaluator ready, pure page", "numpy": "evaluator ready, numpy page"}
    for kind, label in labels.items():
        ratio = median[kind] / median["bare"]
        goal = f"<={goals[kind]}" if kind in goals else ""
        print(f"{label:<28}{median[kind]:>8.2f}s{ratio:>7.2f}x{goal:>8}")
    print(f"\n{'added after the core is up':<28}{'median':>9}{'ratio':>8}   (bare median + added) / bare")
    for kind in added:
        extra = statistics.median(added[kind])
        print(f"{labels[kind]:<28}{extra:>8.2f}s{(median['bare'] + extra) / median['bare']:>7.2f}x")
    if args.json:
        print(json.dumps({"median_s": median, "ratio": {k: median[k] / median["bare"] for k in median},
                          "added_after_core_s": {k: statistics.median(v) for k, v in added.items()}, "rounds": times}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
