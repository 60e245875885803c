"""The fixed bucket grid of bucket-mode profiles and exact sums of floats (numpy only).

Grid: a finite non-zero value ``x = s * 2**e * (1 + f)`` (``1 <= 1 + f < 2``) falls in bucket
``s * ((e + 1075) * 200 + floor(f * 200) + 1)``; 0 has bucket 0. Inside an octave the 200 buckets
are equally wide, so a bucket ``[lo, hi)`` has ``hi / lo - 1 <= 1/200`` (0.5% at the bottom of the
octave, 0.25% at its top). No logarithm is taken: ``e`` and ``f`` come from the number's binary
form (numpy's ``frexp`` here, powers of two compared in Spark SQL, `profiles.spark`), and
``f * 200`` is one IEEE multiplication, rounded the same way by numpy and the JVM, so both engines
put every value in the same bucket (a value within one rounding of a bucket's edge may sit in the
bucket beside it, by less than 1e-15 of its size).

Decimals: a profile keeps the fewest decimals ``d`` (at most `DECIMALS_MAX`) with which every value
is written: ``rint(x * 10**d) / 10**d == x`` in double arithmetic (three IEEE operations, the
same in numpy and in Spark SQL's ``RINT``), so that a report can put a bucket's values on the
numbers with ``d`` decimals that the bucket holds (prices, scores rounded to 0.001) rather than
spread them evenly. The largest ``d`` of two parts is the ``d`` of the whole, so it merges too.

Sums: a profile keeps the sum and the sum of squares of a column exactly, as integers over a fixed
power of two (every double is ``m * 2**e`` with integer ``m``), so that adding two profiles gives
the profile of the two tables together bit for bit, whatever the order of the additions.
"""

from __future__ import annotations

import math

import numpy as np

SUB = 200  # buckets per octave
_OFFSET = 1075  # keeps keys of subnormal values positive
SUM_SCALE = -1126  # sum = S * 2**SUM_SCALE: the smallest m * 2**e of a double (2**-1074 = 2**52 * 2**-1126)
SQUARES_SCALE = 2 * SUM_SCALE
OCTAVES = 40  # octaves kept below the largest magnitude of each sign; smaller values share one bucket
UNDERFLOW = 1  # the key (+1 or -1) of the values within 2**-OCTAVES of the largest magnitude of their sign


def octave_of(key: int) -> int:
    return (abs(int(key)) - 1) // SUB


def fold(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys (sorted) with the buckets more than `OCTAVES` octaves below the top bucket of their sign
    merged into that sign's underflow bucket (+1 or -1). The cut moves only with the largest
    magnitude, so folding the union of two folded sets gives the fold of the union: merging stays
    exact, and the profile of a column stays the same size however many rows it has."""
    keys = np.asarray(keys, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    out = keys.copy()
    for sign in (1, -1):
        mine = (keys * sign) > UNDERFLOW
        if not mine.any():
            continue
        top = int(np.max(np.abs(keys[mine])))
        cut = (octave_of(top) - OCTAVES) * SUB + 1  # the first key kept
        low = mine & (np.abs(keys) < cut)
        out[low] = sign * UNDERFLOW
    if np.array_equal(out, keys):
        return keys, counts
    merged, inverse = np.unique(out, return_inverse=True)
    summed = np.zeros(merged.size, dtype=np.int64)
    np.add.at(summed, inverse, counts)
    return merged, summed


def underflow_limit(keys: np.ndarray, sign: int) -> float:
    """The upper end (in magnitude) of a sign's underflow bucket."""
    mine = (np.asarray(keys) * sign) > UNDERFLOW
    if not mine.any():
        return 0.0
    top = int(np.max(np.abs(keys[mine])))
    return float(np.ldexp(1.0, octave_of(top) - OCTAVES - _OFFSET))


def bucket_keys(x: np.ndarray) -> np.ndarray:
    """The bucket of each finite value (int64)."""
    x = np.asarray(x, dtype=np.float64)
    mant, exp = np.frexp(np.abs(x))  # |x| = mant * 2**exp, mant in [0.5, 1)
    sub = np.floor((mant * 2.0 - 1.0) * SUB).astype(np.int64)  # every step is exact
    keys = (exp.astype(np.int64) - 1 + _OFFSET) * SUB + sub + 1
    keys[x == 0] = 0
    return np.where(x < 0, -keys, keys)


def bucket_bounds(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``[lo, hi)`` of each bucket (for a negative bucket, ``lo`` is the more negative end and the
    interval is ``(lo, hi]``; bucket 0 is ``[0, 0]``; an underflow bucket spans from 0 to its
    sign's cut)."""
    keys = np.asarray(keys, dtype=np.int64)
    k = np.abs(keys) - 1
    e = k // SUB - _OFFSET
    m = k % SUB
    with np.errstate(over="ignore"):
        lo = np.ldexp(1.0 + m / SUB, e.astype(np.int32))
        hi = np.minimum(np.ldexp(1.0 + (m + 1) / SUB, e.astype(np.int32)), np.finfo(np.float64).max)
    zero = keys == 0
    lo[zero] = 0.0
    hi[zero] = 0.0
    for sign in (1, -1):
        under = keys == sign * UNDERFLOW
        lo[under] = 0.0
        hi[under] = underflow_limit(keys, sign)
    neg = keys < 0
    return np.where(neg, -hi, lo), np.where(neg, -lo, hi)


DECIMALS_MAX = 6  # more decimals than this: "not few" (None)


def decimals(x: np.ndarray) -> int | None:
    """The fewest decimals ``d <= DECIMALS_MAX`` that write every finite value of ``x``
    (``rint(x * 10**d) / 10**d == x``), or None."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        for d in range(DECIMALS_MAX + 1):
            scale = 10.0**d
            if np.all(np.rint(x * scale) / scale == x):
                return d
            x = x[np.rint(x * scale) / scale != x]  # the values written with d decimals are written with more
    return None


def max_decimals(a: int | None, b: int | None) -> int | None:
    """The decimals of two parts together (None: more than `DECIMALS_MAX`)."""
    return None if a is None or b is None else max(a, b)


def _mantissas(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integers ``m`` (``|m| < 2**53``) and shifts ``e - SUM_SCALE >= 0`` with ``x = m * 2**e``."""
    mant, exp = np.frexp(x)
    m = (mant * 2.0**53).astype(np.int64)
    return m, exp.astype(np.int64) - 53 - SUM_SCALE


def _group_sums(shift: np.ndarray, parts: list[np.ndarray]) -> list[tuple[int, list[int]]]:
    """Per distinct shift, the int64 sums of each part (the parts are small enough not to overflow)."""
    order = np.argsort(shift, kind="stable")
    s = shift[order]
    starts = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1])))
    sums = [np.add.reduceat(p[order], starts) for p in parts]
    return [(int(s[i]), [int(col[j]) for col in sums]) for j, i in enumerate(starts.tolist())]


