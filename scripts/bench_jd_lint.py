"""Benchmark: the JD linter on adversarial pastes at the size limit, against ordinary adverts.

Each input timed best of three (CPU time of this thread) and compared with two baselines measured
in the same run: one ordinary advert, and ordinary adverts repeated up to the limit (what a long
paste should cost). Prints the table and the goals: every paste under a second, none more than 4x
the ordinary text of its length. The suite checks the same inputs by counted work instead
(tests/unit/jd/test_linter_work.py); timings stay out of pass/fail tests.
Run by hand: scripts/bench-jd-lint.
"""

from __future__ import annotations

import sys
import time

from evaluator.jd.linter import lint_job_description
from evaluator.jd.rules import default_rules
from tests.unit.jd.adversarial import ADVERSARIAL, ADVERT, LIMIT, OLD_CATASTROPHIC, fill

RULES = default_rules()


def best_of(text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.thread_time()
        lint_job_description(text, RULES)
        times.append(time.thread_time() - start)
    return min(times)


def main() -> int:
    lint_job_description(ADVERT, RULES)  # compile and prepare the patterns once
    one_advert = best_of(ADVERT, runs=5)
    baseline = best_of(fill(ADVERT))
    print(f"limit {LIMIT:,} characters; baselines: one advert ({len(ADVERT):,} chars) {one_advert * 1000:.1f} ms, "
          f"adverts to the limit {baseline * 1000:.0f} ms")
    print(f"{'input':28s} {'chars':>8s} {'ms':>7s} {'x adverts-to-limit':>19s}")
    worst = 0.0
    for name, text in {**ADVERSARIAL, **OLD_CATASTROPHIC}.items():
        seconds = best_of(text)
        worst = max(worst, seconds)
        print(f"{name:28s} {len(text):8,d} {seconds * 1000:7.0f} {seconds / baseline:19.2f}")
    ok = worst < 1.0 and worst < 4 * baseline
    print(f"worst {worst * 1000:.0f} ms = {worst / baseline:.2f}x adverts to the limit; goals (< 1 s, < 4x): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
