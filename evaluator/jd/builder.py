"""The JD builder: a filled form plus a template become an advert that follows the guide's include list.

The advert comes back twice: as Markdown (to copy into an applicant tracking system or download)
and as sections (for the page, where each requirement links to the scorecard dimension that tests
it). Notes for the hiring manager (pay figures from our sources, the pay-transparency rules where
the job is) come back apart from the advert, so they never end up in a posting by accident.

The advert carries what the rules that reach the job require beyond a range (a benefits
description, the closing date, good-faith wording, Ontario's AI and vacancy statements), plus the
location, work arrangement and reporting line every advert needs; `check_advert_elements` reads the
text for each and the check fails an advert that lacks one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..pay.transparency import ELEMENTS, Transparency, TransparencyRule, default_transparency, required_elements
from .form import AI_SCREENING, VACANCY, WORK_ARRANGEMENTS, JobForm, read_form
from .linter import lint_job_description
from .rules import LintRules, default_rules
from .templates import Location, Requirement, Templates, default_templates


@dataclass(frozen=True)
class MarketPay:
    """A market range from our pay sources, for one level and market, in whole currency units."""

    low: int
    high: int
    symbol: str
    measure: str
    open_ended: bool
    source: str
    as_of: str


def money(amount: int, symbol: str) -> str:
    return f"{symbol}{amount:,}"


def _count(n: int) -> str:
    """3 -> "Three": a count that starts a sentence."""
    return ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")[n] if n < 10 else str(n)


def _join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _assessed_by(req: Requirement, templates: Templates) -> dict:
    stage = templates.stages[req.stage]
    return {
        "stage": req.stage,
        "stage_title": stage.title,
        "dimension": req.dimension,
        "page": stage.page,
        "anchor": req.anchor,
    }


def _requirement_line(req: Requirement, templates: Templates) -> str:
    number = req.stage.removeprefix("stage-")
    return f"{req.text} (interview stage {number}: {req.dimension})"


# What every advert carries beyond the pay-transparency elements, and how the check names a gap.
ADVERT_BASICS = {
    "work_arrangement": "the work arrangement (on-site, hybrid or remote)",
    "reporting_line": "who the hire reports to",
}
_PLACEHOLDER = re.compile(r"\[[^\]\n]*\]")
_AMOUNT = r"(\d{1,3}(?:[,.\u202f ]\d{3})+|\d+(?:\.\d+)?)\s*([kK])?"
_RANGE = re.compile(_AMOUNT + r"\s*(?:\u2013|\u2014|-|to)\s*[^\d\n]{0,5}" + _AMOUNT)


def _amount(number: str, k: str | None) -> float:
    value = float(re.sub(r"[,.\u202f ](?=\d{3}\b)", "", number))
    return value * 1000 if k else value


def pay_ranges(text: str) -> list[tuple[float, float]]:
    """Every "low–high" pay range in lines without a placeholder ("$90,000–$110,000", "90k to 110k")."""
    found = []
    for line in text.splitlines():
        if _PLACEHOLDER.search(line):
            continue
        for m in _RANGE.finditer(line):
            low, high = _amount(m.group(1), m.group(2)), _amount(m.group(3), m.group(4) or m.group(2))
            if 1000 <= low < high:
                found.append((low, high))
    return found


def _has(pattern: str, text: str) -> bool:
    """A line without a placeholder matches `pattern` (case-insensitive)."""
    return any(re.search(pattern, line, re.I) and not _PLACEHOLDER.search(line) for line in text.splitlines())


def _section_filled(heading: str, text: str) -> bool:
    """A '## heading' section with at least one line of real text (not a placeholder)."""
    m = re.search(rf"^##\s*{heading}\s*$(.*?)(?=^#|\Z)", text, re.I | re.M | re.S)
    return bool(m) and any(line.strip() and not _PLACEHOLDER.search(line) for line in m.group(1).splitlines())


_ELEMENT_FOUND = {
    "pay_range": lambda t: bool(pay_ranges(t)),
    "benefits": lambda t: _section_filled("benefits", t) or _has(r"\bbenefits\b\W*:\s*\w", t),
    "close_date": lambda t: _has(r"applications?\s+close|apply\s+by|closing\s+date", t) and _has(r"(close|apply by|closing date).*\d", t),
    "good_faith": lambda t: _has(r"good[- ]faith", t),
    "range_width": lambda t: all(high - low <= 50_000 or high > 200_000 for low, high in pay_ranges(t)[:1]),
    "ai_use": lambda t: _has(r"(\bAI\b|artificial intelligence).*\b(screen|assess|select)", t),
    "vacancy_status": lambda t: _has(r"existing vacancy|future vacancy|role we expect to open", t),
    "work_arrangement": lambda t: _has(r"work arrangement\W*:?\W*\s*(on-?site|hybrid|remote|in[- ]office)", t),
    "reporting_line": lambda t: _has(r"reports? to\W*:?\W*\s*\w", t),
}


def check_advert_elements(markdown: str, required: dict[str, list[str]]) -> list[dict]:
    """What the advert lacks of the elements the rules require (element id -> the jurisdictions that
    ask for it) and of the basics every advert carries; [] when it has them all. Works on any text,
    so an advert edited after building is checked the same way."""
    missing = []
    for element, places in {**required, **{k: [] for k in ADVERT_BASICS}}.items():
        if _ELEMENT_FOUND[element](markdown):
            continue
        what = ELEMENTS.get(element) or ADVERT_BASICS[element]
        if len(places) > 4:
            who = f" (required by {len(places)} rules, including {', '.join(places[:3])})"
        else:
            who = f" (required by {'; '.join(places)})" if places else ""
        missing.append({"id": element, "message": f"The advert lacks {what}{who}."})
    return missing


def _place(form: JobForm, location: Location) -> str:
    """'Berlin, Germany', 'Denver, Colorado, US', 'Remote (Germany)': the advert's location line."""
    if location.remote:
        return f"Remote ({form.country})" if form.country else "Remote"
    place = location.place or form.country
    parts = [form.city] if form.city and form.city.lower() not in place.lower() else []
    return ", ".join(filter(None, [*parts, place])) or "[City, country]"


