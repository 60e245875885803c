"""Columns for the accuracy checks of bucket-mode profiles: generated heavy-tailed, tied and
zero-inflated columns, with and without drift (shared by the tests and scripts/bench-profile)."""

from __future__ import annotations

import numpy as np


def generated_columns(seed: int = 0, n_ref: int = 30_000, n_cur: int = 20_000) -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []

    def add(name, draw, shift=0.0, scale=1.0):
        out.append((name, draw(n_ref), draw(n_cur) * scale + shift))

    add("normal", lambda n: rng.normal(0, 1, n))
    add("normal shifted 0.1", lambda n: rng.normal(0, 1, n), shift=0.1)
    add("normal x1.2", lambda n: rng.normal(0, 1, n), scale=1.2)
    add("lognormal", lambda n: rng.lognormal(0, 1.5, n))
    add("lognormal shifted", lambda n: rng.lognormal(0, 1.5, n), shift=0.05)
    add("student t 1.5", lambda n: rng.standard_t(1.5, n))
    add("cauchy", lambda n: rng.standard_cauchy(n))
    add("pareto", lambda n: rng.pareto(1.2, n))
    add("exponential x1e6", lambda n: rng.exponential(1e6, n))
    add("tiny values", lambda n: rng.normal(1e-9, 1e-10, n))
    add("mixed signs wide", lambda n: rng.normal(0, 1, n) * 10.0 ** rng.integers(-5, 6, n))
    add("tied to 2 decimals", lambda n: np.round(rng.normal(50, 10, n), 2))
    add("zero-inflated", lambda n: np.where(rng.random(n) < 0.3, 0.0, rng.lognormal(2, 1, n)))
    add("bimodal", lambda n: np.where(rng.random(n) < 0.5, rng.normal(-3, 1, n), rng.normal(3, 0.5, n)))
    add("uniform", lambda n: rng.uniform(-1, 1, n))
    add("large whole numbers", lambda n: rng.integers(0, 10**9, n).astype(float))
    add("prices", lambda n: np.round(rng.lognormal(3, 1, n), 2))
    return out
