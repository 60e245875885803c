"""evaluator.performance: the performance comparison used for concept drift, checked against a
plain-Python count and on its edge cases."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluator import api
from evaluator.errors import InputError
from evaluator.performance import classification_summary


def csv_bytes(rows, header=("segment", "label", "prediction")) -> bytes:
    return ("\n".join([",".join(header), *(",".join(map(str, r)) for r in rows)]) + "\n").encode()


def by_hand(pairs):
    tp = sum(1 for y, p in pairs if y and p)
    tn = sum(1 for y, p in pairs if not y and not p)
    fp = sum(1 for y, p in pairs if not y and p)
    fn = sum(1 for y, p in pairs if y and not p)
    return tp, tn, fp, fn


def test_summary_matches_a_plain_count():
    rng = random.Random(3)
    pairs = [(rng.random() < 0.3, rng.random() < 0.25) for _ in range(500)]
    tp, tn, fp, fn = by_hand(pairs)
    got = classification_summary([y for y, _ in pairs], [p for _, p in pairs])
    assert got["confusion"] == {"tp": tp, "fp": fp, "tn": tn, "fn": fn}
    assert got["accuracy"] == pytest.approx((tp + tn) / 500)
    assert got["precision"] == pytest.approx(tp / (tp + fp))
    assert got["recall"] == pytest.approx(tp / (tp + fn))


def test_precision_and_recall_are_none_without_a_denominator():
    got = classification_summary([False, False], [False, False])
    assert got["accuracy"] == 1.0 and got["precision"] is None and got["recall"] is None


def test_comparison_overall_and_per_segment():
    reference = csv_bytes([("a", 1, 1), ("a", 0, 0), ("b", 1, 1), ("b", 0, 0)] * 20)
    current = csv_bytes([("a", 1, 1), ("a", 0, 0), ("b", 1, 0), ("b", 0, 0)] * 20)
    report = api.performance_comparison(reference, current, label="label", prediction="prediction",
                                        segment_by=["segment"])
    assert report["reference"]["accuracy"] == 1.0 and report["current"]["accuracy"] == 0.75
    assert report["accuracy_change"] == pytest.approx(-0.25)
    seg = {s["values"]["segment"]: s for s in report["segments"]}
    assert seg["a"]["accuracy_change"] == 0.0
    assert seg["b"]["accuracy_change"] == pytest.approx(-0.5)
    assert seg["b"]["current"]["positive_rate"] == 0.5 and seg["b"]["current"]["predicted_positive_rate"] == 0.0


def test_small_segments_get_counts_but_no_change():
    reference = csv_bytes([("a", 1, 1)] * 40 + [("b", 1, 1)] * 5)
    current = csv_bytes([("a", 1, 1)] * 40 + [("b", 0, 1)] * 5)
    seg = {s["values"]["segment"]: s for s in api.performance_comparison(
        reference, current, label="label", prediction="prediction", segment_by=["segment"])["segments"]}
    assert seg["b"]["accuracy_change"] is None and seg["b"]["current"]["n"] == 5


def test_text_labels_with_a_named_positive_value():
    data = csv_bytes([("x", "yes", "yes"), ("x", "no", "yes")])
    report = api.performance_comparison(data, data, label="label", prediction="prediction", positive="yes")
    assert report["current"]["confusion"] == {"tp": 1, "fp": 1, "tn": 0, "fn": 0}


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"label": "nope", "prediction": "prediction"}, "no column 'nope'"),
        ({"label": "label", "prediction": "label"}, "must all be different"),
        ({"label": "label", "prediction": "prediction", "segment_by": "segment"}, "list of column names"),
    ],
)
def test_bad_calls_say_what_is_wrong(kwargs, fragment):
    data = csv_bytes([("a", 1, 1), ("a", 0, 0)])
    with pytest.raises(InputError, match=fragment):
        api.performance_comparison(data, data, **kwargs)


def test_a_label_that_is_not_binary_is_named():
    data = csv_bytes([("a", 1, 1), ("a", 7, 0)])
    with pytest.raises(InputError, match=r"holds '7'"):
        api.performance_comparison(data, data, label="label", prediction="prediction")


@given(st.lists(st.sampled_from([0.0, 1.0, 2.0, -0.0, 0.5, 1e20]), min_size=1, max_size=40),
       st.sampled_from(["1", "0", "2", "0.5"]))
def test_a_numeric_column_is_judged_as_its_cells_are(values, positive):
    """The per-distinct-value path for numeric label and prediction columns gives the per-cell
    result, and the same message for the first bad value."""
    from evaluator.performance.windows import _as_bool, _column_as_bool, _values
    from evaluator.tables import Column

    column = Column("label", numeric=np.array(values))
    try:
        expected = _as_bool(_values(column), "label", "current", positive)
    except InputError as exc:
        with pytest.raises(InputError) as got:
            _column_as_bool(column, "current", positive)
        assert str(got.value) == str(exc)
    else:
        np.testing.assert_array_equal(_column_as_bool(column, "current", positive), expected)
