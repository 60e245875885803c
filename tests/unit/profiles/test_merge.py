"""merge(profile(A), profile(B)) == profile(A then B), byte for byte, in every mode and across
the exact -> bucket switch; and the format's size limits."""

from __future__ import annotations

import numpy as np
import pytest

from evaluator.profiles import EXACT_MAX, dumps, merge, profile_table
from evaluator.profiles import grid
from evaluator.tables import Column, Table

from .accuracy import SIZE_KINDS, simulated_buckets, simulated_profile


def _table(name, columns):
    n = len(next(iter(columns.values())))
    cols = {}
    for k, v in columns.items():
        if isinstance(v, np.ndarray):
            cols[k] = Column(k, numeric=v)
        else:
            cols[k] = Column(k, text=list(v), first_non_number=(2, "x") if any(isinstance(s, str) and s == "x" for s in v) else None)
    return Table(name, cols, n, ",", "utf-8", [])


def _split(columns, at):
    return ({k: v[:at] for k, v in columns.items()}, {k: v[at:] for k, v in columns.items()})


def _columns(rng, n):
    x = rng.normal(0, 1, n) * 10.0 ** rng.integers(-3, 4, n)
    x[rng.random(n) < 0.02] = np.nan
    x[rng.random(n) < 0.001] = np.inf
    small = rng.integers(0, 3000, n).astype(float)  # crosses EXACT_MAX only in larger tables
    words = [str(w) for w in rng.integers(0, 50, n)]
    return {"x": x, "few": rng.integers(0, 5, n).astype(float), "small": small, "counter": np.arange(n, dtype=float) + 1,
            "word": [None if w == "7" else w for w in words], "neg": -np.abs(x),
            "price": _prices(rng, n)}


def _prices(rng, n):
    """Amounts written with 0, 1 or 2 decimals (the column's decimals are the parts' largest)."""
    scale = 10.0 ** rng.integers(0, 3, n)
    return np.rint(rng.lognormal(3, 1, n) * scale) / scale