def rules_for(location: Location, transparency: Transparency) -> list[TransparencyRule]:
    """The pay-transparency rules an advert for `location` must satisfy: those the location lists,
    or for a remote job the rules that reach (or may reach) a remote advert."""
    if location.remote:
        return [r for r in transparency.rules
                if r.reaches_remote in ("yes", "office", "unclear") and not r.depends_on_national_law]
    by_id = transparency.by_id()
    return [by_id[rule_id] for rule_id in location.rules]


def build_job_description(
    form: JobForm,
    templates: Templates,
    rules: LintRules,
    market_pay: MarketPay | None,
    reached: list[TransparencyRule],
    today: dt.date,
) -> dict:
    """The advert for `form`, its sections, the hiring manager's notes and the check of it: the
    linter's findings and what the pay-transparency rules in `reached` require that it lacks."""
    role = templates.role(form.role)
    level = templates.level(form.level)
    location = next(loc for loc in templates.locations if loc.id == form.location)
    warnings: list[str] = []
    required = required_elements(reached, today)

    title = f"{level.title_prefix}{role.title}"
    scenario = form.scenario or role.scenario
    if not form.scenario:
        warnings.append("The scenario is the template's example: replace it with one true sentence about your job.")
    elif not re.match(r"(?i)you(?:'ll|\u2019ll| will)\b", scenario):
        warnings.append("Start the scenario with \"You will\": it should describe the job, not the company.")
    if scenario[-1] not in ".!?":
        scenario += "."

    team = []
    if form.ml_engineers is not None:
        team.append(f"{form.ml_engineers} ML engineer{'s' if form.ml_engineers != 1 else ''}")
    if form.models_in_production is not None:
        team.append(f"{form.models_in_production} model{'s' if form.models_in_production != 1 else ''} in production")
    about = [role.lead, role.problem]
    if team:
        sentence = f"{'We have' if not form.company else form.company + ' has'} {_join(team)}"
        if form.deployment_frequency:
            phrase = next(f.phrase for f in templates.frequencies if f.id == form.deployment_frequency)
            sentence += f", and a new model version reaches production {phrase}"
        about.append(sentence + ".")
    elif form.deployment_frequency:
        phrase = next(f.phrase for f in templates.frequencies if f.id == form.deployment_frequency)
        about.append(f"A new model version reaches production {phrase}.")

    must = [*role.must, level.must]
    if form.tools:
        tools_text = f"{_join(list(form.tools))}."
    else:
        tools_text = "[Name the ML tools you run today, for example MLflow, Airflow and Feast.]"
        warnings.append("Name the tools you use: candidates judge the fit by them.")

    place = _place(form, location)
    if "[" in place:
        warnings.append("Type the city and country: the advert must say where the job is.")
    arrangement = "Remote" if location.remote else (
        next((w["phrase"] for w in WORK_ARRANGEMENTS if w["id"] == form.work_arrangement), ""))
    if not arrangement:
        arrangement = "[On-site, hybrid or remote]"
        warnings.append("Say whether the job is on-site, hybrid or remote.")
    reports_to = form.reports_to or "[The role the hire reports to, for example Head of ML Platform]"
    if not form.reports_to:
        warnings.append("Say who the hire reports to.")

    pay_text, pay_note = _pay(form, market_pay, location, warnings)
    pay_paragraphs = [pay_text]
    if "good_faith" in required:
        pay_paragraphs.append("This range is our good-faith estimate of what we expect to pay for the role at hire.")
    benefits = form.benefits or "[Describe the benefits and other pay: health cover, retirement or pension, bonus, equity, holidays.]"
    if not form.benefits:
        warnings.append("Describe the benefits" + (" (required where this job is)." if "benefits" in required else ": candidates compare them."))

    header = [f"**Location:** {place}", f"**Work arrangement:** {arrangement}", f"**Reports to:** {reports_to}"]
    if form.close_date:
        header.append(f"**Applications close:** {form.close_date.isoformat()}")
    elif "close_date" in required:
        header.append("**Applications close:** [the closing date, YYYY-MM-DD]")
        warnings.append("Give the date applications close (required where this job is).")

    applying = []
    if "ai_use" in required or form.ai_screening == "yes":
        choice = next((a for a in AI_SCREENING if a["id"] == form.ai_screening), None)
        applying.append(choice["phrase"] if choice else "[Say whether AI is used to screen, assess or select applicants.]")
    if "vacancy_status" in required:
        choice = next((v for v in VACANCY if v["id"] == form.vacancy), None)
        applying.append(choice["phrase"] if choice else "[Say whether this advert is for an existing vacancy.]")

    sections = [
        {"id": "about", "heading": "About the role", "paragraphs": [" ".join(about)], "items": []},
        {"id": "do", "heading": "What you will do", "paragraphs": [],
         "items": [{"text": d} for d in (*role.duties, level.scope)]},
        {"id": "must", "heading": "What you bring", "paragraphs": [],
         "items": [{"text": r.text, "assessed_by": _assessed_by(r, templates)} for r in must]},
        {"id": "nice", "heading": "Nice to have", "paragraphs": [],
         "items": [{"text": r.text, "assessed_by": _assessed_by(r, templates)} for r in role.nice]},
        {"id": "tools", "heading": "Our tools", "paragraphs": [tools_text], "items": []},
        {"id": "success", "heading": "What success looks like", "paragraphs": [], "items": [],
         "groups": [{"heading": "After 6 months", "items": list(role.six_months)},
                    {"heading": "After 12 months", "items": list(role.twelve_months)}]},
        {"id": "pay", "heading": "Pay", "paragraphs": pay_paragraphs, "items": []},
        {"id": "benefits", "heading": "Benefits", "paragraphs": [benefits], "items": []},
        {"id": "interview", "heading": "How we interview", "paragraphs": [
            f"{_count(len(templates.interview))} steps over {templates.interview_span}; beside each requirement "
            "above is the stage that tests it:"],
         "items": [{"text": step} for step in templates.interview], "ordered": True},
    ]
    if applying:
        sections.append({"id": "applying", "heading": "About this advert", "paragraphs": applying, "items": []})

    lines = [f"# {title}", "", *[line + "  " for line in header[:-1]], header[-1], "", scenario, ""]
    for section in sections:
        lines += [f"## {section['heading']}", ""]
        for paragraph in section["paragraphs"]:
            lines += [paragraph, ""]
        for i, item in enumerate(section["items"], start=1):
            text = item["text"]
            if "assessed_by" in item:
                req = next(r for r in (*must, *role.nice) if r.text == text)
                text = _requirement_line(req, templates)
            lines.append(f"{i}. {text}" if section.get("ordered") else f"- {text}")
        for group in section.get("groups", []):
            lines += [f"**{group['heading']}**", ""]
            lines += [f"- {item}" for item in group["items"]]
            lines.append("")
        if section["items"]:
            lines.append("")
    markdown = "\n".join(lines).rstrip() + "\n"

    notes = [pay_note] if pay_note else []
    if location.note:
        notes.append(location.note)
    upcoming = [r for r in reached if not r.in_force(today)]
    for rule in upcoming:
        notes.append(f"{rule.jurisdiction}: {rule.status(today)}. From then the advert must carry "
                     + "; ".join(ELEMENTS[e] for e in rule.advert_must) + ".")
    check = lint_job_description(markdown, rules)
    missing = check_advert_elements(markdown, required)
    file_place = form.city or (form.country if not location.place or location.remote else "") or location.place or location.label
    return {
        "title": title,
        "location": place,
        "header": [{"label": line.split(":**", 1)[0].lstrip("*"), "value": line.split(":**", 1)[1].strip()} for line in header],
        "scenario": scenario,
        "sections": sections,
        "markdown": markdown,
        "filename": f"{_slug(title)}-{_slug(file_place) or 'advert'}.md",
        "notes": notes,
        "rules": [r.as_json(today) for r in reached],
        "required": [{"id": e, "text": ELEMENTS[e], "jurisdictions": places} for e, places in required.items()],
        "warnings": warnings,
        "check": {
            "problems": [f["title"] for f in check["findings"] if f["severity"] == "problem"],
            "warnings": [f["title"] for f in check["findings"] if f["severity"] == "warning"],
            "missing": [m["message"] for m in missing],
            "passes": not missing and not any(f["severity"] == "problem" for f in check["findings"]),
        },
    }