_CHUNK = 1 << 24  # rows per int64 reduction: 2**24 * 2**36 stays below 2**63


def exact_sums(x: np.ndarray) -> tuple[int, int]:
    """``(S, Q)`` with ``sum(x) = S * 2**SUM_SCALE`` and ``sum(x*x) = Q * 2**SQUARES_SCALE`` exactly
    (``x`` finite)."""
    x = np.asarray(x, dtype=np.float64)
    total, squares = 0, 0
    for start in range(0, x.size, _CHUNK):
        m, shift = _mantissas(x[start : start + _CHUNK])
        a = np.abs(m)
        mask = (1 << 18) - 1
        a2, a1, a0 = a >> 36, (a >> 18) & mask, a & mask
        hi, lo = m >> 26, m & ((1 << 26) - 1)
        parts = [hi, lo, a2 * a2, a2 * a1, a1 * a1, a2 * a0, a1 * a0, a0 * a0]
        for sh, (h, l, p22, p21, p11, p20, p10, p00) in _group_sums(shift, parts):
            total += ((h << 26) + l) << sh
            sq = (p22 << 72) + (p21 << 55) + ((p11 + 2 * p20) << 36) + (p10 << 19) + p00
            squares += sq << (2 * sh)
    return total, squares


def exact_sums_sorted(values: np.ndarray, counts: np.ndarray) -> tuple[int, int]:
    """`exact_sums` of distinct sorted values, each repeated ``counts`` times, without a sort: in
    value order the numbers of one binary exponent and sign are contiguous, so each group is a
    run. Falls back to whole-number arithmetic where int64 sums could overflow."""
    values = np.asarray(values, dtype=np.float64)
    counts = np.asarray(counts, dtype=np.int64)
    if values.size == 0:
        return 0, 0
    if int(counts.sum()) >= 1 << 26:
        return exact_sums_of_values(values.tolist(), counts.tolist())
    m, shift = _mantissas(values)
    starts = np.flatnonzero(np.concatenate(([True], shift[1:] != shift[:-1])))
    a = np.abs(m)
    mask = (1 << 18) - 1
    a2, a1, a0 = a >> 36, (a >> 18) & mask, a & mask
    parts = [(m >> 26) * counts, (m & ((1 << 26) - 1)) * counts, a2 * a2 * counts, a2 * a1 * counts, a1 * a1 * counts,
             a2 * a0 * counts, a1 * a0 * counts, a0 * a0 * counts]
    sums = [np.add.reduceat(p, starts).tolist() for p in parts]
    total, squares = 0, 0
    for j, sh in enumerate(shift[starts].tolist()):
        h, l, p22, p21, p11, p20, p10, p00 = (col[j] for col in sums)
        total += ((h << 26) + l) << sh
        sq = (p22 << 72) + (p21 << 55) + ((p11 + 2 * p20) << 36) + (p10 << 19) + p00
        squares += sq << (2 * sh)
    return total, squares


def exact_sums_of_values(values: list[float], counts: list[int]) -> tuple[int, int]:
    """The same sums from distinct values and their counts (exact-mode profiles)."""
    total, squares = 0, 0
    for v, c in zip(values, counts):
        n, d = float(v).as_integer_ratio()
        # v = n / d with d a power of two dividing 2**-SUM_SCALE
        scaled = n * ((1 << -SUM_SCALE) // d)
        total += scaled * c
        squares += scaled * scaled * c
    return total, squares


def pack(value: int, scale: int) -> list:
    """An exact sum as ``[odd mantissa as decimal text, exponent]`` (canonical: the same number
    always gives the same pair)."""
    if value == 0:
        return ["0", 0]
    zeros = (value & -value).bit_length() - 1
    return [str(value >> zeros), scale + zeros]


def unpack(pair: list, scale: int) -> int:
    mantissa, exponent = int(pair[0]), int(pair[1])
    if mantissa == 0:
        return 0
    if exponent < scale:
        raise ValueError("exponent below the format's scale")
    return mantissa << (exponent - scale)


def as_float(value: int, scale: int) -> float:
    """The exact sum rounded to the nearest double (infinite when it does not fit one)."""
    from fractions import Fraction

    try:
        return float(Fraction(value, 1 << -scale))
    except OverflowError:
        return math.inf if value > 0 else -math.inf
