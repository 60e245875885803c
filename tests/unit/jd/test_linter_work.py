"""Linear work: any paste up to the page's limit costs the linter work in proportion to its length.

Counted, not timed (the suite shares a noisy machine; timings live in scripts/bench-jd-lint): the
work of one lint is the number of Python lines executed plus the number of calls into C (regular
expression searches, `str.count`, ...), counted with `sys.settrace` and `sys.setprofile`. It is the
same on every run of one Python version, so the bounds below are exact statements about the code.
A quadratic loop (the old linter's 10,000 headings) quadruples when the input doubles; here, for
each adversarial paste at the limit and for ordinary adverts, doubling the input may at most add
a little over double. What this cannot see is work inside one C call (a regular expression that
backtracks over the whole text): the benchmark times those, and `scan.py` keeps the rule patterns
on the engine's literal-prefix path.
"""

from __future__ import annotations

import sys

import pytest

from evaluator import api
from evaluator.jd.linter import lint_job_description
from evaluator.jd.rules import default_rules

from .adversarial import ADVERSARIAL, ADVERT, LIMIT, OLD_CATASTROPHIC, fill

RULES = default_rules()
# Doubling the input at most multiplies the work by this (a quadratic step would give 4).
DOUBLING_BOUND = 2.2


def work(text: str) -> int:
    """Python lines executed plus C functions called by one lint of `text` (patterns warm)."""
    lint_job_description(text, RULES)  # compile and cache what this text needs, uncounted
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    def profile(frame, event, arg):
        nonlocal count
        if event == "c_call":
            count += 1

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        lint_job_description(text, RULES)
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return count


def test_work_is_counted_and_repeatable():
    # The measure itself: it sees the linter's work (more text, more work) and is the same twice.
    short, long_ = work(ADVERT), work(fill(ADVERT))
    assert long_ > 5 * short > 0
    assert work(ADVERT) == short


CASES = {"ordinary adverts to the limit": fill(ADVERT), **ADVERSARIAL, **OLD_CATASTROPHIC}


@pytest.mark.parametrize("name", list(CASES))
def test_doubling_a_paste_at_most_about_doubles_the_work(name):
    text = CASES[name]
    quarter, half, full = (work(text[: len(text) * k // 4]) for k in (1, 2, 4))
    assert half <= DOUBLING_BOUND * quarter, (quarter, half)
    assert full <= DOUBLING_BOUND * half, (half, full)


def test_the_measure_would_catch_a_quadratic_step(monkeypatch):
    # The bound is not loose enough to let the old headings bug through: make one step quadratic
    # (every heading rescans the text before it) and the doubling test fails on the headings.
    from evaluator.jd import layout

    original = layout.Layout.__init__

    def rescanning(self, text, *args, **kwargs):
        original(self, text, *args, **kwargs)
        for position in range(0, len(text), 6):
            for _ in text[:position:60]:
                pass

    monkeypatch.setattr(layout.Layout, "__init__", rescanning)
    text = ADVERSARIAL["10,000 headings"]
    half, full = work(text[: len(text) // 2]), work(text)
    assert full > DOUBLING_BOUND * half


def test_a_paste_over_the_limit_is_refused_before_any_linting(monkeypatch):
    from evaluator.jd import linter

    def must_not_run(*args, **kwargs):
        raise AssertionError("the linter ran on a paste over the limit")

    monkeypatch.setattr(linter, "lint_job_description", must_not_run)
    with pytest.raises(api.InputError, match="paste at most"):
        api.jd_lint("1," * 500_000)
    assert LIMIT < 1_000_000
