"""Sorting a large column's two samples in two threads gives the metrics of sorting them one
after the other (and of sorted copies, the path that keeps the caller's arrays in file order)."""

from __future__ import annotations

import threading

import numpy as np

from evaluator.drift import engine, resolve


def test_two_threads_sort_to_the_same_metrics(monkeypatch):
    rng = np.random.default_rng(7)
    ref = rng.normal(size=30_000)
    cur = rng.normal(0.05, 1.1, size=20_011)
    options = resolve({})
    copies = engine.numeric_column(ref, cur, options)  # sorted copies, file order kept
    started = []
    real_start = threading.Thread.start

    def start(thread):
        started.append(thread.name)
        real_start(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    monkeypatch.setattr(engine, "_THREAD_SORT_MIN", 0)
    r, c = ref.copy(), cur.copy()
    threaded = engine.numeric_column(r, c, options, sort_in_place=True)
    assert started == ["sort current"]
    assert threaded == copies
    assert np.all(np.diff(r) >= 0) and np.all(np.diff(c) >= 0)
    monkeypatch.setattr(engine, "_THREAD_SORT_MIN", 10**9)
    assert engine.numeric_column(ref.copy(), cur.copy(), options, sort_in_place=True) == copies
    assert started == ["sort current"]  # no second thread below the size
