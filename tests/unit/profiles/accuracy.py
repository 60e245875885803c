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


# --- bucket counts of large tables, for the size checks ------------------------------------------

SIZE_KINDS = ("normal", "lognormal", "student t(3)", "tied to 2 decimals", "integer ids")


def bucket_probabilities(kind: str) -> tuple[np.ndarray, np.ndarray | None]:
    """The buckets of a column of the kind and each one's probability (None for integer ids,
    whose counts are not random: see `simulated_buckets`)."""
    from scipy import stats

    from evaluator.profiles import grid

    if kind == "integer ids":
        return np.zeros(0, dtype=np.int64), None
    if kind == "tied to 2 decimals":  # prices: lognormal(3, 1) rounded to cents
        dist = stats.lognorm(1.0, scale=np.exp(3))
        cents = np.arange(1, int(dist.ppf(1 - 1e-13) * 100) + 2)
        keys = grid.bucket_keys(cents / 100.0)
        mass = dist.cdf((cents + 0.5) / 100.0) - dist.cdf((cents - 0.5) / 100.0)
        mass[0] += dist.cdf(0.005)
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        return keys[starts], np.add.reduceat(mass, starts)
    dist = {"normal": stats.norm(), "lognormal": stats.lognorm(1.0), "student t(3)": stats.t(3)}[kind]
    lo_key = grid.bucket_keys(np.array([dist.ppf(1e-13)]))[0]
    hi_key = grid.bucket_keys(np.array([dist.ppf(1 - 1e-13)]))[0]
    keys = np.arange(lo_key, hi_key + 1)
    keys = keys[np.abs(keys) > grid.SUB]  # below 2**-1074: no double
    lo, hi = grid.bucket_bounds(keys)
    p = np.abs(dist.cdf(hi) - dist.cdf(lo))
    keep = p > 0
    return keys[keep], p[keep] / p[keep].sum()


def simulated_buckets(kind: str, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Keys and counts of n rows of the kind: multinomial counts over the buckets, which is how the
    bucket counts of n independent draws are distributed (integer ids 1..n: exact counts)."""
    from evaluator.profiles import grid

    if kind == "integer ids":
        top = grid.bucket_keys(np.array([float(n)]))[0]
        keys = np.arange(1 + 1075 * grid.SUB, top + 1)  # from the bucket of 1.0
        lo, hi = grid.bucket_bounds(keys)
        counts = (np.minimum(np.ceil(hi), n + 1) - np.ceil(lo)).astype(np.int64)
        keep = counts > 0
        return keys[keep], counts[keep]
    keys, p = bucket_probabilities(kind)
    counts = rng.multinomial(n, p)
    keep = counts > 0
    return keys[keep], counts[keep]


def simulated_profile(kind: str, n: int, rng: np.random.Generator) -> dict:
    """A one-column bucket-mode profile of n rows of the kind (see `simulated_buckets`)."""
    from evaluator.profiles import grid
    from evaluator.profiles.format import bucket_entry, make_profile

    keys, counts = simulated_buckets(kind, n, rng)
    lo, hi = grid.bucket_bounds(keys)
    head = {"name": "x", "kind": "numeric", "rows": n, "missing": 0, "infinities": [0, 0]}
    whole = kind == "integer ids"
    tail = {"whole": whole, "order": [1.0, float(n), True] if whole else [0.5, -0.25, False],
            "decimals": 0 if whole else (2 if kind.startswith("tied") else None)}
    entry = bucket_entry(head, tail, keys, counts, float(lo[0]), float(hi[-1]), 3 << 1126, 5 << 2252)
    return make_profile("t", n, ",", "utf-8", [], [entry])
