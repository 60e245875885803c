"""JD templates and the builder: every advert follows the include list, passes the linter and maps
each requirement to a real scorecard dimension."""

from __future__ import annotations

import itertools
import re
import tomllib
from pathlib import Path

import pytest

from evaluator.datafile import DataError, read_text
from evaluator.errors import InputError
import datetime as dt

from evaluator.jd.builder import MarketPay, build_job_description, check_advert_elements, rules_for
from evaluator.jd.form import form_options, read_form
from evaluator.jd.linter import lint_job_description
from evaluator.jd.rules import default_rules
from evaluator.interview.scorecards import load_scorecards
from evaluator.jd.templates import FILE, default_templates, parse_templates
from evaluator.pay.transparency import default_transparency

ROOT = Path(__file__).resolve().parents[3]
SCORECARDS = tomllib.loads((ROOT / "docs" / "interview" / "data" / "scorecards.toml").read_text(encoding="utf-8"))
# Stage names come from the interview loop, defined once (e.g. "Stage 1: Infrastructure design").
LOOP = tomllib.loads((ROOT / "docs" / "data" / "interview-stages.toml").read_text(encoding="utf-8"))
LEVELS = tomllib.loads((ROOT / "docs" / "data" / "levels.toml").read_text(encoding="utf-8"))
TEMPLATES = default_templates()
RULES = default_rules()
TRANSPARENCY = default_transparency()
TODAY = dt.date(2026, 12, 3)
MARKET = MarketPay(160_000, 220_000, "$", "Total compensation: base salary plus equity", False, "a test source", "2026")
# Everything a hiring manager fills in for an advert that every rule in the table accepts.
COMPLETE = dict(work_arrangement="hybrid", reports_to="Head of ML Platform", city="Springfield", country="Germany",
                benefits="Health and dental cover, a pension with 5% matching, 30 days of holiday.",
                close_date="2027-01-31", ai_screening="no", vacancy="existing", tools="MLflow, Airflow, Feast")


def build(market=MARKET, today=TODAY, **fields):
    form = read_form(fields, TEMPLATES)
    location = next(loc for loc in TEMPLATES.locations if loc.id == form.location)
    return build_job_description(form, TEMPLATES, RULES, market, rules_for(location, TRANSPARENCY), today)


def test_every_requirement_names_a_scorecard_dimension_that_exists():
    dimensions = {(s["id"], d["name"]) for s in SCORECARDS["stage"] for d in s["dimension"]}
    pages = {s["id"]: "interview/" + s["page"] for s in SCORECARDS["stage"]}
    titles = {s["id"]: s["title"] if s["id"] == "screen" else f"{s['label']}: {s['title']}" for s in LOOP["stage"]}
    assert {sid: st.page for sid, st in TEMPLATES.stages.items()} == pages
    assert {sid: st.title for sid, st in TEMPLATES.stages.items()} == titles
    requirements = [r for role in TEMPLATES.roles for r in (*role.must, *role.nice)]
    requirements += [lv.must for lv in TEMPLATES.levels]
    assert requirements
    for req in requirements:
        assert (req.stage, req.dimension) in dimensions, req


def test_levels_match_levels_toml_and_roles_are_the_three_types():
    assert [lv.id for lv in TEMPLATES.levels] == [lv["id"] for lv in LEVELS["level"]]
    assert [r.id for r in TEMPLATES.roles] == ["platform", "model", "generalist"]


@pytest.mark.parametrize(("role", "level"), list(itertools.product(["platform", "model", "generalist"], ["mid", "senior", "staff"])))
def test_each_template_leads_with_its_scenario_and_has_the_parts_of_an_advert(role, level):
    result = build(role=role, level=level, location="us-ca")
    md = result["markdown"]
    first_paragraph = md.split("\n\n")[2]
    assert first_paragraph.startswith("You will"), first_paragraph
    for heading in ("What you will do", "What you bring", "Nice to have", "What success looks like", "Pay", "How we interview"):
        assert f"## {heading}\n" in md
    assert "**After 6 months**" in md and "**After 12 months**" in md
    assert "$160,000–$220,000" in md
    # Each must-have and nice-to-have says which interview stage tests it, in the text and as a link.
    must = next(s for s in result["sections"] if s["id"] == "must")
    for item in must["items"]:
        assert re.search(re.escape(item["text"]) + r" \(interview stage [123]: [^)]+\)", md)
        assert item["assessed_by"]["anchor"].startswith("scale-")
    # The template's own example pay line is a placeholder, which the linter reports; nothing else
    # is wrong, and the check names what the template leaves for the hiring manager to fill in.
    assert result["check"]["problems"] == ["A placeholder left in the text"] and result["check"]["warnings"] == []
    assert "**Reports to:** [" in md and "**Work arrangement:** [" in md
    assert not result["check"]["passes"]


