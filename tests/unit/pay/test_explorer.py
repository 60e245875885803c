"""The pay explorer over the real data file: every figure sourced, filters, and the remote gap
worked out from the figures (the number the compensation page quotes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluator.errors import InputError
from evaluator.pay import load_compensation
from evaluator.pay.explorer import NO_FIGURE, explore, remote_gap

COMP = load_compensation()
ROOT = Path(__file__).resolve().parents[3]


def test_all_regions_and_levels_with_a_source_beside_every_figure():
    result = explore(COMP)
    assert [r["level_id"] for r in result["rows"]] == ["mid", "senior", "staff"]
    for row in result["rows"]:
        assert [c["market_id"] for c in row["cells"]] == ["us", "uk", "remote"]
        for cell in row["cells"]:
            assert cell["figure"] and cell["source_name"] == "VAMI" and cell["as_of"] == "2026"
    assert result["sources"][0]["reviewed"] == "2026-11-28"


def test_filters_narrow_the_table_and_keep_the_caveats():
    result = explore(COMP, "uk", "senior")
    assert result["shown"] == "UK, Senior"
    (row,) = result["rows"]
    (cell,) = row["cells"]
    assert cell["figure"] == "£130K–£175K"
    assert "Not comparable" in result["markets"][0]["caveat"]
    assert explore(COMP, "us", "senior")["rows"][0]["cells"][0]["caveats"] == [
        "The source's FAQ gives this range for top-tier companies."]


def test_a_missing_figure_is_reported_not_invented():
    data = __import__("tomllib").loads((ROOT / "docs" / "data" / "compensation.toml").read_text())
    del data["levels"][2]["pay"]["uk"]
    from evaluator.pay import parse_compensation

    cell = explore(parse_compensation(data), "uk", "staff")["rows"][0]["cells"][0]
    assert cell["figure"] is None and cell["missing"] == NO_FIGURE


def test_the_remote_gap_is_computed_from_the_figures_and_matches_the_guide():
    gap = remote_gap(COMP)
    shares = [1 - lv.pay["remote"].low / lv.pay["us"].low for lv in COMP.levels]
    shares += [1 - lv.pay["remote"].high / lv.pay["us"].high for lv in COMP.levels]
    assert (gap["low_pct"], gap["high_pct"]) == (round(100 * min(shares)), round(100 * max(shares))) == (31, 47)
    assert not gap["consistent"]
    page = (ROOT / "docs" / "guide" / "compensation.md").read_text(encoding="utf-8")
    assert f"**{gap['low_pct']} to {gap['high_pct']}% below the US column**" in page
    assert f"**{gap['claimed_min']} to {gap['claimed_max']}% below the top US rates**" in page


@pytest.mark.parametrize(("region", "level", "message"), [("eu", "all", "region 'eu' is not one of"), ("all", "junior", "level 'junior'")])
def test_unknown_filters_are_refused(region, level, message):
    with pytest.raises(InputError, match=re.escape(message)):
        explore(COMP, region, level)
