"""Stage-2 variants as the tests check them, built once per seed in a test run.

Building one (the variant, the drift report on its two files, the key) takes about half a second,
and several test files check the same seeds, so they share this cache instead of each building
its own. The build is deterministic: a seed gives the same bytes every time
(test_stage2_variants.py::test_same_seed_same_bytes_other_seed_differs)."""

from __future__ import annotations

from functools import lru_cache

from evaluator import api
from evaluator.interview import stage2 as generator
from evaluator.interview.stage2_key import stage2_key


@lru_cache(maxsize=None)
def variant_drift_key(seed: int):
    """The variant, its drift report's columns by name, and the key written with that report."""
    variant = generator.make_variant(seed)
    report = api.drift_report(variant.reference_csv.encode(), variant.current_csv.encode())
    drift = {c["name"]: c for c in report["columns"]}
    return variant, drift, stage2_key(variant, drift=drift)