@pytest.mark.parametrize("location", [loc.id for loc in TEMPLATES.locations])
def test_a_filled_form_gives_an_advert_the_linter_finds_nothing_in(location):
    result = build(role="model", level="mid", location=location, ml_engineers=6, models_in_production=12,
                   deployment_frequency="daily",
                   scenario="You will run the monitoring and retraining loop for our delivery-time model.",
                   pay_low=90000, pay_high=110000, pay_basis="base salary",
                   **{**COMPLETE, "tools": "MLflow, Evidently, Airflow"})
    assert result["check"] == {"problems": [], "warnings": [], "missing": [], "passes": True}
    assert result["warnings"] == []
    assert "We have 6 ML engineers and 12 models in production, and a new model version reaches production most days." in result["markdown"]
    loc = next(loc for loc in TEMPLATES.locations if loc.id == location)
    assert [r["id"] for r in result["rules"]] == [r.id for r in rules_for(loc, TRANSPARENCY)]
    if not loc.remote:
        assert [r["id"] for r in result["rules"]] == list(loc.rules)
    assert result["filename"].endswith(".md") and re.fullmatch(r"[a-z0-9-]+\.md", result["filename"])


def test_the_pay_band_uses_the_locations_currency_and_the_market_figure_stays_in_the_notes():
    uk = build(role="platform", level="senior", location="uk", pay_low=120000, pay_high=150000,
               tools="MLflow", scenario="You will own our model registry and its promotion rules for the pricing team.")
    assert "**Location:** UK" in uk["markdown"]
    assert "$120,000–$150,000 base salary." in uk["markdown"]  # the market symbol given to the builder
    assert "a test source" not in uk["markdown"]
    assert any("a test source" in note for note in uk["notes"])
    eu = build(market=None, location="eu")
    assert "[Add the pay band you will really pay" in eu["markdown"]
    assert "No pay range" in eu["check"]["problems"]
    assert any("no figures" in w for w in eu["warnings"])
    assert [r["id"] for r in eu["rules"]] == ["eu"]


def test_an_empty_form_falls_back_to_the_template_and_says_what_to_replace():
    result = build()
    assert result["scenario"] == TEMPLATES.role("generalist").scenario
    assert any("template's example" in w for w in result["warnings"])
    assert any("Name the tools" in w for w in result["warnings"])


@pytest.mark.parametrize(("fields", "message"), [
    ({"role": "devops"}, "role 'devops' is not one of"),
    ({"level": "junior"}, "level 'junior' is not one of"),
    ({"ml_engineers": "five"}, "ML engineers must be a whole number"),
    ({"ml_engineers": -1}, "between 0 and"),
    ({"models_in_production": 1.5}, "must be a whole number"),
    ({"pay_low": 100000}, "give both the bottom and the top"),
    ({"pay_low": 150000, "pay_high": 120000}, "must be above zero and below its top"),
    ({"scenario": "x" * 401}, "keep it under 400"),
    ({"tools": ["a" * 41]}, "too long"),
    ({"tools": [str(i) for i in range(21)]}, "name at most 20"),
    ({"location": "mars"}, "location 'mars' is not one of"),
    ({"tools": 5}, "tools must be a list"),
])
def test_bad_form_values_are_refused_with_a_message_naming_the_field(fields, message):
    with pytest.raises(InputError, match=re.escape(message)):
        read_form(fields, TEMPLATES)


def test_form_options_offer_exactly_the_templates_choices():
    options = form_options(TEMPLATES)
    assert [r["id"] for r in options["roles"]] == [r.id for r in TEMPLATES.roles]
    assert [lv["id"] for lv in options["levels"]] == ["mid", "senior", "staff"]
    assert options["defaults"]["location"] in [loc["id"] for loc in options["locations"]]
    assert set(options["help"]) >= {"role", "level", "scenario", "tools", "location", "pay"}


def test_the_template_loader_names_the_broken_field():
    scorecards = load_scorecards()
    data = tomllib.loads(read_text(FILE))
    data["role"][0]["must"][0]["stage"] = "stage-9"
    with pytest.raises(DataError, match=r"\[\[role\]\] 'platform' \[\[role.must\]\] #1: stage 'stage-9'"):
        parse_templates(data, scorecards)
    data = tomllib.loads(read_text(FILE))
    data["role"][2]["nice"][0]["dimension"] = "Kubernetes mastery"
    with pytest.raises(DataError, match="stage-3 has no scorecard dimension 'Kubernetes mastery'"):
        parse_templates(data, scorecards)
    data = tomllib.loads(read_text(FILE))
    data["role"][1]["scenario"] = "We are a great company."
    with pytest.raises(DataError, match="must start with \"You will\""):
        parse_templates(data, scorecards)
    data = tomllib.loads(read_text(FILE))
    data["level"].reverse()
    with pytest.raises(DataError, match="mid, senior, staff in that order"):
        parse_templates(data, scorecards)



