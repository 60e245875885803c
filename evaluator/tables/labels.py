"""How a cell's value is written when it is shown as a category label (one rule for every tool)."""

from __future__ import annotations

from typing import Any

# Above 2**53 floats stop holding every whole number; 1e15 keeps a margin, so a label such as
# "1000000000000000" never stands for a float that was really 1000000000000000.2.
_WHOLE_NUMBER_LIMIT = 1e15


def value_label(value: Any) -> str | None:
    """The label of a value: ``None`` (and NaN) for a missing value, ``"true"``/``"false"`` for
    booleans, whole numbers without ``.0`` (``3.0`` -> ``"3"``), other floats in their shortest
    round-trip form (``repr``), anything else as ``str``. So 1 and 1.0 read from two files fall in
    the same category."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return None
        if value.is_integer() and abs(value) < _WHOLE_NUMBER_LIMIT:
            return str(int(value))
        return repr(value)
    return str(value)
