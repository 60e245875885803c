"""Pay-transparency rules: complete for the places the issue named, each sourced and dated with its
status, scope, remote reach and what the advert must carry; the loader refuses a rule without them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import tomllib

from evaluator.datafile import DataError, read_text
from evaluator.errors import InputError
from evaluator.pay.transparency import (
    ELEMENTS, FILE, default_transparency, parse_transparency, remote_summary, required_elements, transparency_view,
)

RULES = default_transparency()
BY_ID = RULES.by_id()
TODAY = dt.date(2026, 12, 3)


def test_every_rule_the_issue_named_is_listed_with_its_date():
    expected = {
        "us-va": dt.date(2026, 7, 1), "us-me": dt.date(2026, 7, 13), "us-ohio-cleveland": dt.date(2025, 10, 27),
        "ca-bc": dt.date(2023, 11, 1), "ca-on": dt.date(2026, 1, 1), "ca-pe": dt.date(2022, 6, 1),
        "us-ohio-columbus": dt.date(2025, 12, 3), "us-de": dt.date(2027, 9, 26), "eu": dt.date(2026, 6, 7),
    }
    for rule_id, day in expected.items():
        assert BY_ID[rule_id].effective == day, rule_id
    assert BY_ID["us-ohio-columbus"].enforced_from == dt.date(2027, 1, 1)
    assert BY_ID["us-de"].min_employees == 26 and BY_ID["ca-on"].min_employees == 25
    assert BY_ID["us-me"].min_employees == 10 and BY_ID["us-ohio-cleveland"].min_employees == 15
    assert {"us-co", "us-ca", "us-wa", "us-ny", "us-nyc", "us-il", "us-mn", "us-md", "us-nj", "us-vt", "us-ma", "us-hi", "us-dc"} <= set(BY_ID)


def test_every_rule_has_a_source_a_kind_of_source_and_a_check_date():
    for rule in RULES.rules:
        assert rule.source_url.startswith("https://") and rule.source and rule.source_kind
        assert rule.checked <= TODAY and rule.scope and rule.remote
    for state in RULES.member_states:
        assert state.source_url.startswith("https://") and state.checked <= TODAY


def test_status_is_in_force_enacted_or_depends_on_national_law_on_the_given_day():
    assert BY_ID["us-de"].status(TODAY) == "Enacted, in force from 26 September 2027"
    assert BY_ID["us-de"].status(dt.date(2027, 9, 26)) == "In force since 26 September 2027"
    assert BY_ID["us-ohio-columbus"].status(TODAY).endswith("enforced from 1 January 2027")
    eu = BY_ID["eu"]
    assert eu.status(dt.date(2026, 6, 6)) == "Member states must transpose it by 7 June 2026"
    assert "depends on national law" in eu.status(TODAY)
    assert eu.as_json(TODAY)["in_force"] is True


def test_the_eu_rule_quotes_article_5_and_lists_member_states():
    eu = BY_ID["eu"]
    assert "published job vacancy notice, prior to the job interview or otherwise" in eu.requirement
    assert "first contact" not in eu.requirement
    countries = {s.country: s for s in RULES.member_states}
    assert countries["Italy"].status == "in force" and countries["Netherlands"].status == "missed the deadline"
    # The directive binds states: by itself it adds nothing an employer's advert must carry.
    assert required_elements([eu], TODAY) == {}


def test_what_the_advert_must_carry_beyond_a_range():
    assert {"benefits", "close_date"} <= set(BY_ID["us-co"].advert_must)
    assert "good_faith" in BY_ID["us-ca"].advert_must and "SB 642" in BY_ID["us-ca"].source
    assert "SB23-105" in BY_ID["us-co"].source and "SB19-085" in BY_ID["us-co"].source
    for rule_id in ("us-wa", "us-il", "us-md", "us-mn", "us-nj"):
        assert "benefits" in BY_ID[rule_id].advert_must, rule_id
    assert {"range_width", "ai_use", "vacancy_status"} <= set(BY_ID["ca-on"].advert_must)
    assert BY_ID["us-nyc"].reaches_remote == "yes" and "remote" in BY_ID["us-nyc"].remote


def test_a_remote_advert_must_carry_more_than_a_range():
    summary = remote_summary(RULES, TODAY)
    must = {m["id"]: m for m in summary["must"]}
    assert set(must) >= {"pay_range", "benefits", "close_date", "good_faith"}
    assert "Colorado, US" in must["close_date"]["jurisdictions"]
    # Only a requirement every reaching rule shares is summed up as "every one"; others name their places.
    assert "every one of these rules" in must["pay_range"]["text"]
    assert "every one" not in must["benefits"]["text"] and "Washington, US" in must["benefits"]["text"]
    assert "New York City, US" in summary["intro"]
    # Ontario covers only work done in Ontario, so its range-width limit does not reach a remote advert.
    assert "range_width" not in must
    assert [u["jurisdiction"] for u in summary["upcoming"]] == ["Delaware, US"]
    # Computed from the rules: dropping Colorado's close date drops it from the summary.
    data = tomllib.loads(read_text(FILE))
    next(r for r in data["rule"] if r["id"] == "us-co")["advert_must"] = ["pay_range", "benefits"]
    assert "close_date" not in {m["id"] for m in remote_summary(parse_transparency(data), TODAY)["must"]}


def test_the_explorer_filters_by_jurisdiction():
    canada = transparency_view(RULES, "Canada", TODAY)
    assert {r["id"] for r in canada["rules"]} == {"ca-bc", "ca-on", "ca-pe"}
    assert canada["member_states"] == []
    one = transparency_view(RULES, "us-co", TODAY)
    assert [r["id"] for r in one["rules"]] == ["us-co"]
    assert transparency_view(RULES, "EU", TODAY)["member_states"]
    assert len(transparency_view(RULES, "all", TODAY)["rules"]) == len(RULES.rules)
    with pytest.raises(InputError, match="jurisdiction 'Mars' is not one of"):
        transparency_view(RULES, "Mars", TODAY)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda d: d["rule"][0].pop("source_url"), "'eu': missing 'source_url'"),
    (lambda d: d["rule"][0].__setitem__("source_url", "http://example.org"), "must be an https:// address"),
    (lambda d: d["rule"][1].__setitem__("effective", "2021"), "'effective' must be a date"),
    (lambda d: d["rule"][1].pop("checked"), "missing 'checked'"),
    (lambda d: d["rule"][1].__setitem__("reaches_remote", "maybe"), "choose one of yes, office"),
    (lambda d: d["rule"][1].__setitem__("advert_must", ["pay_range", "free lunch"]), "choose from pay_range"),
    (lambda d: d["rule"][1].__setitem__("advert_must", ["benefits"]), "must include pay_range"),
    (lambda d: d["rule"][2].__setitem__("id", "eu"), "ids repeat"),
    (lambda d: d["member_state"][0].pop("checked"), "missing 'checked'"),
])
def test_a_rule_without_its_source_date_or_elements_is_refused(edit, message):
    data = tomllib.loads(read_text(FILE))
    edit(data)
    with pytest.raises(DataError, match=re.escape(message)):
        parse_transparency(data)


def test_every_element_has_words_for_the_page():
    assert all(text and text[0].islower() for text in ELEMENTS.values())
