"""The KS p-value of large samples: our evaluation of Smirnov's sum against scipy's, on a grid and on data."""

import math

import numpy as np
import pytest
from scipy import stats

from evaluator import api
from evaluator.drift.smirnov import EXACT_MAX_N, kstwo_sf

GRID_N = [141, 1_000, 20_000, 250_000, EXACT_MAX_N]
GRID_NX2 = [2.2, 3.0, 12.0, 110.0, 369.9]  # the range where scipy sums Smirnov's series


@pytest.mark.parametrize("n", GRID_N)
def test_kstwo_sf_equals_scipys_on_a_grid(n):
    for nx2 in GRID_NX2:
        for d in (math.sqrt(nx2 / n),):
            want = float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))
            got = kstwo_sf(d, n)
            # relative 1e-11; below 1e-300 both sides are subnormal and only absolutely close
            assert got == pytest.approx(want, rel=1e-11, abs=1e-300), (n, nx2)


@pytest.mark.parametrize(("n", "d"), [(100_000, 926 / 100_000), (100_000, 0.5 * 1853 / 100_000), (400_000, 2_000 / 400_000),
                                      (999_999, 3_001 / 999_999), (777, 77 / 777)])
def test_lattice_statistics_where_n_times_one_minus_d_is_whole(n, d):
    """A KS statistic is a multiple of 1/n (of 1/lcm for two samples): n (1 - D) is then often a whole number."""
    want = float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))
    assert kstwo_sf(d, n) == pytest.approx(want, rel=1e-11, abs=1e-300)


@pytest.mark.parametrize(("n", "d"), [(50, 0.2), (5_000, 0.001), (EXACT_MAX_N + 1, 0.002), (2_000_000, 0.001), (2_000_000, 0.002),
                                      (300_000, 0.6), (300_000, 1e-7), (300_000, 0.04), (141, 0.1)])
def test_outside_smirnovs_sum_it_is_scipys_value(n, d):
    assert kstwo_sf(d, n) == float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))


def test_the_report_p_value_of_large_samples_is_ks_2samps():
    rng = np.random.default_rng(9)
    ref, cur = rng.normal(0, 1, 150_000), rng.normal(0.012, 1, 120_000)  # n D^2 in Smirnov's range
    got = api.drift_metrics(reference=ref.tolist(), current=cur.tolist())["metrics"]["ks"]
    want = stats.ks_2samp(ref, cur)
    en = 150_000 * 120_000 / 270_000
    assert 2.2 <= round(en) * want.statistic**2 < 370
    assert got["statistic"] == pytest.approx(want.statistic, rel=1e-12)
    assert got["p_value"] == pytest.approx(want.pvalue, rel=1e-11)


def test_a_large_numeric_report_needs_no_scipy_stats(tmp_path):
    """Half a second and 30 MB of imports saved on every large file: the large-sample KS p-value
    takes scipy's rule without importing scipy.stats where the value is 0 or Smirnov's sum."""
    import subprocess
    import sys

    rng = np.random.default_rng(1)
    for name, shift in (("ref.csv", 0.0), ("cur.csv", 0.3)):
        np.savetxt(tmp_path / name, rng.normal(shift, 1, (20_000, 2)), delimiter=",", header="a,b", comments="", fmt="%.6f")
    code = (
        "import sys\n"
        "from evaluator import api\n"
        f"report = api.drift_report(reference=open({str(tmp_path / 'ref.csv')!r}, 'rb'), current=open({str(tmp_path / 'cur.csv')!r}, 'rb'))\n"
        "assert all(c['metrics']['ks']['method'] == 'asymptotic' for c in report['columns'])\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


DURBIN_N = [141, 2_000, 10_001, 50_000, 99_999, 100_000]


@pytest.mark.parametrize("n", DURBIN_N)
def test_durbin_region_equals_scipys_to_the_bit(n):
    """Small statistics (n d^1.5 <= 1.4, n d^2 < 2.2), where scipy uses Durbin's matrix: the same
    float as scipy's kstwo.sf, for statistics across the region and at its edges (a KS statistic
    is a multiple of 1/n, so lattice points are included)."""
    top = min((1.4 / n) ** (2 / 3), math.sqrt(2.2 / n))
    ds = [1.0001 / n, 1.5 / n, 2 / n, 7 / n, top * 0.5, top * 0.9, top * 0.999]
    checked = 0
    for d in ds:
        if not (1 < n * d < n - 1 and n * np.float64(d) ** 1.5 <= 1.4):
            continue
        want = float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))
        assert kstwo_sf(d, n) == want, (n, d)
        checked += 1
    assert checked >= 4


