"""Model performance from labels and predictions, in two windows (concept drift shows here)."""

from .windows import classification_summary, compare_windows, read_columns

__all__ = ["classification_summary", "compare_windows", "read_columns"]