def _pay(form: JobForm, market: MarketPay | None, location: Location, warnings: list[str]) -> tuple[str, str]:
    """The advert's pay line and the hiring manager's note about market figures."""
    symbol = market.symbol if market else location.currency
    note = ""
    if market:
        plus = " or more" if market.open_ended else ""
        note = (f"Market range for this level: {money(market.low, market.symbol)}–{money(market.high, market.symbol)}{plus} "
                f"({market.measure}; {market.source}, {market.as_of}). Set your band from your own pay structure.")
    if form.pay_low is not None and form.pay_high is not None:
        code = f" {location.currency_code}" if location.currency_code and not market else ""
        return f"{money(form.pay_low, symbol)}–{money(form.pay_high, symbol)}{code} {form.pay_basis}.", note
    if market:
        warnings.append("The pay line shows the market range from our sources: replace it with the band you will really pay.")
        return (f"{money(market.low, market.symbol)}–{money(market.high, market.symbol)} {market.measure.lower()} "
                "[market range for the level: replace with your band]."), note
    warnings.append("Add the pay band: our sources have no figures for this location, and the law there may require a range.")
    return "[Add the pay band you will really pay, for example 70,000–90,000 base salary.]", note


def market_pay(level: str, market_id: str) -> MarketPay | None:
    """The market range our pay sources give for a level and market, in whole units; None if none."""
    from ..pay import load_compensation

    comp = load_compensation()
    market = next((m for m in comp.markets if m.id == market_id), None)
    pay = next(lv for lv in comp.levels if lv.id == level).pay.get(market_id) if market else None
    if market is None or pay is None:
        return None
    source = comp.source(pay.source)
    return MarketPay(pay.low * 1000, pay.high * 1000, market.symbol, market.measure, pay.open_ended, source.name, source.as_of)


def build_from_form(raw_form: dict, today: dt.date) -> dict:
    """`build_job_description` for a filled form, with the site's templates, rules, pay figures and
    pay-transparency rules (in force or not as of `today`)."""
    templates = default_templates()
    job = read_form(raw_form, templates)
    location = next(loc for loc in templates.locations if loc.id == job.location)
    reached = rules_for(location, default_transparency())
    return build_job_description(job, templates, default_rules(), market_pay(job.level, location.market), reached, today)
