"""The drift engine: metrics, binning, verdicts and the per-column report (numpy/scipy only).

`evaluator.api.drift_report` and `evaluator.api.drift_metrics` are the public entry points; the
CLI (`python -m evaluator drift`) and the browser call them unchanged.
"""

from .config import SCHEMA, Options, resolve

__all__ = ["SCHEMA", "Options", "resolve"]
