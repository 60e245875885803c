"""The inputs of a performance comparison, described once for forms (the drift lab) and help texts.

Each entry has the shape of a drift option's description (`evaluator.drift.config.OptionSpec`):
key, label, kind, default, help, choices, bounds; kind "column" is one column name of the files.
"""

from __future__ import annotations

from typing import Any

OPTIONS: tuple[dict[str, Any], ...] = (
    {
        "key": "label",
        "label": "Label column",
        "kind": "column",
        "default": None,
        "help": "what actually happened (e.g. churned), as 0/1, true/false or yes/no; "
        "with a prediction column, the lab compares the model's accuracy, precision and recall in both files",
    },
    {
        "key": "prediction",
        "label": "Prediction column",
        "kind": "column",
        "default": None,
        "help": "what the model said for the same row (e.g. predicted_churn), in the same coding as the label",
    },
    {
        "key": "positive",
        "label": "Positive value",
        "kind": "text",
        "default": "1",
        "help": "the value that means 'yes' when the columns hold other words than 0/1, true/false or yes/no",
    },
)


def describe() -> list[dict[str, Any]]:
    """Every input as JSON (choices and bounds filled in, so forms treat them like drift options)."""
    return [{"choices": [], "minimum": None, "maximum": None, "flag": None, **spec} for spec in OPTIONS]
