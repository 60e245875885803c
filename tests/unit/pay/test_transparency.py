"""Pay-transparency rules: each one sourced and dated, and the loader refuses a rule without them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import tomllib

from evaluator.datafile import DataError, read_text
from evaluator.pay.transparency import FILE, default_transparency, parse_transparency

RULES = default_transparency()


def test_the_eu_directive_and_the_us_states_that_require_ranges_are_listed_with_dates_and_sources():
    by_id = RULES.by_id()
    eu = by_id["eu"]
    assert eu.effective == dt.date(2026, 6, 7)
    assert "2023/970" in eu.source and eu.source_url.startswith("https://eur-lex.europa.eu/")
    us_states = {r.id for r in RULES.rules if r.id.startswith("us-") and r.kind == "state law"}
    assert {"us-co", "us-ca", "us-wa", "us-ny", "us-il", "us-mn", "us-md", "us-nj", "us-vt", "us-ma", "us-hi"} <= us_states
    for rule in RULES.rules:
        assert rule.source_url.startswith("https://")
        assert rule.status in ("confirmed", "unconfirmed")


def test_in_force_is_computed_against_the_given_day():
    eu = RULES.by_id()["eu"]
    assert eu.as_json(dt.date(2026, 6, 6))["in_force"] is False
    assert eu.as_json(dt.date(2026, 6, 7))["in_force"] is True


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["rule"][0].pop("source_url"), "'eu': missing 'source_url'"),
    (lambda d: d["rule"][0].__setitem__("source_url", "http://example.org"), "must be an https:// address"),
    (lambda d: d["rule"][1].__setitem__("effective", "2021"), "'effective' must be a date"),
    (lambda d: d["rule"][1].__setitem__("status", "maybe"), "choose one of confirmed, unconfirmed"),
    (lambda d: d["rule"][2].__setitem__("id", "eu"), "ids repeat"),
])
def test_a_rule_without_its_source_or_date_is_refused(edit, message):
    data = tomllib.loads(read_text(FILE))
    edit(data)
    with pytest.raises(DataError, match=re.escape(message)):
        parse_transparency(data)