@pytest.mark.parametrize("n", [50, 3000, 8000, 40_000])
def test_merge_equals_the_profile_of_the_whole_byte_for_byte(n):
    rng = np.random.default_rng(n)
    columns = _columns(rng, n)
    whole = dumps(profile_table(_table("all.csv", columns)))
    for at in (1, n // 3, n - 1):
        a, b = _split(columns, at)
        merged = merge(profile_table(_table("a.csv", a)), profile_table(_table("b.csv", b)), name="all.csv")
        assert dumps(merged) == whole
    # three parts, merged in either grouping
    a, rest = _split(columns, n // 4)
    b, c = _split(rest, n // 3)
    pa, pb, pc = (profile_table(_table(f"{i}.csv", part)) for i, part in enumerate((a, b, c)))
    assert dumps(merge(merge(pa, pb), pc, name="all.csv")) == whole
    assert dumps(merge(pa, merge(pb, pc), name="all.csv")) == whole


def test_modes_switch_where_expected():
    rng = np.random.default_rng(1)
    p = profile_table(_table("t.csv", _columns(rng, 40_000)))
    modes = {c["name"]: c["mode"] for c in p["columns"]}
    assert modes == {"x": "bucket", "few": "exact", "small": "exact", "counter": "bucket", "word": "exact", "neg": "bucket",
                     "price": "bucket"}
    assert {c["name"]: c.get("decimals") for c in p["columns"] if c["mode"] == "bucket"} == {"x": None, "counter": 0, "neg": None, "price": 2}
    assert {c["name"]: c["order"][2] for c in p["columns"] if c["kind"] == "numeric"}["counter"] is True


def test_exact_sums_are_exact():
    from fractions import Fraction

    rng = np.random.default_rng(2)
    x = rng.normal(0, 1, 20_000) * 10.0 ** rng.integers(-300, 300, 20_000)
    x = np.concatenate((x, [5e-324, -5e-324, 1.7976931348623157e308]))
    s, q = grid.exact_sums(x)
    assert Fraction(s, 1 << -grid.SUM_SCALE) == sum(map(Fraction, x.tolist()))
    assert Fraction(q, 1 << -grid.SQUARES_SCALE) == sum(Fraction(v) ** 2 for v in x.tolist())
    values, counts = np.unique(np.concatenate((x, x[:5000])), return_counts=True)
    assert grid.exact_sums_sorted(values, counts) == grid.exact_sums_of_values(values.tolist(), counts.tolist())
    assert grid.exact_sums_sorted(values, counts) == grid.exact_sums(np.concatenate((x, x[:5000])))


def test_every_value_lies_in_its_bucket_and_buckets_are_fine():
    rng = np.random.default_rng(3)
    x = np.concatenate((rng.normal(0, 1, 10_000) * 10.0 ** rng.integers(-200, 200, 10_000), [1.0, 2.0, -4.0, 0.0]))
    keys = grid.bucket_keys(x)
    lo, hi = grid.bucket_bounds(keys)
    pos, neg = x > 0, x < 0
    slack = 1e-15 * np.abs(x)  # f * 200 is rounded once: a value at an edge may sit beside it
    assert np.all((lo[pos] <= x[pos] + slack[pos]) & (x[pos] < hi[pos] + slack[pos]))
    assert np.all((lo[neg] < x[neg] + slack[neg]) & (x[neg] <= hi[neg] + slack[neg]))
    normal = np.abs(x) > 1e-300
    assert np.max((np.abs(hi) - np.abs(lo))[normal] / np.minimum(np.abs(lo), np.abs(hi))[normal]) <= 1 / grid.SUB + 1e-15
    assert grid.SUB >= 200  # relative width 0.5% or finer


def test_a_numeric_column_takes_at_most_16_kb_at_a_billion_rows():
    # Version 1 wrote the buckets as decimal lists: Student t(3) took 17.9 KB at 10**9 rows
    # (measured: scripts/bench-profile size; docs/tools/drift-profiles.md).
    rng = np.random.default_rng(4)
    sizes = {kind: len(dumps(simulated_profile(kind, 10**9, rng))) for kind in SIZE_KINDS}
    assert max(sizes.values()) <= 16 * 1024, sizes


def test_packed_buckets_round_trip_and_are_smaller_than_decimal_lists():
    import gzip
    import json

    from evaluator.profiles.packing import pack_buckets, unpack_buckets

    rng = np.random.default_rng(5)
    for kind in SIZE_KINDS:
        keys, counts = simulated_buckets(kind, 10**8, rng)
        text = pack_buckets(keys, counts)
        back_keys, back_counts = unpack_buckets(text)
        assert np.array_equal(back_keys, keys) and np.array_equal(back_counts, counts)
        lists = json.dumps([np.diff(keys, prepend=0).tolist(), np.diff(counts, prepend=0).tolist()], separators=(",", ":"))
        packed, listed = len(gzip.compress(text.encode(), 9)), len(gzip.compress(lists.encode(), 9))
        if kind == "integer ids":  # counts of 1..n per bucket repeat: both forms take under 1 KB
            assert packed <= 1024
        else:  # noisy counts: the decimal lists took 1.3-1.4 times as many bytes (measured)
            assert packed < 0.85 * listed, kind
    for _ in range(200):  # keys and counts of every magnitude (Rice parameters up to 63)
        keys = np.unique(rng.integers(-(10 ** int(rng.integers(1, 15))), 10 ** int(rng.integers(1, 15)), int(rng.integers(1, 3000))))
        counts = rng.integers(1, 2 ** int(rng.integers(1, 63)), keys.size)
        back_keys, back_counts = unpack_buckets(pack_buckets(keys, counts))
        assert np.array_equal(back_keys, keys) and np.array_equal(back_counts, counts)
    for keys, counts in [([], []), ([5], [1]), ([-3, -2, 0, 1, 7], [1, 5, 2**40, 3, 1]), ([-(2**40), 2**40], [2**62, 1])]:
        back_keys, back_counts = unpack_buckets(pack_buckets(np.array(keys, dtype=np.int64), np.array(counts, dtype=np.int64)))
        assert back_keys.tolist() == keys and back_counts.tolist() == counts


def test_exact_mode_limit():
    values = np.arange(EXACT_MAX + 1, dtype=float)
    p = profile_table(_table("t.csv", {"v": values[:-1]}))
    assert p["columns"][0]["mode"] == "exact"
    p = profile_table(_table("t.csv", {"v": values}))
    assert p["columns"][0]["mode"] == "bucket"


def test_a_version_1_profile_reads_as_version_2_without_decimals():
    import gzip
    import json

    from evaluator.profiles import loads
    from evaluator.profiles.packing import unpack_buckets

    rng = np.random.default_rng(6)
    profile = profile_table(_table("t.csv", _columns(rng, 8000)))
    old = json.loads(json.dumps(profile))
    old["version"] = 1
    for col in old["columns"]:
        if col["kind"] == "numeric" and col["mode"] == "bucket":
            keys, counts = unpack_buckets(col.pop("buckets"))
            col["keys"], col["counts"] = np.diff(keys, prepend=0).tolist(), np.diff(counts, prepend=0).tolist()
            del col["decimals"]
    read = loads(gzip.compress(json.dumps(old).encode()), "old.profile.json.gz")
    assert read["version"] == 2
    for a, b in zip(read["columns"], profile["columns"]):
        if a.get("mode") == "bucket":
            assert a["decimals"] is None
            a = {**a, "decimals": b["decimals"]}
        assert a == b
