"""The Kolmogorov-Smirnov p-value of large samples: scipy's value, computed in a fraction of its time.

For two samples of more than 10,000 values, ``scipy.stats.ks_2samp`` (and so Evidently) gives the
p-value ``kstwo.sf(D, n)`` with ``n = round(n1 * n2 / (n1 + n2))``. Where ``2.2 <= n D^2 < 370``
and ``n`` is above 140 (and at most 1,000,000), scipy computes it as twice Smirnov's one-sided tail,

    P(D+ >= x) = x * sum_{v=0}^{floor(n (1 - x))} C(n, v) (x + v/n)^(v - 1) (1 - x - v/n)^(n - v),

term by term in double-double arithmetic: about half a second a column at a million rows, most of
the time a drift report on large files took. The same sum is evaluated here in one pass of numpy
arithmetic over all the terms: each term is the binomial probability ``C(n, v) p^v (1-p)^(n-v)``
with ``p = x + v/n`` (times ``x / p``), whose logarithm is computed without cancellation by Loader's
saddle-point method (Stirling's error term and the deviance), and the terms are added relative to
the largest. The result agrees with scipy's to about 1e-12 relative (the tests check
a grid of sizes and distances against ``scipy.special.smirnov``). Everywhere else scipy's own
``kstwo.sf`` is called, which is fast there.

Loader, C. (2000). Fast and accurate computation of binomial probabilities.
"""

from __future__ import annotations

import functools
import math

import numpy as np

_TERMS_BLOCK = 1 << 15
EXACT_MAX_N = 1_000_000  # scipy.special.smirnov sums exactly up to this n and approximates above
_LOG_2PI = math.log(2 * math.pi)


def _stirling_error(k: np.ndarray) -> np.ndarray:
    """``log(k!) - (k + 1/2) log(k) + k - log(2 pi) / 2`` for k >= 1, to full precision."""
    from scipy.special import gammaln

    inv2 = 1.0 / (k * k)
    # Stirling's series: 1/12k - 1/360k^3 + 1/1260k^5 - 1/1680k^7 + 1/1188k^9 (error below 1e-17 for k >= 16)
    out = (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188)))) / k
    small = k < 16
    if np.any(small):
        ks = k[small]
        out[small] = gammaln(ks + 1) - (ks + 0.5) * np.log(ks) + ks - 0.5 * _LOG_2PI
    return out


STIRLING_TABLE_MAX_N = 200_000  # up to this n, Stirling's error of 1..n and the terms' root factors are kept (3.2 MB at most), as KS p-values
# of one report mostly share their n (every column of two files of the same length)


@functools.lru_cache(maxsize=2)
def _stirling_table(n: int) -> np.ndarray:
    """``_stirling_error(k)`` for ``k = 0, 1, ..., n`` (entry 0 unused), read-only."""
    k = np.arange(n + 1, dtype=np.float64)
    k[0] = 1.0
    out = _stirling_error(k)
    out.setflags(write=False)
    return out


@functools.lru_cache(maxsize=2)
def _root_table(n: int) -> np.ndarray:
    """``0.5 * (log(n) - log(2 pi) - log(v) - log(n - v))`` for ``v = 0, 1, ..., n`` (the ends
    unused), read-only: the square-root factor of every term, which depends on n alone. Each entry
    is the same arithmetic on the same numbers as in the loop of `smirnov_tail`, so the same bits."""
    v = np.arange(n + 1, dtype=np.float64)
    v[0], v[n] = 1.0, n - 1.0
    out = 0.5 * ((math.log(n) - _LOG_2PI) - np.log(v) - np.log(n - v))
    out.setflags(write=False)
    return out


