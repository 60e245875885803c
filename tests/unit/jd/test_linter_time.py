"""Bounded time: any paste up to the page's limit lints in under a second natively.

Adversarial inputs at the limit (api.JD_MAX_CHARS), each timed best of three and compared with
two baselines measured in the same run: one ordinary advert, and ordinary adverts repeated up to
the limit (what a long paste should cost). The table is printed; the bound is asserted.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evaluator import api
from evaluator.jd.linter import lint_job_description
from evaluator.jd.rules import default_rules

RULES = default_rules()
LIMIT = api.JD_MAX_CHARS
BOUND_SECONDS = 1.0
ADVERT = (Path(__file__).parent / "adverts" / "31-good-complete.md").read_text(encoding="utf-8")


def fill(piece: str, size: int = LIMIT) -> str:
    return (piece * (size // len(piece) + 1))[:size]


ADVERSARIAL = {
    "digit-comma run 1,1,1,...": fill("1,"),
    "digits only": fill("1"),
    "amount pairs $1-$1-...": fill("$1-"),
    "10,000 headings": "# K8s\n" * 10_000,
    "headings to the limit": fill("## Terraform 5 years\n"),
    "one line, no breaks": fill("Kubernetes Terraform drift model registry competitive salary "),
    "repeated phrase": fill("We pay a competitive salary. "),
    "inline bullets": fill("● Terraform "),
    "HTML list items": fill("<li>Terraform 5 years Kubernetes</li>"),
    "colons": fill("Requirements: a:"),
    "brackets": fill("[x"),
    "angle brackets": fill("<a b "),
    "spaces": " " * LIMIT,
    "newlines": "\n" * LIMIT,
    "adverts without spaces": fill(ADVERT.replace(" ", "")),
}


def best_of(text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint_job_description(text, RULES)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def timings():
    lint_job_description(ADVERT, RULES)  # compile and prepare the patterns once
    one_advert = best_of(ADVERT, runs=5)
    adverts_to_limit = best_of(fill(ADVERT))
    table = {name: best_of(text) for name, text in ADVERSARIAL.items()}
    print(f"\nlimit {LIMIT:,} characters; baselines: one advert ({len(ADVERT):,} chars) {one_advert * 1000:.1f} ms, "
          f"adverts to the limit {adverts_to_limit * 1000:.0f} ms")
    print(f"{'input':28s} {'chars':>8s} {'ms':>7s} {'x adverts-to-limit':>19s}")
    for name, seconds in table.items():
        print(f"{name:28s} {len(ADVERSARIAL[name]):8,d} {seconds * 1000:7.0f} {seconds / adverts_to_limit:19.2f}")
    return one_advert, adverts_to_limit, table


def test_every_adversarial_paste_at_the_limit_lints_in_under_a_second(timings):
    _, adverts_to_limit, table = timings
    assert adverts_to_limit < BOUND_SECONDS
    slow = {name: s for name, s in table.items() if s >= BOUND_SECONDS}
    assert not slow


def test_no_adversarial_paste_costs_many_times_an_ordinary_one(timings):
    # Linear work: an adversarial paste costs a small multiple of ordinary text of the same length
    # (the old linter took 25 s on 32 KB of "1,1,1": thousands of times more).
    _, adverts_to_limit, table = timings
    assert max(table.values()) < 4 * adverts_to_limit


def test_the_old_catastrophic_inputs_are_fast():
    # 32 KB of "1,1,1..." took 25 s with the old second pay pattern; 200 KB of headings took 9.5 s.
    for text in (fill("1,", 32_000), fill("# Terraform\n", LIMIT)):
        assert best_of(text, runs=1) < 0.5


@pytest.mark.parametrize("name", ["10,000 headings", "amount pairs $1-$1-...", "inline bullets"])
def test_time_grows_linearly(name):
    # Doubling the input at most about doubles the time (a quadratic check would quadruple it).
    text = ADVERSARIAL[name]
    half = text[: len(text) // 2]
    assert best_of(text) < 3 * best_of(half) + 0.02


def test_a_paste_over_the_limit_is_refused_at_once():
    start = time.perf_counter()
    with pytest.raises(api.InputError, match="paste at most"):
        api.jd_lint("1," * 500_000)
    assert time.perf_counter() - start < 0.1
