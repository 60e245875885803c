"""The maintainer command that lists facts whose last check is older than six months."""

from __future__ import annotations

import datetime as dt

import pytest
import tomllib

from evaluator.datafile import read_text
from evaluator.pay.stale import dated_facts, months_before, stale_facts
from evaluator.pay.transparency import FILE, default_transparency, parse_transparency
from scripts.stale_facts import main


def test_months_before_handles_short_months():
    assert months_before(dt.date(2026, 12, 3), 6) == dt.date(2026, 6, 3)
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2027, 1, 15), 1) == dt.date(2026, 12, 15)


def test_every_dated_fact_is_listed_and_none_is_stale_today():
    facts = dated_facts(default_transparency(), __import__("evaluator.pay", fromlist=["x"]).load_compensation())
    assert len(facts) == len(default_transparency().rules) + len(default_transparency().member_states) + 1
    assert stale_facts(dt.date(2026, 12, 3)) == []


def test_a_fact_checked_more_than_six_months_ago_is_listed_and_the_boundary_is_exact():
    data = tomllib.loads(read_text(FILE))
    data["rule"][1]["checked"] = dt.date(2026, 6, 2)
    data["rule"][2]["checked"] = dt.date(2026, 6, 3)  # exactly six months: not yet stale
    rules = parse_transparency(data)
    stale = stale_facts(dt.date(2026, 12, 3), transparency=rules)
    assert [f["fact"] for f in stale] == [f"rule '{data['rule'][1]['id']}' ({data['rule'][1]['jurisdiction']})"]
    # A year on, everything is stale, oldest first.
    later = stale_facts(dt.date(2027, 12, 31), transparency=rules)
    assert len(later) == len(dated_facts(rules, __import__("evaluator.pay", fromlist=["x"]).load_compensation()))
    assert [f["checked"] for f in later] == sorted(f["checked"] for f in later)
    with pytest.raises(ValueError, match="months must be 1 or more"):
        stale_facts(dt.date(2026, 12, 3), 0)


def test_the_command_prints_them_and_exits_1(capsys):
    assert main(["--today", "2026-12-03"]) == 0
    assert "No fact was last checked" in capsys.readouterr().out
    assert main(["--today", "2027-09-01"]) == 1
    out = capsys.readouterr().out
    assert "rule 'us-co' (Colorado, US)" in out and "https://cdle.colorado.gov/" in out


def test_the_guides_dated_footnotes_are_listed_too(tmp_path):
    from scripts.stale_facts import page_facts, stale_page_facts

    real = page_facts()
    assert any(f["fact"] == "footnote [^horovod]" and f["file"] == "docs/guide/tools.md" for f in real)
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "guide" / "page.md").write_text(
        "Text.[^old] More.[^new] And.[^undated]\n\n"
        "[^old]: A project's README. Checked 2026-01-10.\n"
        "[^new]: Another README,\n    on two lines. Checked 2026-11-29.\n"
        "[^undated]: A book.\n", encoding="utf-8")
    facts = page_facts(docs)
    assert [(f["fact"], f["checked"]) for f in facts] == [
        ("footnote [^old]", dt.date(2026, 1, 10)), ("footnote [^new]", dt.date(2026, 11, 29))]
    assert [f["fact"] for f in stale_page_facts(dt.date(2026, 12, 3), docs=docs)] == ["footnote [^old]"]