def test_the_stirling_table_changes_no_bit(monkeypatch):
    from evaluator.drift import smirnov

    cases = [(n, x) for n in (141, 1_000, 50_000, 199_999) for x in (3.0 / n**0.5, 0.05, 0.3) if 1 < n * x and x < 0.5]
    with_table = [smirnov.smirnov_tail(n, x) for n, x in cases]
    monkeypatch.setattr(smirnov, "STIRLING_TABLE_MAX_N", 0)
    without = [smirnov.smirnov_tail(n, x) for n, x in cases]
    assert with_table == without


PELZ_GOOD_N = [141, 5_000, 50_000, 100_000, 100_001, 999_999, 2_000_000]


@pytest.mark.parametrize("n", PELZ_GOOD_N)
def test_pelz_good_region_equals_scipys_to_the_bit(n):
    """n d^2 < 2.2 outside Durbin's region (n d^1.5 > 1.4, or n above 100,000), where scipy uses
    Pelz and Good's series: the same float as scipy's kstwo.sf, across the region, at its edges and
    at random statistics."""
    rng = np.random.default_rng(n)
    low = (1.4 / n) ** (2 / 3) * 1.000001 if n <= 100_000 else 1.0001 / n
    high = math.sqrt(2.2 / n) * 0.999999
    checked = 0
    for d in [low, high, *np.linspace(low, high, 25).tolist(), *rng.uniform(low, high, 25).tolist(), 3 / n, 30 / n]:
        if not (1 < n * d < n - 1 and n * d * d < 2.2) or (n <= 100_000 and n * np.float64(d) ** 1.5 <= 1.4):
            continue
        want = float(np.clip(stats.distributions.kstwo.sf(d, n), 0, 1))
        assert kstwo_sf(d, n) == want, (n, d)
        checked += 1
    assert checked >= 20


def test_a_profile_report_needs_no_scipy_stats():
    """Two bucket-mode profiles of 60,000 values a column (effective size 30,000), shifted by
    amounts that put the KS statistics and their p-value intervals' ends in every region of
    kstwo.sf (Durbin's, where the interval's top is taken as 1, Pelz and Good's, Smirnov's sum, 0):
    no import of scipy.stats (a sixth of a second natively, more in the browser)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import numpy as np\n"
        "from evaluator.drift import resolve\n"
        "from evaluator.profiles import profile_table\n"
        "from evaluator.profiles.compare import compare_profiles\n"
        "from evaluator.tables import Column, Table\n"
        "rng = np.random.default_rng(3)\n"
        "shifts = [0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.3]\n"
        "def table(shifted):\n"
        "    cols = {f'x{i}': Column(f'x{i}', numeric=rng.lognormal(3 + (s if shifted else 0), 1, 60_000)) for i, s in enumerate(shifts)}\n"
        "    return Table('t.csv', cols, 60_000, ',', 'utf-8', [])\n"
        "report = compare_profiles(profile_table(table(False)), profile_table(table(True)), resolve({}))\n"
        "ks = [c['metrics']['ks'] for c in report['columns']]\n"
        "assert all(k['method'] == 'asymptotic' and 'p_value_interval' in k for k in ks), ks\n"
        "def region(x):\n"
        "    return 'zero' if 30_000 * x * x >= 370 else 'sum' if 30_000 * x * x >= 2.2 else 'durbin' if 30_000 * x**1.5 <= 1.4 else 'pelz'\n"
        "seen = {region(min(max(k['statistic'] + s * k['statistic_error_bound'], 0.0), 1.0)) for k in ks for s in (-1, 0, 1)}\n"
        "assert seen == {'zero', 'sum', 'durbin', 'pelz'}, seen\n"
        "print('scipy.stats' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "False", out.stdout
