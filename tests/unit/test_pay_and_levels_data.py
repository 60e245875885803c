"""The maintainers' pay and level data through their typed loaders: the files pass, broken copies are named."""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from evaluator.datafile import DataError, read_text
from evaluator.levels import load_levels
from evaluator.pay import load_compensation, parse_compensation

ROOT = Path(__file__).resolve().parents[2]
COMPENSATION = ROOT / "docs" / "data" / "compensation.toml"
LEVELS = ROOT / "docs" / "data" / "levels.toml"


@pytest.fixture
def comp_data():
    return tomllib.loads(COMPENSATION.read_text(encoding="utf-8"))


def test_the_data_file_passes_its_schema(comp_data):
    comp = parse_compensation(comp_data)
    assert [lv.id for lv in comp.levels] == ["mid", "senior", "staff"]
    assert all(isinstance(s.reviewed, dt.date) for s in comp.sources)
    # Every figure names a source that exists, and says who published it and when.
    for level in comp.levels:
        for pay in level.pay.values():
            source = comp.source(pay.source)
            assert source.name and source.as_of


def test_a_market_without_a_figure_is_absent_not_estimated(comp_data):
    del comp_data["levels"][0]["pay"]["remote"]
    comp = parse_compensation(comp_data)
    assert "remote" not in comp.levels[0].pay
    assert comp.has_gaps


@pytest.mark.parametrize(
    "break_it, message",
    [
        (lambda d: d["sources"][0].pop("reviewed"), "missing 'reviewed'"),
        (lambda d: d["sources"][0].update(reviewed="last spring"), "'reviewed' must be a date"),
        (lambda d: d["sources"][0].update(caveat="  "), "'caveat' is empty"),
        (lambda d: d["sources"].clear(), "'sources' is empty"),
        (lambda d: d["levels"][0]["pay"]["us"].pop("source"), "pay.us: missing 'source'"),
        (lambda d: d["levels"][0]["pay"]["us"].update(source="a blog"), "source 'a blog' is not one of the [[sources]]"),
        (lambda d: d["levels"][0].update(pay={}), "no figure for any market"),
        (lambda d: d["remote_gap"].update(market="mars"), "'market' 'mars' is not one of the markets"),
        (lambda d: d["levels"][0]["pay"]["us"].update(low=300), "must be positive and below high"),
        (lambda d: d["levels"][0]["pay"]["uk"].update(high="130"), "'high' must be a whole number"),
        (lambda d: d["levels"][0]["pay"].update(de={"low": 1, "high": 2}), "unknown market"),
        (lambda d: d["levels"][1].update(id="mid"), "ids repeat"),
        (lambda d: d["levels"][0].update(years_max=2), "do not make a range"),
        (lambda d: d["levels"].reverse(), "junior to senior"),
        (lambda d: d["levels"][0]["pay"]["us"].update(open_ended="yes"), "'open_ended' must be true or false"),
        (lambda d: d["markets"].clear(), "'markets' is empty"),
    ],
)
def test_the_schema_check_rejects_broken_data(comp_data, break_it, message):
    broken = copy.deepcopy(comp_data)
    break_it(broken)
    with pytest.raises(DataError, match=re.escape(message)):
        parse_compensation(broken)


def test_the_levels_match_the_pay_table_and_widen_in_scope():
    levels = load_levels()
    assert [lv.id for lv in levels] == [lv.id for lv in load_compensation().levels] == ["mid", "senior", "staff"]
    assert [lv.scope for lv in levels] == sorted(lv.scope for lv in levels)
    assert all(lv.summary and lv.expects for lv in levels)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("scope = 3", "scope = 7"), "'scope' must be from 0 to 4"),
        (lambda t: t.replace("scope = 3", "scope = 2"), "wider scope than 'mid'"),
        (lambda t: t.replace('id = "staff"', 'id = "senior"'), "level ids repeat: 'senior'"),
        (lambda t: t.replace("expects = [", "expects_ = [", 1), "missing 'expects'"),
        (lambda t: t.replace('label = "Senior"', "label = true"), "'label' must be text, not a boolean"),
    ],
)
def test_the_levels_schema_check_names_the_file_and_field(edit, message):
    text = LEVELS.read_text(encoding="utf-8")
    changed = edit(text)
    assert changed != text, "the edit did not apply; update this test to the data file"
    with pytest.raises(DataError, match=re.escape(message)) as caught:
        load_levels(changed)
    assert str(caught.value).startswith("data/levels.toml: ")


def test_data_files_are_read_only_from_the_data_folders():
    assert "[[sources]]" in read_text("data/compensation.toml")
    for bad in ("../mkdocs.yml", "data/../../mkdocs.yml", "guide/faq.md"):
        with pytest.raises(DataError, match="not a data file"):
            read_text(bad)
    with pytest.raises(DataError, match="file not found"):
        read_text("data/no-such-file.toml")


# --- issue 19, "Other facts": each claim the check found wrong stays corrected --------------------

GUIDE = ROOT / "docs" / "guide"


@pytest.mark.parametrize(("page", "wrong"), [
    ("compensation.md", "15 to 25% more"),                       # no source; removed
    ("compensation.md", "The top of the US ranges is open-ended"),  # holds for Senior only
    ("tools.md", "Hosted in incubation at the LF AI & Data Foundation"),  # CNCF incubating since 2025-09
    ("tools.md", "build and CI fixes only"),                      # small fixes after 2023
    ("tools.md", "have been bought by larger platforms"),         # the example is unconfirmed
    ("glossary.md", "evaluation results and stage (for example candidate, staging, production, archived)"),
    ("sourcing.md", "since June 2026 in EU countries"),           # most states missed the deadline
])
def test_a_corrected_claim_does_not_come_back(page, wrong):
    assert wrong not in (GUIDE / page).read_text(encoding="utf-8")


def test_the_corrections_are_sourced_and_dated():
    tools = (GUIDE / "tools.md").read_text(encoding="utf-8")
    assert "CNCF incubating project since September 2025" in tools and "[^kserve-cncf]:" in tools
    assert "Dynamo Triton" in tools and "[^dynamo-triton]:" in tools
    for note in ("kserve-cncf", "dynamo-triton"):
        body = tools.split(f"[^{note}]:", 1)[1].split("\n[^", 1)[0]
        assert re.search(r"Checked \d{4}-\d{2}-\d{2}", body), note


def test_no_location_note_claims_a_range_satisfies_every_rule():
    text = (ROOT / "docs" / "data" / "jd-templates.toml").read_text(encoding="utf-8")
    assert "satisfies them all" not in text