def smirnov_tail(n: int, x: float) -> float:
    """``P(D+_n >= x)``, Smirnov's sum, for ``1 < n x``, ``x < 0.5`` and ``n <= EXACT_MAX_N``.

    Term v (1 <= v <= n(1-x)) is ``(x / p) * C(n, v) p^v (1-p)^(n-v)`` with ``p = x + v/n``. With
    ``w = n - v`` and ``t = n x``, Loader's form of the binomial term is
    ``exp(S(n) - S(v) - S(w) - D1 - D2) * sqrt(n / (2 pi v w))``, where ``S`` is Stirling's error
    and the deviances ``D1 = v log(v / (t + v)) + t = t - v log1p(t / v)`` and
    ``D2 = w log(w / (w - t)) - t = -w log1p(-t / w) - t`` are written so that no large terms
    cancel. The v = 0 term is ``(1 - x)^n``.
    """
    t = n * x
    last = int(math.floor(n * (1 - x)))
    # where n (1 - x) is a whole number (a KS statistic is a multiple of 1/n, so it often is), the
    # last term has 1 - p = 0 and is 0; it is left out, as scipy leaves it out (w = n - v > t holds
    # for a first run of v, the terms kept)
    while last >= 1 and not float(n) - float(last) > t:
        last -= 1
    log_terms = np.empty(last, dtype=np.float64)
    log_xn = np.log(x * n)
    stirling_n = float(_stirling_error(np.array([float(n)]))[0])
    table = _stirling_table(n) if n <= STIRLING_TABLE_MAX_N else None
    roots = _root_table(n) if table is not None else None
    half_log_n = math.log(n) - _LOG_2PI
    # term by term in blocks (each term is computed alone, so the blocks change no bit; they keep
    # the temporaries small)
    for start in range(1, last + 1, _TERMS_BLOCK):
        v = np.arange(start, min(start + _TERMS_BLOCK, last + 1), dtype=np.float64)
        w = n - v
        out = log_terms[start - 1 : start - 1 + v.size]
        np.subtract(log_xn, np.log(t + v), out=out)  # log(x / p)
        out += stirling_n
        if table is not None:  # the same values, looked up (each is computed alone either way)
            stop = start + v.size
            out -= table[start:stop]
            out -= table[n - stop + 1 : n - start + 1][::-1]  # w = n - v, from n - start down
        else:
            out -= _stirling_error(v)
            out -= _stirling_error(w)
        out -= t - v * np.log1p(t / v)
        out -= -w * np.log1p(-t / w) - t
        if roots is not None:
            out += roots[start : start + v.size]
        else:
            out += 0.5 * (half_log_n - np.log(v) - np.log(w))
    first = n * math.log1p(-x)  # the v = 0 term, (1 - x)^n
    top = max(first, float(log_terms.max())) if last else first
    log_terms -= top
    total = math.exp(first - top) + float(np.sum(np.exp(log_terms)))
    return math.exp(top + math.log(total))


def kstwo_sf(d: float, n: int) -> float:
    """``scipy.stats.kstwo.sf(d, n)`` clipped to [0, 1], with Smirnov's sum computed as above
    where scipy would sum it term by term.

    For ``n`` above 140 and ``1 < n d < n - 1``, ``d < 0.5``, scipy's rule is: 0 when
    ``n d^2 >= 370``, twice Smirnov's tail when ``n d^2 >= 2.2``, a series for the CDF below.
    The first two are taken here (``scipy.special.smirnov`` above a million, where scipy itself
    approximates), and below them Durbin's matrix (`durbin_sf`) or Pelz and Good's series
    (`pelz_good_sf`) as scipy chooses, so a large file needs no import of ``scipy.stats`` (half a
    second natively, 30 MB; more in the browser)."""
    if 140 < n and 1 < n * d < n - 1 and d < 0.5:
        n_d_squared = n * d * d  # as scipy computes it: (n * d) * d
        if n_d_squared >= 370:
            return 0.0
        if n_d_squared >= 2.2:
            if n <= EXACT_MAX_N:
                return min(max(2 * smirnov_tail(n, d), 0.0), 1.0)
            from scipy.special import smirnov

            return min(max(2 * float(smirnov(n, d)), 0.0), 1.0)
        if n <= DURBIN_MAX_N and n * np.float64(d) ** 1.5 <= 1.4:
            return durbin_sf(n, d)
        return pelz_good_sf(n, d)
    from scipy import stats

    return float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))


DURBIN_MAX_N = 100_000  # scipy uses Durbin's matrix for n up to this (and n d^1.5 <= 1.4)
_SCALE = np.ldexp(np.longdouble(1), 128)  # the rescaling steps, in extended precision, as scipy's
_SMALL = np.ldexp(np.longdouble(1), -128)


def durbin_sf(n: int, d: float) -> float:
    """``1 - P(D_n < d)`` by Durbin's matrix method in the form of Marsaglia, Tsang and Wang
    (2003), step for step as scipy's ``kstwo.sf`` computes it where it uses that method (small
    ``d``, n above 140), so the value is scipy's to the bit (the tests compare a grid).

    With ``n d = k - h`` (k whole, 0 <= h < 1) and ``m = 2k - 1``, the probability is
    ``n!/n^n`` times entry (k, k) of ``H^n``; the power is taken by repeated squaring, rescaled
    by 2^128 when it grows, and the factor ``n!/n^n`` is applied one ``i/n`` at a time. scipy spends
    most of its time (a tenth of a second at n = 50,000) in that last loop's scalar calls; here
    the loop does the same arithmetic with fewer calls.

    Marsaglia, G., Tsang, W. W., Wang, J. (2003). Evaluating Kolmogorov's distribution. Journal
    of Statistical Software 8(18).
    """
    x = np.float64(d)
    nd = n * x
    k = int(np.ceil(nd))
    h = k - nd
    m = 2 * k - 1
    powers = np.arange(1, m + 1)
    first = 1.0 - h**powers  # first column: (1 - h^j) / j!
    inverse = np.empty(m)  # 1 / (j - 1)!
    fac = 1.0
    for j in powers:
        inverse[j - 1] = fac
        fac /= j
        first[j - 1] *= fac
    corner = max(2 * h - 1.0, 0) ** m - 2 * h**m
    first[-1] = (1.0 + corner) * fac
    H = np.zeros([m, m])
    for i in range(1, m):
        H[i - 1:, i] = inverse[: m - i + 1]
    H[:, 0] = first
    H[-1, :] = np.flip(first, axis=0)
    result = np.eye(m)
    left, exponent, h_exponent = n, 0, 0
    while left > 0:
        if left % 2:
            result = np.matmul(result, H)
            exponent += h_exponent
        H = np.matmul(H, H)
        h_exponent *= 2
        if np.abs(H[k - 1, k - 1]) > _SCALE:
            H /= _SCALE
            h_exponent += 128
        left //= 2
    p = result[k - 1, k - 1]
    small, scale = _SMALL, _SCALE
    for i in range(1, n + 1):
        p = i * p / n
        if -small < p < small:
            p *= scale
            exponent -= 128
    if exponent != 0:
        p = np.ldexp(p, exponent)
    cdf = np.clip(p, 0.0, 1.0)
    return float(min(max(float(np.clip(1.0 - cdf, 0.0, 1.0)), 0.0), 1.0))


