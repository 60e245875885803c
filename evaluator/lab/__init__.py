"""The drift lab's view of a comparison: what the page needs beyond the drift report itself."""

from .head import columns_from_head, header_width
from .order import most_severe_first
from .reading import drift_and_performance, report_document, with_performance

__all__ = ["columns_from_head", "header_width", "drift_and_performance", "most_severe_first", "report_document", "with_performance"]
