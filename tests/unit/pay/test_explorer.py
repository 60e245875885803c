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
    source = result["sources"][0]
    assert source["reviewed"] == "2026-11-28"
    # Criterion 6: the pay source with its title, address and publication date, not a bare name.
    assert source["url"].startswith("https://vami.agency/") and source["title"] and source["published"].startswith("2026")
    assert source["url"] in source["citation"] and source["title"] in source["citation"]


def test_the_explorer_says_which_regions_it_has_no_figures_for_and_what_to_do_instead():
    gaps = explore(COMP)["no_figures"]
    assert "Europe outside the UK" in gaps["summary"] and "We have no figures for" in gaps["summary"]
    europe = next(g for g in gaps["regions"] if g["region"] == "Europe outside the UK")
    assert "salary survey" in europe["advice"]
    # Every named region really has no market column.
    labels = {m.label for m in COMP.markets}
    assert not any(g["region"] in labels for g in gaps["regions"])


def test_level_year_ranges_do_not_overlap():
    for lower, higher in zip(COMP.levels, COMP.levels[1:]):
        assert lower.years_max is not None and higher.years_min == lower.years_max + 1, (lower.years, higher.years)
    assert [lv.years for lv in COMP.levels] == ["3–5 years", "6–9 years", "10+ years"]
    data = __import__("tomllib").loads((ROOT / "docs" / "data" / "compensation.toml").read_text())
    data["levels"][0]["years_max"] = 6  # the old, overlapping 3-6 / 6-10
    from evaluator.datafile import DataError
    from evaluator.pay import parse_compensation

    with pytest.raises(DataError, match="overlap"):
        parse_compensation(data)


def test_only_the_senior_us_range_is_open_ended():
    assert [lv.id for lv in COMP.levels if any(p.open_ended for p in lv.pay.values())] == ["senior"]


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