_PI2, _PI4, _PI6 = np.pi**2, np.pi**4, np.pi**6
_ROOT_2PI, _ROOT_3 = np.sqrt(2 * np.pi), np.sqrt(3)


def pelz_good_sf(n: int, d: float) -> float:
    """``1 - P(D_n <= d)`` by Pelz and Good's series (1976), for n above 140, ``n d^2 < 2.2`` and
    outside Durbin's region: the arithmetic of scipy's ``kstwo.sf`` there, in the same order, so
    the value is scipy's to the bit (the tests compare a grid).

    The CDF is Li-Chien and Korolyuk's expansion ``K0(z) + K1(z)/sqrt(n) + K2(z)/n + K3(z)/n^1.5``
    with ``z = d sqrt(n)``, each ``Ki`` written with Jacobi's theta functions as a sum over odd
    ``m = 2k - 1`` of polynomials in ``m^2`` times ``q^(m^2)``, ``q = exp(-pi^2 / (8 z^2))``
    (evaluated from the last term by Horner's rule in ``q^(8k)``), plus for K2 and K3 a second sum
    over all k in ``exp(-pi^2 / (2 z^2))^(k^2)``.

    Pelz, W., Good, I. J. (1976). Approximating the lower tail-areas of the Kolmogorov-Smirnov
    one-sample statistic. Journal of the Royal Statistical Society B 38(2).
    """
    z = np.sqrt(n) * np.float64(d)
    z2, z3, z4, z6 = z**2, z**3, z**4, z**6
    log_q = -_PI2 / 8 / z2
    if log_q < -708:
        return 1.0
    q = np.exp(log_q)
    a1, b1 = -z2, _PI2 / 4  # K1's polynomial in m^2: a1 + b1 m^2, and so on
    a2, b2, c2 = 6 * z6 + 2 * z4, (2 * z4 - 5 * z2) * _PI2 / 4, _PI4 * (1 - 2 * z2) / 16
    d3 = _PI6 * (5 - 30 * z2) / 64
    c3 = _PI4 * (-60 * z2 + 212 * z4) / 16
    b3 = _PI2 * (135 * z4 - 96 * z6) / 4
    a3 = -30 * z6 - 90 * z**8
    k = np.zeros(4)
    terms = int(np.ceil(16 * z / np.pi))
    for j in range(terms, 0, -1):
        m = 2 * j - 1
        m2, m4, m6 = m**2, m**4, m**6
        step = np.power(q, 8 * j)
        k *= step
        k += np.array([1.0, a1 + b1 * m2, a2 + b2 * m2 + c2 * m4, a3 + b3 * m2 + c3 * m4 + d3 * m6])
    k *= q
    k *= _ROOT_2PI
    k /= np.array([z, 6 * z4, 72 * z**7, 6480 * z**10])
    q = np.exp(-_PI2 / 2 / z2)
    js = np.arange(terms, 0, -1)
    j2 = js**2
    root3z = _ROOT_3 * z
    jpi = np.pi * js
    q_j2 = q**j2
    extra2 = np.sum(j2 * q_j2)
    extra2 *= _PI2 * _ROOT_2PI / (-36 * z3)
    k[2] += extra2
    extra3 = np.sum((root3z + jpi) * (root3z - jpi) * j2 * q_j2)
    extra3 *= _PI2 * _ROOT_2PI / (216 * z6)
    k[3] += extra3
    k /= np.power(n * 1.0, np.arange(4) / 2.0)
    cdf = sum(k)
    return float(min(max(float(np.clip(1.0 - cdf, 0.0, 1.0)), 0.0), 1.0))
