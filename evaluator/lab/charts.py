"""The geometry of the drift lab's charts, defined once: the page's charts (tools/drift-lab/charts.js)
read it from the lab's setup, in the browser and when the build draws the prerendered example.

Sizes are SVG user units. A chart is drawn as wide as its box and exactly this high: bars and lines
stretch sideways, text and point marks do not scale (see charts.js)."""

from __future__ import annotations

from typing import Any

CHART_GEOMETRY: dict[str, dict[str, Any]] = {
    # the overlay histogram of one column; at most `max_x_labels` bin edges are labelled
    "histogram": {"width": 480, "height": 210, "left": 60, "right": 8, "top": 12, "bottom": 44, "max_x_labels": 7},
    # the small histogram in the columns table (no text)
    "sparkline": {"width": 100, "height": 28},
    # the headline metric per period of the current file
    "over_time": {"width": 320, "height": 150, "left": 56, "right": 10, "top": 12, "bottom": 34},
}