def test_how_we_interview_lists_the_loop_from_its_one_data_file():
    """Every stage of the interview loop, in its order, with its name and length as
    interview-stages.toml gives them; a change to a time box there changes every advert."""
    md = build(role="model", level="senior", location="us-ca")["markdown"]
    section = md.split("## How we interview\n", 1)[1]
    items = re.findall(r"^\d+\. (.+)$", section, flags=re.M)
    assert len(items) == len(LOOP["stage"])
    for item, stage in zip(items, LOOP["stage"]):
        name = stage["title"] if stage["id"] == "screen" else f"{stage['label']}: {stage['title']}"
        minutes = sum(p["minutes"] for p in stage["part"])
        hours, rest = divmod(minutes, 60)
        length = " ".join(filter(None, [f"{hours} hour{'s' * (hours != 1)}" if hours else "",
                                        f"{rest} minute{'s' * (rest != 1)}" if rest or not hours else ""]))
        assert item.startswith(f"{name} ({length}"), (item, name, length)
        assert ("to prepare)" in item) == bool(stage["prep_minutes"]), item
    assert f"steps over {LOOP['span']};" in section


def test_the_interview_lines_must_match_the_loop():
    scorecards = load_scorecards()
    data = tomllib.loads(read_text(FILE))
    del data["interview"]["stage-2"]
    with pytest.raises(DataError, match=r"\[interview\] needs one line per stage .*missing: stage-2"):
        parse_templates(data, scorecards)
    data = tomllib.loads(read_text(FILE))
    data["interview"]["stage-4"] = "a fourth stage"
    with pytest.raises(DataError, match="not in the loop: stage-4"):
        parse_templates(data, scorecards)

def test_locations_name_only_rules_and_markets_that_exist():
    rules = {r.id for r in default_transparency().rules}
    markets = {m["id"] for m in tomllib.loads((ROOT / "docs" / "data" / "compensation.toml").read_text())["markets"]}
    for loc in TEMPLATES.locations:
        assert set(loc.rules) <= rules, loc.id
        assert loc.market == "" or loc.market in markets, loc.id


def test_a_berlin_advert_names_berlin_not_an_eu_member_state():
    result = build(market=None, location="eu", city="Berlin", country="Germany", pay_low=80000, pay_high=95000)
    assert "**Location:** Berlin, Germany" in result["markdown"]
    assert "member state" not in result["markdown"] and result["location"] == "Berlin, Germany"
    assert result["filename"] == "senior-mlops-engineer-berlin.md"
    assert "€80,000–€95,000 base salary." in result["markdown"]
    # Without a country the advert says what to fill in, and the builder warns.
    bare = build(market=None, location="eu")
    assert "**Location:** [City, country]" in bare["markdown"]
    assert any("city and country" in w for w in bare["warnings"])
    # A US city is written with its state.
    assert "**Location:** Denver, Colorado, US" in build(location="us-co", city="Denver")["markdown"]
    assert "**Location:** Remote (Canada)" in build(location="remote", country="Canada")["markdown"]


@pytest.mark.parametrize(("location", "element", "field"), [
    ("us-co", "benefits", "benefits"),
    ("us-co", "close_date", "close_date"),
    ("us-wa", "benefits", "benefits"),
    ("us-il", "benefits", "benefits"),
    ("us-md", "benefits", "benefits"),
    ("us-mn", "benefits", "benefits"),
    ("us-nj", "benefits", "benefits"),
    ("remote", "close_date", "close_date"),
    ("remote", "benefits", "benefits"),
    ("ca-on", "ai_use", "ai_screening"),
    ("ca-on", "vacancy_status", "vacancy"),
])
def test_the_check_fails_an_advert_without_what_the_rules_require(location, element, field):
    """Regression for issue 19: Colorado and Washington adverts were built without the benefits line."""
    fields = {**COMPLETE, "location": location, "pay_low": 90000, "pay_high": 110000}
    assert build(**fields)["check"]["passes"], location
    fields.pop(field)
    result = build(**fields)
    assert not result["check"]["passes"]
    assert any(ELEMENT_WORDS[element] in m for m in result["check"]["missing"]), result["check"]["missing"]


ELEMENT_WORDS = {"benefits": "benefits", "close_date": "applications close", "ai_use": "AI",
                 "vacancy_status": "existing vacancy"}


