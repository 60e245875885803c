"""Where in the band to offer: thirds of the band, in order, covering it exactly."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluator.errors import InputError
from evaluator.pay.offer import EVIDENCE, suggest_offer


def test_the_thirds_of_a_band():
    assert [(o["from"], o["to"]) for o in (suggest_offer(150_000, 180_000, e["id"]) for e in EVIDENCE)] == [
        (150_000, 160_000), (160_000, 170_000), (170_000, 180_000)]
    assert suggest_offer("150,000", "180000", "solid")["from_text"] == "160,000"


@given(st.integers(1, 10_000_000), st.integers(1, 10_000_000))
def test_the_suggestions_tile_the_band_in_order(a, b):
    low, high = sorted((a, b))
    if low == high:
        return
    ranges = [(o["from"], o["to"]) for o in (suggest_offer(low, high, e["id"]) for e in EVIDENCE)]
    assert ranges[0][0] == low and ranges[-1][1] == high
    for (_, end), (start, _) in zip(ranges, ranges[1:]):
        assert end == start
    assert all(s <= e for s, e in ranges)


@pytest.mark.parametrize(("low", "high", "evidence", "message"), [
    (None, 100, "solid", "enter the bottom of the band"),
    (100, "", "solid", "enter the top of the band"),
    (200, 100, "solid", "must be below its top"),
    ("ten", 100, "solid", "must be a whole number"),
    (100, 200, "stellar", "is not one of growing, solid, strong"),
    (0, 200, "solid", "between 1 and"),
])
def test_bad_bands_are_refused_with_a_clear_message(low, high, evidence, message):
    with pytest.raises(InputError, match=re.escape(message)):
        suggest_offer(low, high, evidence)
