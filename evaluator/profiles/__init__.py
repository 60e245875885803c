"""Drift profiles: per-column counts a drift report is computed from, merged by adding counts.

Engines fill profiles (`local` from a table in memory, `spark` with Spark SQL aggregates); `compare`
turns two profiles (or a profile and a table) into the drift report, with error bounds for
bucket-mode columns. Only numpy and the standard library here (it runs in the browser too); the
Spark engine imports pyspark itself, lazily.
"""

from .format import EXACT_MAX, FORMAT, VERSION, dumps, loads, looks_like_profile, merge
from .local import profile_table

__all__ = ["EXACT_MAX", "FORMAT", "VERSION", "dumps", "loads", "looks_like_profile", "merge", "profile_table"]