@pytest.mark.parametrize(("location", "text"), [
    ("us-ca", "good-faith estimate"), ("us-nyc", "good-faith estimate"), ("us-co", "Applications close:** 2027-01-31"),
    ("us-wa", "## Benefits\n\nHealth and dental"), ("ca-on", "existing vacancy"), ("ca-on", "do not use artificial intelligence"),
])
def test_the_built_advert_carries_what_its_rules_ask_for(location, text):
    assert text in build(location=location, pay_low=90000, pay_high=110000, **{k: v for k, v in COMPLETE.items() if k != "city"})["markdown"]


def test_the_check_reads_the_text_so_an_edited_advert_is_checked_too():
    result = build(location="us-co", pay_low=90000, pay_high=110000, **COMPLETE)
    md = result["markdown"]
    required = {r["id"]: r["jurisdictions"] for r in result["required"]}
    assert set(required) == {"pay_range", "benefits", "close_date"}
    assert check_advert_elements(md, required) == []
    cut = {
        "benefits": re.sub(r"## Benefits\n\n.*?\n\n", "", md, flags=re.S),
        "close_date": md.replace("**Applications close:** 2027-01-31", ""),
        "pay_range": md.replace("$90,000–$110,000", "competitive pay"),
        "work_arrangement": md.replace("**Work arrangement:** Hybrid", "**Work arrangement:** [tbc]"),
        "reporting_line": md.replace("**Reports to:** Head of ML Platform", ""),
    }
    for element, text in cut.items():
        assert [m["id"] for m in check_advert_elements(text, required)] == [element], element


def test_ontario_refuses_a_range_wider_than_50000_unless_the_top_is_over_200000():
    narrow = build(market=None, location="ca-on", pay_low=100000, pay_high=150000, **COMPLETE)
    assert narrow["check"]["passes"] and "$100,000–$150,000 CAD base salary." in narrow["markdown"]
    wide = build(location="ca-on", pay_low=90000, pay_high=150000, **COMPLETE)
    assert any("CAD 50,000" in m for m in wide["check"]["missing"])
    assert build(location="ca-on", pay_low=150000, pay_high=250000, **COMPLETE)["check"]["passes"]


def test_a_rule_not_yet_in_force_is_a_note_not_a_requirement():
    # With no benefits given, the builder leaves a placeholder that the linter reports; what matters
    # here is that Delaware's benefits line is not yet *required* (not in "missing") before 2027.
    before = build(location="us-de", pay_low=90000, pay_high=110000, **{**COMPLETE, "benefits": None})
    assert before["check"]["missing"] == [] and before["check"]["problems"] == ["A placeholder left in the text"]
    assert any("Delaware, US: Enacted, in force from 26 September 2027" in n for n in before["notes"])
    after = build(location="us-de", pay_low=90000, pay_high=110000, today=dt.date(2027, 10, 1), **{**COMPLETE, "benefits": None})
    assert not after["check"]["passes"] and after["check"]["missing"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"close_date": "next Friday"}, "the closing date must be a date"),
    ({"work_arrangement": "moon"}, "work arrangement 'moon' is not one of"),
    ({"city": "[City]"}, "the city contains a square bracket"),
    ({"reports_to": "x" * 81}, "keep it under 80"),
])
def test_bad_new_fields_are_refused_with_a_message(fields, message):
    with pytest.raises(InputError, match=re.escape(message)):
        read_form(fields, TEMPLATES)


def test_the_form_spec_defines_the_new_fields_once():
    options = form_options(TEMPLATES)
    assert set(options["help"]) >= {"city", "country", "work_arrangement", "reports_to", "benefits", "close_date",
                                     "ai_screening", "vacancy"}
    assert [w["id"] for w in options["work_arrangements"]] == ["onsite", "hybrid", "remote"]
    assert options["defaults"]["work_arrangement"] in [w["id"] for w in options["work_arrangements"]]


def test_every_field_in_the_form_spec_is_read_and_explained():
    """The form spec (evaluator.jd.form.FIELDS) is the one list of fields: each is a JobForm field,
    has a help text (pay_high shares the pay help) and, if a choice, names choices the options give."""
    from dataclasses import fields as dataclass_fields

    from evaluator.jd.form import FIELDS, JobForm

    options = form_options(TEMPLATES)
    names = {f.name for f in dataclass_fields(JobForm)}
    assert [f["id"] for f in options["fields"]] == [f["id"] for f in FIELDS]
    assert {f["id"] for f in FIELDS} == names
    for spec in FIELDS:
        assert spec["id"] in options["help"] or spec["id"] in ("pay_low", "pay_high"), spec
        if spec["kind"] == "choice":
            assert options[spec["choices"]], spec
